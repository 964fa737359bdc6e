"""The known wrong answers of the deep-network exercises: one source for every diagnosis.

Each builder computes, with formulas written here independently of the reference, what a
function returns when a student makes one of the catalog's mistakes, as (misconception id,
wrong output) pairs. A result "matches" a misconception when it equals such an output.
Two users:

- the hidden suite (through the `problems` fixture), which names the misconception in a
  failing test's message;
- `autograder generate`, which calls `public_variants` on each public case and stores the
  wrong outputs in the release's public_data.json, so that a student's `check(...)` names
  the same misconception before they submit.

Some mistakes only run where shapes happen to fit (an element-wise product where a matrix
product belongs, the cache of another layer): their builders skip what would raise, and the
suite meets them on square problems, where every layer has the same width.

Instructor-only: it lives beside the hidden tests and never ships (only numbers computed
with it do).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from itertools import combinations
from typing import Any

import numpy as np

Params = dict[str, np.ndarray]
Variant = tuple[str, Any]
Cache = tuple[tuple[np.ndarray, np.ndarray, np.ndarray], np.ndarray]

# A compound mistake's id joins its parts: the suite names each (see conftest.matching).
COMPOUND = "+"
ACTIVATIONS = ("sigmoid", "relu")


def sigmoid(Z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-Z))


def g(Z: np.ndarray, name: str) -> np.ndarray:
    """The activation `name` ("identity" for none), written independently of dnn_utils."""
    if name == "sigmoid":
        return sigmoid(Z)
    if name == "relu":
        return np.maximum(0, Z)
    return Z


def g_prime(Z: np.ndarray, name: str) -> np.ndarray:
    if name == "sigmoid":
        s = sigmoid(Z)
        return s * (1 - s)
    return (Z > 0).astype(float)


def _attempt(build: Callable[[], Any]) -> Any | None:
    """`build()`, or None when the mistake would raise on these shapes (no wrong value)."""
    try:
        with np.errstate(all="ignore"):
            return build()
    except (ValueError, IndexError, KeyError):
        return None


def _other(name: str) -> str:
    return "relu" if name == "sigmoid" else "sigmoid"


# ---- forward ------------------------------------------------------------------------------

def linear_forward(A: np.ndarray, W: np.ndarray, b: np.ndarray) -> list[Variant]:
    """Z of linear_forward(A, W, b)."""
    shape = (W.shape[0], A.shape[1])
    variants: list[Variant] = [("FWD-NO-BIAS", W @ A)]
    for elementwise in (lambda: W * A + b, lambda: W * A):
        value = _attempt(elementwise)
        if value is not None and value.shape == shape:
            variants.append(("FWD-ELEMENTWISE", value))
    return variants


def linear_activation_forward(A_prev: np.ndarray, W: np.ndarray, b: np.ndarray,
                              activation: str) -> list[Variant]:
    """A of linear_activation_forward(A_prev, W, b, activation)."""
    Z = W @ A_prev + b
    variants: list[Variant] = [("FWD-ACTIVATION-DISPATCH", g(Z, _other(activation)))]
    if activation == "sigmoid":
        variants.append(("FWD-OUTPUT-NOT-SIGMOID", Z))
    return variants


# How L_model_forward's loop may run: (the hidden layers it runs, the layer whose weights the
# output step uses), for L layers.
LOOPS: dict[str, Callable[[int], tuple[range, int]]] = {
    "right": lambda L: (range(1, L), L),
    "skip": lambda L: (range(1, L - 1), L),        # stops one hidden layer early
    "twice": lambda L: (range(1, L), L - 1),       # the output step reuses the loop's layer
    "through": lambda L: (range(1, L + 1), L),     # the loop runs the output layer too
}
FORWARD_SINGLES: tuple[tuple[str, dict[str, Any]], ...] = (
    ("FWD-OUTPUT-NOT-SIGMOID", {"output": "identity"}),
    ("FWD-OUTPUT-RELU", {"output": "relu"}),
    ("FWD-HIDDEN-SIGMOID", {"hidden": "sigmoid"}),
    ("FWD-LAYER-COUNT", {"loop": "skip"}),
    ("FWD-LAYER-COUNT", {"loop": "twice"}),
    ("FWD-LAYER-COUNT", {"loop": "through"}),
)


def forward_pass(X: np.ndarray, p: Mapping[str, np.ndarray], hidden: str = "relu",
                 output: str = "sigmoid", loop: str = "right") -> np.ndarray:
    """AL of a forward pass whose loop runs as `loop` says (LOOPS) with `hidden`, then the
    output step with `output`; KeyError or ValueError where such code would raise."""
    layers, top = LOOPS[loop](len(p) // 2)
    A = X
    for layer in layers:
        A = g(p[f"W{layer}"] @ A + p[f"b{layer}"], hidden)
    return g(p[f"W{top}"] @ A + p[f"b{top}"], output)


def _with_pairs(singles: Sequence[tuple[str, dict[str, Any]]],
                build: Callable[[dict[str, Any]], Any | None],
                same: Callable[[Any, Any], bool], compound: bool = True) -> list[Variant]:
    """(id, value) for each single mistake that `build` can compute and that changes the
    result, and (with `compound`) each pair of mistakes in different pieces (the keys of
    their changes), named "ID+ID": a student who made both is told of both. A pair whose
    value is one of its parts' (the other changes nothing once it is made) is left out:
    naming both would name a mistake nobody can see."""
    built = [(variant_id, changes, build(changes)) for variant_id, changes in singles]
    variants: list[Variant] = [(variant_id, value) for variant_id, _, value in built
                               if value is not None]
    if not compound:
        return variants
    for (first, first_changes, first_value), (second, second_changes, second_value) in \
            combinations(built, 2):
        if first == second or first_value is None or second_value is None \
                or set(first_changes) & set(second_changes):
            continue
        both = build({**first_changes, **second_changes})
        if both is not None and not any(same(both, part) for part in (first_value,
                                                                      second_value)):
            variants.append((f"{first}{COMPOUND}{second}", both))
    return variants


def _same_array(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=1e-9, atol=0))


def L_model_forward(X: np.ndarray, p: Mapping[str, np.ndarray],
                    compound: bool = True) -> list[Variant]:
    """AL of L_model_forward(X, p) for each known mistake, and each pair of them. The
    loop's off-by-ones exist only where the shapes allow them (square problems)."""
    right = forward_pass(X, p)

    def build(changes: dict[str, Any]) -> np.ndarray | None:
        value = _attempt(lambda: forward_pass(X, p, **changes))
        return None if value is None or _same_array(value, right) else value

    return _with_pairs(FORWARD_SINGLES, build, _same_array, compound)


