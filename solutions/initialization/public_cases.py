"""Public cases for the `check(...)` cells of the Initialization notebook.

`build_cases()` runs when the instructor generates the release. All three functions are
checked by their properties rather than by one seed's numbers: a correct initialization
may draw its weights any valid way (np.random.randn, np.random.normal, a Generator,
seeded or not). A property check returns None, a message, or (message, misconception id)
when the failure is a known mistake; the case lists the ids it may name under
"misconceptions", so that the release carries their hints.

The helpers below (`structure_problem`, `expected_keys`, `wrong_he_scales`) are also
what the hidden suite uses to name a mistake, so that a student's `check` and their
grade tell the same story.
"""

from __future__ import annotations

from typing import Any

import numpy as np

Verdict = str | tuple[str, str] | None

# A layer with at least this many weights gets its standard deviation checked: 1000 draws
# estimate it within 2.2% (one standard error), so 10% is far outside chance and far
# inside every known mistake (a factor of 1.41 or more).
MIN_DRAWS = 1000
STD_TOLERANCE = 0.10
# A Gaussian sample of 1000 has an excess kurtosis within 0.155 of 0 (one standard error,
# sqrt(24 / n)); a uniform one has -1.2. Below -0.75 (4.8 standard errors) is uniform.
UNIFORM_KURTOSIS = -0.75

STRUCTURE_IDS = ["INIT-W-TRANSPOSED", "INIT-BIAS-FLAT", "INIT-LAST-LAYER-MISSING",
                 "INIT-LAYERS-NUMBERED-FROM-0"]


def expected_keys(layers_dims: list[int]) -> list[str]:
    """W1, b1, ..., WL, bL for L = len(layers_dims) - 1 layers."""
    return [f"{kind}{layer}" for layer in range(1, len(layers_dims)) for kind in ("W", "b")]


def _shape_problem(key: str, value: Any, layers_dims: list[int]) -> Verdict:
    layer = int(key[1:])
    rows, columns = layers_dims[layer], layers_dims[layer - 1]
    shape = np.shape(value)
    if key[0] == "W":
        if shape == (rows, columns):
            return None
        message = (f"{key} has shape {shape}; expected (layers_dims[{layer}], "
                   f"layers_dims[{layer - 1}]) = ({rows}, {columns})")
        return (message, "INIT-W-TRANSPOSED") if shape == (columns, rows) else message
    if shape == (rows, 1):
        return None
    message = f"{key} has shape {shape}; expected (layers_dims[{layer}], 1) = ({rows}, 1)"
    return (message, "INIT-BIAS-FLAT") if shape == (rows,) else message


def structure_problem(parameters: Any, layers_dims: list[int]) -> Verdict:
    """What is wrong with the keys and shapes of `parameters`, if anything."""
    if not isinstance(parameters, dict):
        return f"expected a dict of parameters, not {type(parameters).__name__}"
    wanted = expected_keys(layers_dims)
    last = len(layers_dims) - 1
    missing = [key for key in wanted if key not in parameters]
    if missing and "W0" in parameters:
        return (f"the parameters are numbered from W0, b0 (and have no W{last}, b{last}): "
                f"expected W1, b1, ..., W{last}, b{last}", "INIT-LAYERS-NUMBERED-FROM-0")
    if missing == [f"W{last}", f"b{last}"]:
        return (f"the parameters stop at W{last - 1}, b{last - 1}: layers_dims lists "
                f"{len(layers_dims)} sizes, so there are {last} layers, up to W{last}, "
                f"b{last}", "INIT-LAST-LAYER-MISSING")
    if missing:
        return f"the parameters have no {missing[0]!r}; expected W1, b1, ..., W{last}, b{last}"
    extra = sorted(str(key) for key in parameters if key not in wanted)
    if extra:
        return (f"the parameters hold {', '.join(extra[:3])} besides W1, b1, ..., "
                f"W{last}, b{last}: return only the weights and biases")
    for key in wanted:
        problem = _shape_problem(key, parameters[key], layers_dims)
        if problem:
            return problem
    return None


