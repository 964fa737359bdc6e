"""The known wrong answers of the one-hidden-layer exercises: one source for every diagnosis.

Each builder computes, from the reference (or from independent formulas) on given inputs,
what a function returns when a student makes one of the catalog's mistakes, as
(misconception id, wrong output) pairs. A result "matches" a misconception when it equals
such a wrong output. Two users:

- the hidden suite (through the `problems` fixture), which names the misconception in a
  failing test's message;
- `autograder generate`, which calls `public_variants` on each public case and stores the
  wrong outputs in the release's public_data.json, so that a student's `check(...)` names
  the same misconception before they submit.

Instructor-only: it lives beside the hidden tests and never ships (only numbers computed
with it do).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

Params = dict[str, np.ndarray]
Variant = tuple[str, Any]

ACTIVATIONS = ("tanh", "sigmoid", "relu", "leaky_relu")
DEFAULT_LEARNING_RATE = 1.2
GRADIENT_KEYS = ("dW1", "db1", "dW2", "db2")


def g(Z: np.ndarray, name: str) -> np.ndarray:
    """The hidden activations, written independently of the reference."""
    if name == "sigmoid":
        return 1 / (1 + np.exp(-Z))
    if name == "tanh":
        return np.tanh(Z)
    if name == "relu":
        return np.maximum(0, Z)
    return np.where(Z > 0, Z, 0.01 * Z)


def _others(name: str) -> list[str]:
    # leaky relu without its slope is relu: that is ACT-LEAKY-SLOPE, not a dispatch error.
    return [other for other in ACTIVATIONS
            if other != name and {name, other} != {"relu", "leaky_relu"}]


# ---- activations -------------------------------------------------------------------------

def activation(Z: np.ndarray, name: str, reference: Any) -> list[Variant]:
    """activation_forward(Z, name)."""
    variants: list[Variant] = []
    if name == "leaky_relu":
        variants.append(("ACT-LEAKY-SLOPE", np.maximum(0, Z)))
    variants += [("ACT-WRONG-DISPATCH", reference.activation_forward(Z, other))
                 for other in _others(name)]
    return variants


def derivative(Z: np.ndarray, name: str, reference: Any) -> list[Variant]:
    """activation_derivative(Z, name)."""
    s = 1 / (1 + np.exp(-Z))
    variants: list[Variant] = []
    if name == "sigmoid":
        variants += [("ACT-SIGMOID-DERIV", s), ("ACT-SIGMOID-DERIV", Z * (1 - Z))]
    if name == "tanh":
        variants += [("ACT-TANH-DERIV-Z", 1 - Z ** 2), ("ACT-TANH-DERIV-NOSQUARE", 1 - np.tanh(Z))]
    if name == "relu":
        variants += [("ACT-RELU-DERIV-VALUE", np.maximum(0, Z)), ("ACT-RELU-DERIV-VALUE", Z)]
    if name == "leaky_relu":
        variants += [("ACT-LEAKY-SLOPE", (Z > 0).astype(float)),
                     ("ACT-RELU-DERIV-VALUE", np.where(Z > 0, Z, 0.01 * Z))]
    variants += [("ACT-WRONG-DISPATCH", reference.activation_derivative(Z, other))
                 for other in _others(name)]
    return variants


# ---- forward propagation and cost ----------------------------------------------------------

def forward(X: np.ndarray, p: Mapping[str, np.ndarray], activation: str) -> list[Variant]:
    """A2 of forward_propagation(X, p, activation)."""
    Z1 = p["W1"] @ X + p["b1"]
    A1 = g(Z1, activation)
    Z2 = p["W2"] @ A1 + p["b2"]
    variants: list[Variant] = [
        ("FWD-NO-BIAS", g(p["W2"] @ g(p["W1"] @ X, activation) + p["b2"], "sigmoid")),
        ("FWD-NO-BIAS", g(p["W2"] @ A1, "sigmoid")),
        ("FWD-NO-BIAS", g(p["W2"] @ g(p["W1"] @ X, activation), "sigmoid")),
        ("FWD-Z1-INTO-LAYER2", g(p["W2"] @ Z1 + p["b2"], "sigmoid")),
        ("FWD-OUTPUT-NOT-SIGMOID", Z2),
        ("FWD-OUTPUT-NOT-SIGMOID", g(Z2, activation)),
    ]
    if activation != "sigmoid":
        variants.append(
            ("FWD-HIDDEN-SIGMOID", g(p["W2"] @ g(Z1, "sigmoid") + p["b2"], "sigmoid")))
    if activation != "tanh":
        variants.append(("ACT-WRONG-DISPATCH", g(p["W2"] @ np.tanh(Z1) + p["b2"], "sigmoid")))
    return variants


def elementwise_forward(X: np.ndarray, p: Mapping[str, np.ndarray],
                        activation: str) -> list[Variant]:
    """A2 when a matrix product is written `*`. It exists only where the shapes broadcast
    to A2's (square problems: a probe uses one when the real call raises)."""
    shape = (p["W2"].shape[0], X.shape[1])
    candidates = (
        lambda: g(p["W2"] * g(p["W1"] * X + p["b1"], activation) + p["b2"], "sigmoid"),
        lambda: g(p["W2"] @ g(p["W1"] * X + p["b1"], activation) + p["b2"], "sigmoid"),
        lambda: g(p["W2"] * g(p["W1"] @ X + p["b1"], activation) + p["b2"], "sigmoid"),
    )
    variants: list[Variant] = []
    for candidate in candidates:
        try:
            value = candidate()
        except ValueError:   # the shapes do not broadcast: this mistake would raise
            continue
        if value.shape == shape:
            variants.append(("FWD-ELEMENTWISE", value))
    return variants