# ---- cost ---------------------------------------------------------------------------------

def cost(AL: np.ndarray, Y: np.ndarray) -> list[Variant]:
    """compute_cost(AL, Y)."""
    m = np.size(Y, 1)
    both = Y * np.log(AL) + (1 - Y) * np.log(1 - AL)
    variants: list[Variant] = [
        ("COST-NO-MEAN", float(-np.sum(both))),
        ("COST-SIGN", float(np.sum(both) / m)),
        ("COST-ONE-TERM", float(-np.sum(Y * np.log(AL)) / m)),
    ]
    if Y.shape[0] > 1:   # with one output, Y @ log(AL).T is the right sum
        products = Y @ np.log(AL).T + (1 - Y) @ np.log(1 - AL).T
        variants.append(("COST-MATRIX-PRODUCT", float(-np.sum(products) / m)))
    return variants


# ---- backward, one layer ------------------------------------------------------------------

def linear_backward(dZ: np.ndarray, cache: tuple[np.ndarray, ...]) -> list[Variant]:
    """The whole (dA_prev, dW, db) of linear_backward(dZ, cache), for mistakes of value."""
    A_prev, W = cache[0], cache[1]
    m = np.size(A_prev, 1)
    dW = dZ @ A_prev.T / m
    db = np.sum(dZ, axis=1, keepdims=True) / m
    variants: list[Variant] = [
        ("BWD-DW-FOR-W", (dW.T @ dZ, dW, db)),
        ("BWD-NO-1-OVER-M", (W.T @ dZ, dW * m, db * m)),
        ("BWD-DB-AXIS", (W.T @ dZ, dW, np.sum(dZ) / m)),
    ]
    if dW.shape[0] == dW.shape[1]:   # a square dW transposed keeps its shape
        variants.append(("BWD-DW-TRANSPOSED", (W.T @ dZ, dW.T, db)))
    return variants


