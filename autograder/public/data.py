"""The data behind the students' public checks: public inputs, the reference's outputs on
them, and the outputs of known mistakes (public_data.json).

`autograder generate` runs this module in a pinned process (`autograder.pinned`), so the
numbers it stores are the same bits on every x86-64 machine, and the committed release can
be proven equal to a fresh one anywhere. Floats are also stored rounded to
`SIGNIFICANT_DIGITS` significant digits, inputs before the reference runs on them (so the
stored outputs are exactly what the stored inputs give): shorter files, and far less
sensitive to a library upgrade than full-precision digits. Comparisons in the public checks
use tolerances of 1e-6 and more, which 12 digits leave untouched.

Usage (what generation runs): `python -m autograder.public.data ROOT NAME` prints the JSON.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from autograder.assignment import Assignment, AssignmentNotFound
from autograder.catalog import CatalogError
from autograder.checks.compare import compare
from autograder.grading.plain_data import to_plain_data
from autograder.public.runtime import encode
from autograder.reference import ReferenceLoadError, load_reference

__all__ = ["SIGNIFICANT_DIGITS", "PublicCasesError", "public_data", "rounded"]

SIGNIFICANT_DIGITS = 12


class PublicCasesError(RuntimeError):
    """public_cases.py is missing or does not build cases the reference can run."""


def rounded(value: Any) -> Any:
    """Plain data with every float rounded to `SIGNIFICANT_DIGITS` significant digits
    (decimal rounding through the shortest repr: the same on every machine)."""
    if isinstance(value, np.ndarray) and value.dtype.kind == "f":
        flat = [float(f"{x:.{SIGNIFICANT_DIGITS}g}") for x in value.ravel().tolist()]
        return np.array(flat, dtype=value.dtype).reshape(value.shape)
    if isinstance(value, float):
        return float(f"{value:.{SIGNIFICANT_DIGITS}g}")
    if isinstance(value, dict):
        return {key: rounded(item) for key, item in value.items()}
    if isinstance(value, list):
        return [rounded(item) for item in value]
    if isinstance(value, tuple):
        return tuple(rounded(item) for item in value)
    return value


def _load_public_cases(assignment: Assignment) -> Any:
    path = assignment.public_cases
    if not path.is_file():
        raise PublicCasesError(f"{path} is missing: it defines the students' public checks")
    namespace: dict[str, Any] = {"__name__": "public_cases", "__file__": str(path)}
    exec(compile(path.read_text(encoding="utf-8"), str(path), "exec"), namespace)
    if not callable(namespace.get("build_cases")):
        raise PublicCasesError(f"{path} defines no build_cases(reference) function")
    return namespace["build_cases"]


Variants = Callable[[str, list[Any], dict[str, Any], Any], list[dict[str, Any]]]


def _load_variants(assignment: Assignment) -> Variants | None:
    """hidden_tests/variants.py's `public_variants`, if the suite has one (trusted code)."""
    path = assignment.variants_module
    if not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location(f"{assignment.name}_variants", path)
    if spec is None or spec.loader is None:
        raise PublicCasesError(f"{path} cannot be imported")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    function = getattr(module, "public_variants", None)
    if not callable(function):
        raise PublicCasesError(f"{path} defines no public_variants(function, args, kwargs, "
                               "reference)")
    variants: Variants = function
    return variants


def _wrong_outputs(variants: Variants, name: str, args: list[Any], kwargs: dict[str, Any],
                   expected: Any, reference: Any, hints: Mapping[str, str],
                   ) -> list[dict[str, Any]]:
    """The case's known wrong outputs, each with its id and hint; those equal to the right
    output are dropped (they cannot tell a mistake apart on these inputs)."""
    np.random.seed(0)
    args, kwargs = copy.deepcopy((args, kwargs))
    entries = []
    for variant in variants(name, args, kwargs, reference):
        entry = {"id": variant["id"], "hint": hints.get(variant["id"], "")}
        if "part" in variant:
            entry["part"] = variant["part"]
        if "shape" in variant:
            entry["shape"] = list(variant["shape"])
        elif "ordered_by" in variant:   # a rule on the outputs (see public_checks.py)
            entry["ordered_by"] = encode(rounded(to_plain_data(variant["ordered_by"])))
        else:
            value = rounded(to_plain_data(variant["value"]))
            right = expected
            if "part" in variant:
                part = variant["part"]
                right = expected[part] if isinstance(part, int) else expected.get(part)
            if compare("", value, right) is None:
                continue
            entry["value"] = encode(value)
        entries.append(entry)
    return entries


def public_data(assignment: Assignment) -> dict[str, Any]:
    """Public inputs per function with the reference's outputs (property cases keep none),
    and the known wrong outputs on them where the suite defines variants.

    Call it in a pinned process (`autograder.pinned`) for bits that do not depend on the
    machine; `autograder generate` does."""
    reference = load_reference(assignment)
    hints = assignment.catalog.hints
    cases = _load_public_cases(assignment)(reference)
    variants = _load_variants(assignment)
    data: dict[str, Any] = {}
    for name, function_cases in cases.items():
        function = getattr(reference, name, None)
        if function is None:
            raise PublicCasesError(f"public case for {name!r}, which the reference lacks")
        encoded = []
        for case in function_cases:
            entry = {key: value for key, value in case.items() if key not in ("args", "kwargs")}
            args = rounded(to_plain_data(case.get("args", [])))
            kwargs = rounded(to_plain_data(case.get("kwargs", {})))
            entry["args"] = encode(args)
            entry["kwargs"] = encode(kwargs)
            if "property" not in case:
                np.random.seed(0)
                call_args, call_kwargs = copy.deepcopy((args, kwargs))
                expected = rounded(to_plain_data(function(*call_args, **call_kwargs)))
                entry["expected"] = encode(expected)
                if variants is not None:
                    entry["variants"] = _wrong_outputs(variants, name, args, kwargs, expected,
                                                       reference, hints)
            elif case.get("misconceptions"):
                # A property check may name these ids: the runtime needs their hints.
                entry["hints"] = {item: hints.get(item, "") for item in case["misconceptions"]}
            encoded.append(entry)
        data[name] = encoded
    return data


def public_data_json(assignment: Assignment) -> str:
    """public_data.json's text: sorted keys, one value per line (diffs stay readable)."""
    return json.dumps(public_data(assignment), indent=1, sort_keys=True) + "\n"


def main(argv: list[str]) -> int:
    root, name = Path(argv[0]), argv[1]
    try:
        text = public_data_json(Assignment.find(name, root))
    except (PublicCasesError, ReferenceLoadError, AssignmentNotFound, CatalogError) as error:
        print(str(error), file=sys.stderr)
        return 2
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