def cost(A2: np.ndarray, Y: np.ndarray) -> list[Variant]:
    """compute_cost(A2, Y)."""
    m = np.size(Y, 1)
    both = Y * np.log(A2) + (1 - Y) * np.log(1 - A2)
    return [
        ("COST-NO-MEAN", float(-np.sum(both))),
        ("COST-SIGN", float(np.sum(both) / m)),
        ("COST-ONE-TERM", float(-np.sum(Y * np.log(A2)) / m)),
        ("COST-MATRIX-PRODUCT", float(-np.sum(np.dot(Y.T, np.log(A2))
                                              + np.dot((1 - Y).T, np.log(1 - A2))) / m)),
    ]


# ---- backpropagation ---------------------------------------------------------------------

def _gradients(X: np.ndarray, A1: np.ndarray, dZ2: np.ndarray, factor1: np.ndarray | float,
               W: np.ndarray | None, over_m: float = 1.0, over_m1: float = 1.0,
               product: str = "matrix") -> Params:
    """The grads dict computed with the given pieces; `W=None` carries dZ2 back through
    the student's dW2 (BP-DW2-FOR-W2), computed from the same dZ2 and 1/m."""
    m = np.size(X, 1)
    dW2 = dZ2 @ A1.T / m * over_m
    weights = dW2 if W is None else W
    back = weights.T @ dZ2 if product == "matrix" else weights.T * dZ2
    dZ1 = back * factor1
    return {
        "dW1": dZ1 @ X.T / m * over_m * over_m1,
        "db1": np.sum(dZ1, axis=1, keepdims=True) / m * over_m * over_m1,
        "dW2": dW2,
        "db2": np.sum(dZ2, axis=1, keepdims=True) / m * over_m,
    }


# A compound mistake's id joins its parts: the suite names each (see conftest.matching).
COMPOUND = "+"