def linear_backward_shapes(n: int, n_prev: int, m: int) -> list[tuple[str, int, tuple[int, ...]]]:
    """(id, item of the result, shape): a dW or db of this wrong shape shows the mistake by
    itself. A shape two mistakes would give names the first only."""
    shapes = [("BWD-DW-TRANSPOSED", 1, (n_prev, n)), ("BWD-DB-NO-KEEPDIMS", 2, (n,)),
              ("BWD-DB-AXIS", 2, ()), ("BWD-DB-AXIS", 2, (1, m)), ("BWD-DB-AXIS", 2, (m,))]
    right = {1: (n, n_prev), 2: (n, 1)}
    seen: set[tuple[int, tuple[int, ...]]] = set()
    unique = []
    for variant_id, item, shape in shapes:
        if shape != right[item] and (item, shape) not in seen:
            seen.add((item, shape))
            unique.append((variant_id, item, shape))
    return unique


def _layer_backward(dA: np.ndarray, cache: Cache, activation: str,
                    at: str = "Z") -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One layer backwards; g' is evaluated at Z (right), at "A" = g(Z), at "A_prev" (the
    linear cache's A), or not at all ("none": dZ = dA)."""
    (A_prev, W, _), Z = cache
    m = np.size(A_prev, 1)
    if at == "none":
        dZ = dA
    elif at == "A_prev":
        dZ = dA * g_prime(A_prev, activation)
    elif at == "A":
        dZ = dA * g_prime(g(Z, activation), activation)
    else:
        dZ = dA * g_prime(Z, activation)
    return W.T @ dZ, dZ @ A_prev.T / m, np.sum(dZ, axis=1, keepdims=True) / m


def linear_activation_backward(dA: np.ndarray, cache: Cache, activation: str) -> list[Variant]:
    """(dA_prev, dW, db) of linear_activation_backward(dA, cache, activation). ReLU's mask
    at A = relu(Z) is its mask at Z: only A_prev, the layer before's, is a mistake there."""
    variants: list[Variant] = [
        ("BWD-NO-GPRIME", _layer_backward(dA, cache, activation, at="none")),
        ("BWD-ACTIVATION-DISPATCH", _layer_backward(dA, cache, _other(activation))),
    ]
    wrong_points = ("A_prev",) if activation == "relu" else ("A", "A_prev")
    for at in wrong_points:
        value = _attempt(lambda at=at: _layer_backward(dA, cache, activation, at=at))
        if value is not None:
            variants.append(("BWD-GPRIME-AT-A", value))
    return variants


# ---- backward, the whole network ------------------------------------------------------------

# The pieces of L_model_backward a mistake changes, each with its right value first.
#   start: what the output layer is given; output/hidden: the activation used backwards;
#   order: which cache layer l reads; upstream: which dA a hidden layer is given;
#   first: the lowest layer the loop reaches.
RIGHT = {"start": "dAL", "output": "sigmoid", "hidden": "relu", "order": "right",
         "upstream": "passed", "first": 1}