def he_scales(layers_dims: list[int]) -> list[float]:
    """sqrt(2 / fan-in) for each layer: the standard deviation of He's weights."""
    return [float(np.sqrt(2 / layers_dims[layer - 1])) for layer in range(1, len(layers_dims))]


def wrong_he_scales(layers_dims: list[int]) -> dict[str, list[float]]:
    """The standard deviation per layer that each known mistake of He's scale gives."""
    layers = range(1, len(layers_dims))
    return {
        "INIT-HE-FAN-OUT": [float(np.sqrt(2 / layers_dims[lay])) for lay in layers],
        "INIT-HE-XAVIER": [float(np.sqrt(1 / layers_dims[lay - 1])) for lay in layers],
        "INIT-HE-FIRST-FAN-IN": [float(np.sqrt(2 / layers_dims[0])) for _ in layers],
        "INIT-HE-NO-SQRT": [2 / layers_dims[lay - 1] for lay in layers],
    }


def _biases_problem(parameters: dict[str, Any], layers_dims: list[int]) -> Verdict:
    for layer in range(1, len(layers_dims)):
        bias = np.asarray(parameters[f"b{layer}"])
        if np.any(bias != 0):
            message = (f"b{layer} should start at zero: the random weights already make "
                       "the units different")
            return (message, "INIT-BIAS-RANDOM") if np.unique(bias).size > 1 else message
    return None


def _weights_problem(parameters: dict[str, Any], layers_dims: list[int],
                     scales: list[float], expected_words: str,
                     wrong: dict[str, list[float]]) -> Verdict:
    """Random, zero-mean weights with the standard deviation `scales[l-1]` per layer; a
    known mistake is named when every measured layer matches its scales instead."""
    measured: dict[int, float] = {}
    for layer in range(1, len(layers_dims)):
        W = np.asarray(parameters[f"W{layer}"], dtype=np.float64)
        if W.shape[0] > 1 and len({row.tobytes() for row in W}) < W.shape[0]:
            return f"some rows of W{layer} are identical: the weights must be drawn at random"
        if W.size >= 20 and np.all(W >= 0):
            return (f"every weight in W{layer} is positive or zero: draw them from a zero-mean "
                    "Gaussian (np.random.randn), which gives both signs", "INIT-UNIFORM")
        if W.size >= MIN_DRAWS:
            measured[layer] = float(np.std(W))

    def matches(candidate: list[float]) -> bool:
        return all(abs(std / candidate[layer - 1] - 1) <= STD_TOLERANCE
                   for layer, std in measured.items())

    if not matches(scales):
        layer = next(layer for layer, std in measured.items()
                     if abs(std / scales[layer - 1] - 1) > STD_TOLERANCE)
        expected = expected_words.format(prev=layer - 1, scale=scales[layer - 1])
        message = (f"the weights of W{layer} have standard deviation {measured[layer]:.4g}, "
                   f"{measured[layer] / scales[layer - 1]:.2f} times the expected {expected}")
        named = [item for item, candidate in wrong.items() if matches(candidate)]
        return (message, named[0]) if len(named) == 1 else message
    for layer in measured:
        if excess_kurtosis(np.asarray(parameters[f"W{layer}"], dtype=np.float64)
                           ) < UNIFORM_KURTOSIS:
            return (f"the weights of W{layer} are spread evenly up to a limit, with none far "
                    "out: a uniform draw, not a Gaussian (np.random.randn)", "INIT-UNIFORM")
    return None


def excess_kurtosis(W: np.ndarray) -> float:
    """E[(w - mean)^4] / std^4 - 3: 0 for a Gaussian, -1.2 for a uniform draw."""
    centred = W - np.mean(W)
    variance = float(np.mean(centred ** 2))
    return float(np.mean(centred ** 4)) / variance ** 2 - 3 if variance > 0 else 0.0