def backward(p: Mapping[str, np.ndarray], cache: Mapping[str, np.ndarray], X: np.ndarray,
             Y: np.ndarray, activation: str, reference: Any,
             compound: bool = True) -> list[tuple[str, Params]]:
    """The whole grads dict of backward_propagation(p, cache, X, Y, activation), for each
    known mistake and (with `compound`) each pair of mistakes in different places: a
    student who forgets g' and flips dZ2 made two mistakes, and both are named.

    Each mistake changes one piece of the computation (the factor g1', dZ2, the weights
    dZ2 goes back through, a 1/m): two mistakes in different pieces compose exactly."""
    m = np.size(X, 1)
    Z1, A1, A2 = cache["Z1"], cache["A1"], cache["A2"]
    singles: list[tuple[str, dict[str, Any]]] = [
        ("BP-NO-GPRIME", {"factor1": 1.0}),
        ("BP-A1-AS-GPRIME", {"factor1": A1}),
        ("BP-A1-AS-GPRIME", {"factor1": 1 - A1}),
        ("BP-Z1-SQUARED", {"factor1": 1 - Z1 ** 2}),
        ("BP-DW2-FOR-W2", {"W": None}),
        ("BP-DZ2-SIGN", {"dZ2": Y - A2}),
        ("BP-NO-1-OVER-M", {"over_m": m}),
        ("BP-DOUBLE-1-OVER-M", {"over_m1": 1 / m}),
    ]
    if activation != "sigmoid":
        singles.append(("BP-SIGMOID-GPRIME", {"factor1": A1 * (1 - A1)}))
    if activation != "tanh":
        singles += [("BP-FIXED-ACTIVATION", {"factor1": 1 - np.tanh(Z1) ** 2}),
                    ("BP-FIXED-ACTIVATION", {"factor1": 1 - A1 ** 2})]
    right = {"factor1": reference.activation_derivative(Z1, activation), "dZ2": A2 - Y,
             "W": p["W2"]}

    def grads(changes: dict[str, Any]) -> Params:
        pieces = {**right, **changes}
        return _gradients(X, A1, pieces.pop("dZ2"), pieces.pop("factor1"), pieces.pop("W"),
                          **pieces)

    variants = [(variant_id, grads(changes)) for variant_id, changes in singles]
    if compound:
        for index, (first, first_changes) in enumerate(singles):
            for second, second_changes in singles[index + 1:]:
                if first == second or set(first_changes) & set(second_changes):
                    continue
                both = grads({**first_changes, **second_changes})
                # Where one mistake changes nothing (1/m with m = 1), the pair is its other
                # part alone: naming both would name a mistake nobody can see.
                parts = (variants[index][1], grads(second_changes))
                if not any(_same_grads(both, part) for part in parts):
                    variants.append((f"{first}{COMPOUND}{second}", both))
    return variants


def _same_grads(a: Params, b: Params) -> bool:
    return all(np.allclose(a[key], b[key], rtol=1e-9, atol=0.0) for key in GRADIENT_KEYS)


def _outer_product(X: np.ndarray, A1: np.ndarray, dZ2: np.ndarray, g_prime: np.ndarray,
                   W2: np.ndarray) -> Params:
    """W2.T * dZ2 in place of W2.T @ dZ2: only dW1 and db1 differ from the right grads."""
    wrong = _gradients(X, A1, dZ2, g_prime, W2, product="broadcast")
    return {"dW1": wrong["dW1"], "db1": wrong["db1"]}


def outer_product_backward(p: Mapping[str, np.ndarray], cache: Mapping[str, np.ndarray],
                           X: np.ndarray, Y: np.ndarray, activation: str,
                           reference: Any) -> list[Variant]:
    """dW1 and db1 when W2.T @ dZ2 is written W2.T * dZ2. Only where that broadcasts to
    dZ1's shape (square problems, as a probe uses when the real call raises) and n_y > 1
    (with one output the broadcast is the matrix product: nothing to tell apart)."""
    n_y, n_h = p["W2"].shape
    m = np.size(X, 1)
    try:
        fits = np.broadcast_shapes((n_h, n_y), (n_y, m)) == (n_h, m)
    except ValueError:
        fits = False
    if not fits or n_y == 1:
        return []
    g_prime = reference.activation_derivative(cache["Z1"], activation)
    return [("BP-OUTER-PRODUCT",
             _outer_product(X, cache["A1"], cache["A2"] - Y, g_prime, p["W2"]))]