SINGLES: tuple[tuple[str, dict[str, Any]], ...] = (
    ("BWD-DAL-SIGN", {"start": "-dAL"}),
    ("BWD-AL-FOR-DAL", {"start": "AL"}),
    ("BWD-LAYER-ACTIVATION", {"output": "relu"}),
    ("BWD-LAYER-ACTIVATION", {"hidden": "sigmoid"}),
    ("BWD-LAYER-ACTIVATION", {"output": "relu", "hidden": "sigmoid"}),
    ("BWD-CACHE-INDEX", {"order": "reversed"}),
    ("BWD-CACHE-INDEX", {"order": "last"}),
    ("BWD-CACHE-INDEX", {"order": "next"}),
    ("BWD-STALE-DA", {"upstream": "dAL"}),
    ("BWD-STALE-DA", {"upstream": "first"}),
    ("BWD-LAYER-LOOP", {"first": 2}),
)


def _cache_index(order: str, layer: int, L: int) -> int:
    """The index into caches that layer l (1 .. L) reads."""
    if layer == L or order == "right":
        return layer - 1
    if order == "reversed":          # caches[L - 2 - i] in a loop over i = l - 1
        return L - 1 - layer
    if order == "last":              # caches[-1] for every layer
        return L - 1
    return layer                         # "next": caches[l] for layer l, one too far


def backward_pass(AL: np.ndarray, Y: np.ndarray, caches: Sequence[Cache],
                  **changes: Any) -> Params:
    """The grads dict (new dA keys) of an L_model_backward with the given pieces changed
    (RIGHT's keys); KeyError, IndexError or ValueError where such code would raise."""
    pieces = {**RIGHT, **changes}
    top = len(caches)   # the output layer
    dAL = -(Y / AL - (1 - Y) / (1 - AL))
    start = {"dAL": dAL, "-dAL": -dAL, "AL": AL}[pieces["start"]]
    gradients: Params = {}
    dA = start
    for layer in range(top, pieces["first"] - 1, -1):
        given = dA
        if layer < top and pieces["upstream"] == "dAL":
            given = start
        elif layer < top and pieces["upstream"] == "first":   # the output layer's dA for all
            given = gradients[f"dA{top - 1}"]
        activation = pieces["output"] if layer == top else pieces["hidden"]
        cache = caches[_cache_index(pieces["order"], layer, top)]
        dA, gradients[f"dW{layer}"], gradients[f"db{layer}"] = _layer_backward(given, cache,
                                                                               activation)
        gradients[f"dA{layer - 1}"] = dA
    return gradients


