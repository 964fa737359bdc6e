"""Public checks: quick local tests a student runs with `check("forward_propagation")`.

This file is copied verbatim into every student release as `public_checks.py`, so it may
import only the standard library and numpy. Beside it the release holds:

- `public_compare.py`: the same comparison code the hidden suite uses (messages match);
- `public_cases.py`: the instructor's public cases and property checks;
- `public_data.json`: the public inputs and the reference's outputs on them, and the
  outputs of known mistakes on the same inputs (with their misconception ids and hints).

When a wrong result equals a known mistake's output, the message names the mistake and
gives its hint, as the grader's feedback does. It never holds hidden inputs or hidden
test code: those stay with the instructor.

In an nbgrader course each check cell is a 0-point test cell, and nbgrader's Validate
counts such a cell as failed only when it writes to stderr or raises; so while Validate
runs (it sets NBGRADER_VALIDATING) a failure is printed on stderr, and the student's
Validate button lists every failing check with its message.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import os
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["check", "decode", "encode"]

HERE = Path(__file__).resolve().parent
DATA_FILE = "public_data.json"


def encode(value: Any) -> Any:
    """Plain data to JSON-ready data; arrays and tuples are tagged so they come back as such."""
    if isinstance(value, np.ndarray):
        return {"__ndarray__": value.tolist(), "dtype": str(value.dtype),
                "shape": list(value.shape)}
    if isinstance(value, tuple):
        return {"__tuple__": [encode(item) for item in value]}
    if isinstance(value, list):
        return [encode(item) for item in value]
    if isinstance(value, dict):
        return {str(key): encode(item) for key, item in value.items()}
    if isinstance(value, np.generic):
        return value.item()
    return value


def decode(value: Any) -> Any:
    """The inverse of `encode`."""
    if isinstance(value, dict):
        if "__ndarray__" in value:
            array = np.array(value["__ndarray__"], dtype=value["dtype"])
            return array.reshape(value["shape"])
        if "__tuple__" in value:
            return tuple(decode(item) for item in value["__tuple__"])
        return {key: decode(item) for key, item in value.items()}
    if isinstance(value, list):
        return [decode(item) for item in value]
    return value


def _load_sibling(module_name: str) -> types.ModuleType:
    """Import a module that sits beside this file, wherever the notebook was started from."""
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, HERE / f"{module_name}.py")
    if spec is None or spec.loader is None:
        raise ImportError(f"{module_name}.py is missing beside public_checks.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


def _cases() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((HERE / DATA_FILE).read_text(encoding="utf-8"))
    return data


def _describe_call(name: str, case: dict[str, Any]) -> str:
    return f"{name} ({case['label']})" if case.get("label") else name


def _run_case(
    name: str, function: Callable[..., Any], case: dict[str, Any], compare: Callable[..., Any],
    scope: dict[str, Any] | None = None,
) -> str | None:
    """Run one case; None when it passes, else the message for the student."""
    args = decode(case.get("args", []))
    kwargs = decode(case.get("kwargs", {}))
    try:
        got = function(*copy.deepcopy(args), **copy.deepcopy(kwargs))
    except NotImplementedError:
        return f"{name} is not implemented yet (it raises NotImplementedError)"
    except Exception as error:  # the student's code may raise anything
        return f"{_describe_call(name, case)} raised {type(error).__name__}: {error}"
    if "property" in case:
        cases_module = _load_sibling("public_cases")
        prop: Callable[..., str | tuple[str, str] | None] = getattr(cases_module, case["property"])
        verdict = prop(got, *args, **kwargs)
        if isinstance(verdict, tuple):   # (message, misconception id)
            message, item = verdict
            return message + _hint_suffix([(item, case.get("hints", {}).get(item, ""))])
        return verdict
    problem = _compare_output(case.get("output", "the result"), got, decode(case["expected"]),
                              compare)
    if not problem:
        return None
    message = f"{_describe_call(name, case)}: {problem}"
    helper = _failing_helper(case, scope or {}, compare)
    if helper:   # the mistake may be the helper's: name no misconception of this function
        return f"{message}; your {helper} fails its own public checks: fix it first"
    return message + _hint_suffix(_known_mistakes(got, case.get("variants", []), compare))


def _failing_helper(case: dict[str, Any], scope: dict[str, Any],
                    compare: Callable[..., Any]) -> str | None:
    """The first graded function this one uses (case["uses"]) that fails its own cases."""
    data = _cases()
    for helper in case.get("uses", []):
        function = scope.get(helper)
        if not callable(function):
            continue
        for helper_case in data.get(helper, []):
            if _run_case(helper, function, {**helper_case, "uses": []}, compare):
                return str(helper)
    return None


def _part(got: Any, part: int | str | None) -> Any:
    """The item of a tuple result or the entry of a dict that a variant is about."""
    if part is None:
        return got
    if isinstance(part, int):
        return got[part] if isinstance(got, tuple | list) and len(got) > part else None
    return got.get(part) if isinstance(got, dict) else None


def _known_mistakes(got: Any, variants: list[dict[str, Any]], compare: Callable[..., Any]
                    ) -> list[tuple[str, str]]:
    """(id, hint) of each known mistake whose output `got` equals (or whose wrong shape it
    has), as the grader matches them: values within a relative 1e-5."""
    found: dict[str, str] = {}
    for variant in variants:
        value = _part(got, variant.get("part"))
        if "shape" in variant:
            matches = (isinstance(value, np.ndarray | int | float)
                       and list(np.shape(value)) == variant["shape"])
        elif "ordered_by" in variant:
            matches = _follows_order(value, decode(variant["ordered_by"]))
        else:
            matches = compare("result", value, decode(variant["value"]), rtol=1e-5) is None
        if matches:
            found.setdefault(variant["id"], variant.get("hint", ""))
    return list(found.items())


def _follows_order(got: Any, outputs: np.ndarray) -> bool:
    """0/1 predictions that follow the outputs' order (every 1 above every 0): a cut at
    another value than the right one. The grader's suite applies the same rule."""
    if not isinstance(got, np.ndarray) or got.shape != outputs.shape:
        return False
    predicted = got.astype(np.float64)
    if np.any((predicted != 0) & (predicted != 1)):
        return False
    above, below = outputs[predicted == 1], outputs[predicted == 0]
    return above.size == 0 or below.size == 0 or bool(above.min() > below.max())


