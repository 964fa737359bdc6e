"""Public cases for the `check(...)` cells of the gradient-checking notebook.

`build_cases()` runs when the instructor generates the release: the generator stores the
inputs with the reference's outputs in public_data.json. This file ships to students.

A checker's value for right gradients is round-off (about 1e-9), where correct checkers
differ by 10%: those cases are judged by a property (one number, between 0 and 1e-7), not
by equality. For wrong gradients, with epsilon = 0.01, the value is compared with the
reference's, and a known mistake's value is named.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from gc_utils import example_network

OUTPUT_NAMES: dict[str, str] = {
    "forward_propagation": "J",
    "backward_propagation": "dtheta",
    "gradient_check": "difference",
    "gradient_check_n": "difference",
    "backward_propagation_n": "gradients",
}
# The graded functions a checker's result depends on, in the notebook.
USES: dict[str, list[str]] = {
    "gradient_check": ["forward_propagation", "backward_propagation"],
}
ROUND_OFF = 1e-7


def _case(label: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
    return {"label": label, "args": list(args), "kwargs": kwargs}


def build_cases(reference: Any) -> dict[str, list[dict[str, Any]]]:
    """The public cases per function; `reference` gives the right gradients."""
    X, Y, parameters = example_network(seed=2024, m=4)
    _, cache = reference.forward_propagation_n(X, Y, parameters)
    right = reference.backward_propagation_n(X, Y, cache)
    gradients = {key: right[key] for key in ("dW1", "db1", "dW2", "db2", "dW3", "db3")}
    given_mistakes = dict(gradients, dW2=gradients["dW2"] * 2, db1=gradients["db1"] * 4)
    flipped = dict(gradients, dW3=-gradients["dW3"], db3=-gradients["db3"])
    round_off = {"property": "round_off", "misconceptions": ["GC-HALVED-TWICE"]}
    cases = {
        "forward_propagation": [_case("x = 2, theta = 4", 2.0, 4.0),
                                _case("x = -1.5, theta = 3", -1.5, 3.0)],
        "backward_propagation": [_case("x = 2, theta = 4", 2.0, 4.0),
                                 _case("x = -1.5, theta = 3", -1.5, 3.0)],
        "gradient_check": [{**_case("x = 3, theta = 4", 3.0, 4.0), **round_off},
                           {**_case("x = -2, theta = 0.5, epsilon = 0.01", -2.0, 0.5,
                                    epsilon=0.01), **round_off}],
        # Wrong gradients first: their values tell the mistakes apart.
        "gradient_check_n": [
            _case("the given code's two mistakes, epsilon = 0.01", parameters, given_mistakes,
                  X, Y, epsilon=0.01),
            _case("dW3 and db3 of the wrong sign", parameters, flipped, X, Y),
            {**_case("right gradients", parameters, gradients, X, Y), **round_off},
        ],
        "backward_propagation_n": [_case("the notebook's network, m = 4", X, Y, cache)],
    }
    for name, function_cases in cases.items():
        for case in function_cases:
            case["output"] = OUTPUT_NAMES[name]
            if name in USES:
                case["uses"] = USES[name]
    return cases


def round_off(result: Any, *args: Any, **kwargs: Any) -> str | None:
    """For right gradients: one number, and round-off (between 0 and 1e-7)."""
    if isinstance(result, bool) or np.size(result) != 1:
        return "expected one number, the relative difference (a norm is a single number)"
    try:
        value = float(np.asarray(result, dtype=np.float64).reshape(-1)[0])
    except (TypeError, ValueError):
        return "expected one number, the relative difference"
    if 0 <= value < ROUND_OFF:
        return None
    if abs(value - 1 / 3) < 1e-6:   # ||g - g/2|| / (||g|| + ||g/2||)
        return (f"for right gradients the difference should be round-off; it is {value:.3g}: "
                "your estimate is half the gradient", "GC-HALVED-TWICE")
    return (f"for right gradients the difference should be round-off, between 0 and 1e-07; "
            f"it is {value:.3g} (if the functions it checks pass their own checks, look at "
            "the two-sided difference and at formula (2))")
