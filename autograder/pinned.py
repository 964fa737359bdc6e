"""Run a computation whose floating-point results must be the same on every x86-64 machine.

The committed student release stores the reference's outputs (public_data.json), and a test
proves the committed files equal a fresh generation byte for byte. Three things make the last
digits of the same numpy code depend on the machine it runs on:

- OpenBLAS picks a matrix-product kernel for the CPU (Haswell's uses FMA, Prescott's does
  not): `A @ B` differs in the last bits between them;
- numpy dispatches its own loops (tanh, ...) to the widest SIMD extension found (AVX2,
  AVX-512), each rounding a little differently;
- glibc's libm picks FMA variants of exp, log, pow... where the CPU has FMA.

A pinned process turns all three down to the baseline every x86-64 CPU supports, so the same
code on the same library versions gives the same bits everywhere (measured: `A @ B` on
50x60 by 60x70 matrices gave four different results under four OPENBLAS_CORETYPE values;
pinned, one). The settings only take effect when the libraries load, hence a new process.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from collections.abc import Sequence

__all__ = ["PinnedProcessError", "pinned_environment", "run_pinned"]

# OpenBLAS's SSE3 kernels: the oldest x86-64 target its dynamic builds carry.
BASELINE_BLAS_CORE = "Prescott"
# glibc's names for the CPU features its ifunc variants choose by.
GLIBC_FEATURES_OFF = ("AVX", "AVX2", "FMA", "FMA4", "AVX512F", "AVX512DQ", "AVX512BW",
                      "AVX512VL", "AVX512CD", "AVX512ER", "AVX512PF")
# numpy's dispatch targets above its x86-64 baseline (numpy 2.x names, then 1.x names);
# names a numpy build does not know are ignored by it.
NUMPY_FEATURES_OFF = ("X86_V3", "X86_V4", "AVX512_ICL", "AVX512_SPR", "AVX", "F16C", "FMA3",
                      "AVX2", "AVX512F", "AVX512CD", "AVX512_KNL", "AVX512_KNM",
                      "AVX512_SKX", "AVX512_CLX", "AVX512_CNL", "AVX512_ICL")


class PinnedProcessError(RuntimeError):
    """The pinned process failed; the message holds the end of its error output."""


def _numpy_dispatch_targets() -> tuple[str, ...]:
    """The SIMD targets this numpy build can dispatch to (all are turned off)."""
    for name in ("numpy._core._multiarray_umath", "numpy.core._multiarray_umath"):
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        return tuple(str(target) for target in getattr(module, "__cpu_dispatch__", []))
    return ()


def pinned_environment(base: dict[str, str] | None = None) -> dict[str, str]:
    """`base` (default: this process's environment) with the three choices pinned."""
    environment = dict(os.environ if base is None else base)
    numpy_off = dict.fromkeys((*NUMPY_FEATURES_OFF, *_numpy_dispatch_targets()))
    environment.update({
        "OPENBLAS_CORETYPE": BASELINE_BLAS_CORE,
        "OPENBLAS_NUM_THREADS": "1",
        "NPY_DISABLE_CPU_FEATURES": " ".join(numpy_off),
        "GLIBC_TUNABLES": "glibc.cpu.hwcaps=" + ",".join(f"-{f}" for f in GLIBC_FEATURES_OFF),
    })
    return environment


def run_pinned(module: str, arguments: Sequence[str], *, timeout_s: float = 600.0) -> str:
    """`python -m module arguments...` in a pinned process; its standard output."""
    try:
        finished = subprocess.run(
            [sys.executable, "-m", module, *arguments], env=pinned_environment(),
            capture_output=True, text=True, timeout=timeout_s, check=False,
        )
    except subprocess.TimeoutExpired as error:
        raise PinnedProcessError(f"{module} did not finish within {timeout_s:g} s") from error
    if finished.returncode != 0:
        raise PinnedProcessError(finished.stderr.strip()[-3000:] or
                                 f"{module} exited with status {finished.returncode}")
    return finished.stdout