def _hint_suffix(found: list[tuple[str, str]]) -> str:
    """" — ID: hint" for each mistake, worded as in the grader's feedback."""
    return "".join(f" — {item}: {hint}" if hint else f" — {item}" for item, hint in found)


def _compare_output(
    output: str | list[str], got: Any, expected: Any, compare: Callable[..., str | None]
) -> str | None:
    """Compare with `compare`, naming each item of a tuple result (`A2, cache`) by its name."""
    if isinstance(output, str):
        return compare(output, got, expected)
    if not isinstance(got, tuple | list) or len(got) != len(output):
        return f"expected {len(output)} values ({', '.join(output)}), got {type(got).__name__}"
    for item_name, item, item_expected in zip(output, got, expected, strict=True):
        problem = compare(item_name, item, item_expected)
        if problem:
            return problem
    return None


def _failure(text: str) -> None:
    """Print a failed check: on stderr while nbgrader's Validate runs, so that it counts."""
    validating = bool(os.environ.get("NBGRADER_VALIDATING"))
    print(text, file=sys.stderr if validating else sys.stdout)


def check(name: str, namespace: dict[str, Any] | None = None) -> None:
    """Run the public cases of one graded function and print a pass or the first failure."""
    scope = namespace if namespace is not None else sys._getframe(1).f_globals
    cases = _cases().get(name)
    if cases is None:
        print(f"There are no public checks for {name!r}.")
        return
    function = scope.get(name)
    if not callable(function):
        _failure(f"✗ {name} is not defined: run the cell that defines it first.")
        return
    compare = _load_sibling("public_compare").compare
    started = time.perf_counter()
    for case in cases:
        problem = _run_case(name, function, case, compare, scope)
        if problem:
            _failure(f"✗ {problem}")
            return
    took = time.perf_counter() - started
    print(
        f"✓ {name}: all {len(cases)} public checks passed ({took:.2f} s). "
        "The hidden tests try more inputs."
    )