def backward_shapes(p: Mapping[str, np.ndarray], m: int) -> list[tuple[str, str, tuple[int, ...]]]:
    """(id, gradient, shape): a gradient of this wrong shape shows the mistake by itself.
    A shape that two mistakes would give (when m equals n_h, say) names only the first."""
    shapes: list[tuple[str, str, tuple[int, ...]]] = []
    for key in GRADIENT_KEYS:
        shape = tuple(np.shape(p[key[1:]]))
        if key.startswith("dW"):
            shapes.append(("BP-DW-TRANSPOSED", key, shape[::-1]))
        else:
            shapes += [("BP-DB-NO-KEEPDIMS", key, (shape[0],)), ("BP-DB-AXIS", key, (1, m)),
                       ("BP-DB-AXIS", key, (m,)), ("BP-DB-AXIS", key, ())]
    seen = set()
    unique = []
    for variant_id, key, wrong in shapes:
        if wrong != shape_of(p, key) and (key, wrong) not in seen:
            seen.add((key, wrong))
            unique.append((variant_id, key, wrong))
    return unique


def shape_of(p: Mapping[str, np.ndarray], key: str) -> tuple[int, ...]:
    """The right shape of gradient `key`: its parameter's."""
    return tuple(np.shape(p[key[1:]]))


def matching_shape(got: Any, key: str, shapes: list[tuple[str, str, tuple[int, ...]]],
                   ) -> tuple[str, ...]:
    """The first id whose wrong shape `got` (the student's gradient `key`) has."""
    if not isinstance(got, np.ndarray | int | float):
        return ()
    for variant_id, variant_key, shape in shapes:
        if variant_key == key and np.shape(got) == shape:
            return (variant_id,)
    return ()


# ---- training and prediction -------------------------------------------------------------

def step(params: Mapping[str, np.ndarray], grads: Mapping[str, np.ndarray],
         learning_rate: float, sign: float = -1.0) -> Params:
    return {key: params[key] + sign * learning_rate * grads["d" + key] for key in params}


def update(params: Mapping[str, np.ndarray], grads: Mapping[str, np.ndarray],
           learning_rate: float) -> list[Variant]:
    """update_parameters(params, grads, learning_rate)."""
    variants: list[Variant] = [("UPD-SIGN", step(params, grads, learning_rate, sign=1.0))]
    if learning_rate != DEFAULT_LEARNING_RATE:
        variants += [("UPD-IGNORES-LR", step(params, grads, DEFAULT_LEARNING_RATE)),
                     ("UPD-IGNORES-LR", step(params, grads, 1.0))]
    return variants


def model(X: np.ndarray, Y: np.ndarray, n_h: int, reference: Any, **kwargs: Any,
          ) -> list[Variant]:
    """nn_model(X, Y, n_h, **kwargs) from a deterministic initialization."""
    kwargs = {key: value for key, value in kwargs.items() if key != "num_iterations"}
    return [("MODEL-IGNORES-ITERATIONS", reference.nn_model(X, Y, n_h, num_iterations=k,
                                                            **kwargs))
            for k in (0, 1)]


def prediction(params: Mapping[str, np.ndarray], X: np.ndarray, activation: str,
               reference: Any) -> list[Variant]:
    """predict(params, X, activation) returned as probabilities rather than labels."""
    A2, _ = reference.forward_propagation(X, dict(params), activation)
    return [("PRED-THRESHOLD", A2)]


def thresholded_elsewhere(got: Any, A2: np.ndarray) -> bool:
    """Wrong 0/1 predictions that still follow the outputs' order: a cut at another value
    than 0.5 (PRED-THRESHOLD). The public checks apply the same rule (given A2 as data)."""
    same_shape = isinstance(got, np.ndarray) and got.shape == A2.shape
    labels = got.astype(np.float64) if same_shape else np.full(A2.shape, np.nan)
    binary = bool(np.isin(labels, (0.0, 1.0)).all())
    ones, zeros = A2[labels == 1], A2[labels == 0]
    return binary and (ones.size == 0 or zeros.size == 0 or bool(ones.min() > zeros.max()))


# ---- the public checks' share ------------------------------------------------------------

def _call(args: list[Any], kwargs: Mapping[str, Any], names: tuple[str, ...],
          defaults: Mapping[str, Any]) -> dict[str, Any]:
    """The arguments of a call by name (positional first, then keywords, then defaults)."""
    bound = dict(defaults)
    bound.update(zip(names, args, strict=False))
    bound.update(kwargs)
    return bound


