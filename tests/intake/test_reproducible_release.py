"""`autograder generate` writes the same bytes whatever the CPU and its BLAS kernels.

The committed release must equal a fresh generation on any machine (CI runs elsewhere), yet
the same numpy code gives different last digits under different OpenBLAS kernels, numpy SIMD
targets and libm variants. Here one machine plays several: OPENBLAS_CORETYPE chooses the
kernel a dynamic OpenBLAS build would pick on another CPU (each core type this CPU can run),
and numpy's and glibc's dispatch are turned down as an older CPU would have them.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.assignment import Assignment

# The OpenBLAS kernels to try, each with the CPU flag it needs as /proc/cpuinfo names it
# (Linux calls SSE3 "pni", Prescott New Instructions).
CORE_TYPES = {"Prescott": "pni", "Nehalem": "sse4_2", "Sandybridge": "avx",
              "Haswell": "avx2", "SkylakeX": "avx512f"}


def _cpu_flags() -> set[str]:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return set()
    return {flag for line in text.splitlines() if line.startswith("flags")
            for flag in line.split(":", 1)[1].split()}


def _runnable_core_types() -> list[str]:
    flags = _cpu_flags()
    return [core for core, flag in CORE_TYPES.items() if flag in flags]


def _machines() -> list[dict[str, str]]:
    """Environments standing in for other machines: each runnable OpenBLAS kernel, and
    one with numpy's and glibc's SIMD dispatch turned down besides."""
    machines = [{"OPENBLAS_CORETYPE": core} for core in _runnable_core_types()]
    machines.append({"OPENBLAS_CORETYPE": machines[0]["OPENBLAS_CORETYPE"],
                     "NPY_DISABLE_CPU_FEATURES": "X86_V3 X86_V4 AVX2 FMA3 AVX512F",
                     "GLIBC_TUNABLES": "glibc.cpu.hwcaps=-AVX2,-FMA"})
    return machines


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _environment(extra: dict[str, str]) -> dict[str, str]:
    keep = {key: value for key, value in os.environ.items()
            if key not in ("OPENBLAS_CORETYPE", "NPY_DISABLE_CPU_FEATURES", "GLIBC_TUNABLES")}
    return {**keep, **extra}


def _unpinned_full_precision(assignment: Assignment, extra: dict[str, str]) -> str:
    """The public data as generation would compute it without pinning or rounding."""
    code = ("import sys, autograder.public.data as data\n"
            "from autograder.assignment import Assignment\n"
            "data.SIGNIFICANT_DIGITS = 17\n"
            "sys.stdout.write(data.public_data_json(Assignment.find(sys.argv[1], "
            "__import__('pathlib').Path(sys.argv[2]))))\n")
    run = subprocess.run([sys.executable, "-c", code, assignment.name, str(assignment.root)],
                         env=_environment(extra), capture_output=True, text=True, check=True)
    return hashlib.sha256(run.stdout.encode()).hexdigest()


def _computes_outputs(assignment: Assignment) -> bool:
    """True if some public case stores the reference's output (not a property check)."""
    data = json.loads((assignment.release_dir / "public_data.json").read_text())
    return any("expected" in case for cases in data.values() for case in cases)


@pytest.mark.skipif(len(_runnable_core_types()) < 2, reason="needs an x86-64 CPU with SSE4.2")
def test_generation_gives_the_same_bytes_under_every_kernel(
    assignment: Assignment, tmp_path: Path
) -> None:
    machines = _machines()
    # The settings matter: computed plainly, the same public data differs between them.
    # (Only where the reference computes public outputs: an assignment whose public cases
    # are all property checks, such as initialization, stores inputs only.)
    if _computes_outputs(assignment):
        plain = {_unpinned_full_precision(assignment, machine) for machine in machines}
        assert len(plain) > 1, "these settings changed no digit: the test would prove nothing"
    digests = {}
    for number, machine in enumerate(machines):
        out = tmp_path / f"machine{number}" / assignment.name
        subprocess.run([sys.executable, "-m", "autograder", "--root", str(assignment.root),
                        "generate", assignment.name, "--out", str(out)],
                       env=_environment(machine), check=True, capture_output=True)
        digests[str(machine)] = {path.name: _digest(path) for path in sorted(out.iterdir())}
    committed = {path.name: _digest(path) for path in sorted(assignment.release_dir.iterdir())}
    for machine, files in digests.items():
        assert files == committed, f"generated under {machine}, the release differs"
