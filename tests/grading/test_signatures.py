"""Calls adapted to the signatures courses wrote (grading.signatures)."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from autograder.grading.signatures import Parameters, Signature, SignatureMismatch, adapt_call

BACKWARD = Signature(("parameters", "cache", "X", "Y", "hidden_activation"),
                     defaults={"hidden_activation": "tanh"})
COST = Signature(("A2", "Y"), earlier=(("A2", "Y", "parameters"),), fill={"parameters": {}})


def _parameters(function: Callable[..., Any]) -> Parameters:
    """What the sandbox reports of a function, built the same way here."""
    kinds = inspect.Parameter
    params = list(inspect.signature(function).parameters.values())
    names = [p.name for p in params if p.kind in (kinds.POSITIONAL_ONLY,
                                                  kinds.POSITIONAL_OR_KEYWORD)]
    required = sum(1 for p in params if p.name in names and p.default is kinds.empty)
    parsed = Parameters.from_plain([
        names, required, any(p.kind is kinds.VAR_POSITIONAL for p in params),
        [p.name for p in params if p.kind is kinds.KEYWORD_ONLY],
        any(p.kind is kinds.VAR_KEYWORD for p in params)])
    assert parsed is not None
    return parsed


def _call(function: Callable[..., Any], signature: Signature, *args: Any, **kwargs: Any) -> Any:
    adapted_args, adapted_kwargs = adapt_call(function.__name__, signature,
                                              _parameters(function), args, kwargs)
    return function(*adapted_args, **adapted_kwargs)


def backward_propagation(parameters, cache, X, Y):  # type: ignore[no-untyped-def]
    return "the course's form"


def compute_cost(A, Y, parameters):  # type: ignore[no-untyped-def]
    return ("2020's form", parameters)


def test_a_call_that_fits_is_left_alone() -> None:
    def current(parameters, cache, X, Y, hidden_activation="tanh"):  # type: ignore[no-untyped-def]
        return hidden_activation
    assert _call(current, BACKWARD, {}, {}, 1, 2, "relu") == "relu"
    assert _call(current, BACKWARD, {}, {}, 1, 2, hidden_activation="relu") == "relu"


def test_an_optional_argument_at_its_default_is_left_out() -> None:
    assert _call(backward_propagation, BACKWARD, {}, {}, 1, 2, "tanh") == "the course's form"
    assert _call(backward_propagation, BACKWARD, {}, {}, 1, 2,
                 hidden_activation="tanh") == "the course's form"


def test_an_optional_argument_the_test_needs_fails_with_a_message() -> None:
    with pytest.raises(SignatureMismatch) as raised:
        _call(backward_propagation, BACKWARD, {}, {}, 1, 2, "relu")
    assert str(raised.value) == ("your backward_propagation has no hidden_activation "
                                 "parameter, so it cannot be graded with 'relu'")


def test_an_earlier_form_gets_the_argument_the_assignment_fills() -> None:
    A2 = np.ones((1, 3))
    assert _call(compute_cost, COST, A2, A2) == ("2020's form", {})


def test_a_function_of_no_known_form_says_how_it_is_called() -> None:
    def compute_cost(A2):  # type: ignore[no-untyped-def]
        return 0.0
    with pytest.raises(SignatureMismatch) as raised:
        _call(compute_cost, COST, 1, 2)
    assert str(raised.value) == ("your compute_cost takes 1 argument (A2); it is called as "
                                 "compute_cost(A2, Y) or (A2, Y, parameters)")


def test_an_undeclared_function_or_unknown_parameters_pass_unchanged() -> None:
    assert adapt_call("f", COST, None, (1, 2, 3), {}) == ((1, 2, 3), {})
    assert Parameters.from_plain("forged") is None
    assert Parameters.from_plain([["a"], 5, False, [], False]) is None