def _in_case(layers_dims: list[int], verdict: Verdict) -> Verdict:
    """The verdict with the call it is about, "for layers_dims = [3, 2, 1]: ..."."""
    if verdict is None:
        return None
    if isinstance(verdict, str):
        return f"for layers_dims = {layers_dims}: {verdict}"
    return f"for layers_dims = {layers_dims}: {verdict[0]}", verdict[1]


def zero_parameters(parameters: Any, layers_dims: list[int]) -> Verdict:
    """W1, b1, ..., WL, bL with the right shapes, every entry exactly 0."""
    problem = structure_problem(parameters, layers_dims)
    if problem:
        return _in_case(layers_dims, problem)
    for key in expected_keys(layers_dims):
        if np.any(np.asarray(parameters[key]) != 0):
            return _in_case(layers_dims, f"{key} has non-zero entries: here every weight and "
                            "bias starts at 0")
    return None


def large_random_parameters(parameters: Any, layers_dims: list[int]) -> Verdict:
    """Right shapes, zero biases, and weights drawn from a Gaussian of standard deviation 10."""
    problem = structure_problem(parameters, layers_dims) or _biases_problem(parameters,
                                                                             layers_dims)
    if problem:
        return _in_case(layers_dims, problem)
    scales = [10.0] * (len(layers_dims) - 1)
    no_x10 = {"INIT-RANDOM-NO-X10": [1.0] * len(scales)}
    return _in_case(layers_dims, _weights_problem(
        parameters, layers_dims, scales, "10 (ten times a standard Gaussian)", no_x10))


def he_parameters(parameters: Any, layers_dims: list[int]) -> Verdict:
    """Right shapes, zero biases, weights of W[l] Gaussian with std sqrt(2 / layers_dims[l-1])."""
    problem = structure_problem(parameters, layers_dims) or _biases_problem(parameters,
                                                                             layers_dims)
    if problem:
        return _in_case(layers_dims, problem)
    return _in_case(layers_dims, _weights_problem(
        parameters, layers_dims, he_scales(layers_dims),
        "sqrt(2 / layers_dims[{prev}]) = {scale:.4g}", wrong_he_scales(layers_dims)))


def _case(label: str, layers_dims: list[int], prop: str, ids: list[str]) -> dict[str, Any]:
    return {"label": label, "args": [layers_dims], "kwargs": {}, "property": prop,
            "misconceptions": ids, "output": "parameters"}


def build_cases(reference: Any) -> dict[str, list[dict[str, Any]]]:
    """The public cases per function: the course's small examples, then layers wide enough
    (1000 weights or more) for the spread of the weights to be measured."""
    random_ids = [*STRUCTURE_IDS, "INIT-BIAS-RANDOM", "INIT-UNIFORM", "INIT-RANDOM-NO-X10"]
    he_ids = [*STRUCTURE_IDS, "INIT-BIAS-RANDOM", "INIT-UNIFORM",
              *wrong_he_scales([1, 1])]
    return {
        "initialize_parameters_zeros": [
            _case("layers_dims = [3, 2, 1]", [3, 2, 1], "zero_parameters", STRUCTURE_IDS),
            _case("layers_dims = [4, 5, 3, 2, 1]", [4, 5, 3, 2, 1], "zero_parameters",
                  STRUCTURE_IDS),
        ],
        "initialize_parameters_random": [
            _case("layers_dims = [3, 2, 1]", [3, 2, 1], "large_random_parameters", random_ids),
            _case("layers_dims = [40, 60, 30]", [40, 60, 30], "large_random_parameters",
                  random_ids),
        ],
        "initialize_parameters_he": [
            _case("layers_dims = [2, 4, 1]", [2, 4, 1], "he_parameters", he_ids),
            _case("layers_dims = [50, 100, 30, 120]", [50, 100, 30, 120], "he_parameters",
                  he_ids),
        ],
    }