def _same(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    return a.keys() == b.keys() and all(
        np.shape(a[key]) == np.shape(b[key]) and np.allclose(a[key], b[key], rtol=1e-9, atol=0)
        for key in a)


def L_model_backward(AL: np.ndarray, Y: np.ndarray, caches: Sequence[Cache],
                     compound: bool = True) -> list[tuple[str, Params]]:
    """The grads dict of L_model_backward(AL, Y, caches) for each known mistake that runs on
    these shapes and changes something, and (with `compound`) each pair of mistakes in
    different pieces: a student who flips dAL and reads the caches backwards made two
    mistakes, and both are named."""
    Y = np.reshape(Y, AL.shape)
    right = backward_pass(AL, Y, caches)

    def build(changes: dict[str, Any]) -> Params | None:
        grads = _attempt(lambda: backward_pass(AL, Y, caches, **changes))
        return None if grads is None or _same(grads, right) else grads

    return _with_pairs(SINGLES, build, _same, compound)


# ---- update ----------------------------------------------------------------------------------

def step(params: Mapping[str, np.ndarray], grads: Mapping[str, np.ndarray],
         learning_rate: float, sign: float = -1.0, layers: Sequence[int] | None = None,
         ) -> Params:
    """params after one step on `layers` (default: all), the others left as they were."""
    L = len(params) // 2
    chosen = range(1, L + 1) if layers is None else layers
    return {key: params[key] + (sign * learning_rate * grads["d" + key]
                                if int(key[1:]) in chosen else 0.0)
            for key in params}


def update(params: Mapping[str, np.ndarray], grads: Mapping[str, np.ndarray],
           learning_rate: float) -> list[Variant]:
    """update_parameters(params, grads, learning_rate)."""
    L = len(params) // 2
    variants: list[Variant] = [("UPD-SIGN", step(params, grads, learning_rate, sign=1.0))]
    if L > 1:
        variants += [("UPD-LAYER-RANGE", step(params, grads, learning_rate, layers=[1])),
                     ("UPD-LAYER-RANGE", step(params, grads, learning_rate,
                                              layers=range(1, L)))]
    return variants


# ---- the public checks' share ------------------------------------------------------------

def _call(args: list[Any], kwargs: Mapping[str, Any], names: tuple[str, ...]) -> dict[str, Any]:
    """The arguments of a call by name (positional first, then keywords)."""
    bound = dict(zip(names, args, strict=False))
    bound.update(kwargs)
    return bound


def _parts(variants: list[Variant]) -> list[dict[str, Any]]:
    """A tuple result's variants item by item, as the suite matches the first wrong item."""
    return [{"id": variant_id, "part": index, "value": item}
            for variant_id, value in variants for index, item in enumerate(value)]


def public_variants(function: str, args: list[Any], kwargs: Mapping[str, Any],
                    reference: Any) -> list[dict[str, Any]]:
    """The wrong outputs of `function` on one public case, for public_data.json.

    Each entry is {"id", "value"} (the whole result), {"id", "part", "value"} (one item of
    a tuple result, or one key of a dict) or {"id", "part", "shape"} (a wrong shape)."""
    if function == "linear_forward":
        a = _call(args, kwargs, ("A", "W", "b"))
        return [{"id": i, "part": 0, "value": v} for i, v in linear_forward(a["A"], a["W"], a["b"])]
    if function == "linear_activation_forward":
        a = _call(args, kwargs, ("A_prev", "W", "b", "activation"))
        return [{"id": i, "part": 0, "value": v} for i, v in
                linear_activation_forward(a["A_prev"], a["W"], a["b"], a["activation"])]
    if function == "L_model_forward":
        a = _call(args, kwargs, ("X", "parameters"))
        _, caches = reference.L_model_forward(a["X"], a["parameters"])
        # A pair of mistakes names each (AL is one small array: pairs cost little here).
        return [*({"id": part, "part": 0, "value": v}
                  for i, v in L_model_forward(a["X"], a["parameters"])
                  for part in i.split(COMPOUND)),
                {"id": "FWD-CACHES-OVERWRITTEN", "part": 1, "value": caches[-1]}]
    if function == "compute_cost":
        a = _call(args, kwargs, ("AL", "Y"))
        return [{"id": i, "value": v} for i, v in cost(a["AL"], a["Y"])]
    if function == "linear_backward":
        a = _call(args, kwargs, ("dZ", "cache"))
        A_prev, W = a["cache"][0], a["cache"][1]
        shapes = linear_backward_shapes(W.shape[0], W.shape[1], A_prev.shape[1])
        return [*_parts(linear_backward(a["dZ"], a["cache"])),
                *({"id": i, "part": item, "shape": list(shape)} for i, item, shape in shapes)]
    if function == "linear_activation_backward":
        a = _call(args, kwargs, ("dA", "cache", "activation"))
        return _parts(linear_activation_backward(a["dA"], a["cache"], a["activation"]))
    if function == "L_model_backward":
        a = _call(args, kwargs, ("AL", "Y", "caches"))
        # Gradient by gradient, as the suite localises the highest wrong layer: a mistake
        # shows even where another gradient is wrong too (generation drops the right ones).
        # Single mistakes only, as one_hidden_layer's public checks: pairs would multiply
        # the release's data for what the grader names anyway.
        return [{"id": variant_id, "part": key, "value": value}
                for variant_id, grads in L_model_backward(a["AL"], a["Y"], a["caches"],
                                                          compound=False)
                for key, value in grads.items() if key[:2] in ("dW", "db")]
    if function == "update_parameters":
        a = _call(args, kwargs, ("params", "grads", "learning_rate"))
        return [{"id": i, "value": v}
                for i, v in update(a["params"], a["grads"], a["learning_rate"])]
    return []