def public_variants(function: str, args: list[Any], kwargs: Mapping[str, Any],
                    reference: Any) -> list[dict[str, Any]]:
    """The wrong outputs of `function` on one public case, for public_data.json.

    Each entry is {"id", "value"} (the whole result), {"id", "part", "value"} (one item of
    a tuple result, or one key of a dict) or {"id", "part", "shape"} (a wrong shape).
    """
    if function in ("activation_forward", "activation_derivative"):
        a = _call(args, kwargs, ("Z", "name"), {})
        build = activation if function == "activation_forward" else derivative
        return [{"id": i, "value": v} for i, v in build(a["Z"], a["name"], reference)]
    if function == "forward_propagation":
        a = _call(args, kwargs, ("X", "parameters", "hidden_activation"),
                  {"hidden_activation": "tanh"})
        X, p, name = a["X"], a["parameters"], a["hidden_activation"]
        return [{"id": i, "part": 0, "value": v}
                for i, v in [*forward(X, p, name), *elementwise_forward(X, p, name)]]
    if function == "compute_cost":
        a = _call(args, kwargs, ("A2", "Y"), {})
        return [{"id": i, "value": v} for i, v in cost(a["A2"], a["Y"])]
    if function == "backward_propagation":
        a = _call(args, kwargs, ("parameters", "cache", "X", "Y", "hidden_activation"),
                  {"hidden_activation": "tanh"})
        p, X = a["parameters"], a["X"]
        activation_name = a["hidden_activation"]
        whole = [*backward(p, a["cache"], X, a["Y"], activation_name, reference,
                           compound=False),
                 *outer_product_backward(p, a["cache"], X, a["Y"], activation_name, reference)]
        # Gradient by gradient, as the suite matches the first wrong one: a mistake shows
        # even when another gradient is wrong too (generation drops the right ones).
        entries: list[dict[str, Any]] = [{"id": variant_id, "part": key, "value": value}
                                         for variant_id, grads in whole
                                         for key, value in grads.items()]
        entries += [{"id": i, "part": key, "shape": list(shape)}
                    for i, key, shape in backward_shapes(p, np.size(X, 1))]
        # A square dW transposed keeps its shape: only its values show the mistake.
        right = reference.backward_propagation(p, a["cache"], X, a["Y"], activation_name)
        entries += [{"id": "BP-DW-TRANSPOSED", "part": key, "value": right[key].T}
                    for key in ("dW1", "dW2") if right[key].shape == right[key].shape[::-1]]
        return entries
    if function == "update_parameters":
        a = _call(args, kwargs, ("parameters", "grads", "learning_rate"),
                  {"learning_rate": DEFAULT_LEARNING_RATE})
        return [{"id": i, "value": v}
                for i, v in update(a["parameters"], a["grads"], a["learning_rate"])]
    if function == "nn_model":
        a = _call(args, kwargs, ("X", "Y", "n_h"), {})
        rest = {k: v for k, v in kwargs.items() if k not in ("X", "Y", "n_h")}
        if rest.get("initialization") != "zeros":
            return []   # from a random start there is no single wrong output to name
        variants = model(a["X"], a["Y"], a["n_h"], reference, **rest)
        # The loop count hard-coded to the default: the suite sees it by calling twice.
        default = {**rest, "num_iterations": 10000}
        variants.append(("MODEL-IGNORES-ITERATIONS",
                         reference.nn_model(a["X"], a["Y"], a["n_h"], **default)))
        return [{"id": i, "value": v} for i, v in variants]
    if function == "predict":
        a = _call(args, kwargs, ("parameters", "X", "hidden_activation"),
                  {"hidden_activation": "tanh"})
        A2, _ = reference.forward_propagation(a["X"], dict(a["parameters"]),
                                              a["hidden_activation"])
        return [*({"id": i, "value": v} for i, v in prediction(
                    a["parameters"], a["X"], a["hidden_activation"], reference)),
                {"id": "PRED-THRESHOLD", "ordered_by": A2}]
    return []
