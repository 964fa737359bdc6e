"""What the Initialization suite shares: the student's initializations, called once per
submission, and training from them with the notebook's own (trusted) network code.

The three graded functions are stochastic (or trivially constant), so the suite judges
them by properties: keys and shapes, exact zeros, the mean, spread and shape of each
layer's weights, and what training does from them. Training runs here, in the grader,
with `init_utils` (the notebook's helper module) on the parameters the student's function
returned: none of the student's code runs in it.
"""

from __future__ import annotations

import re
import types
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from autograder.checks.symmetry import check_rows_distinct
from autograder.testing import CheckFailure, StudentError, fail, module_from_file

Params = dict[str, np.ndarray]

PACKAGE_DIR = Path(__file__).resolve().parent.parent


# The notebook's network (forward, loss, backward, update) and its dataset: trusted code.
INIT_UTILS = module_from_file(PACKAGE_DIR / "init_utils.py")
# The public checks' property helpers: the suite names mistakes the way `check` does.
PUBLIC = module_from_file(PACKAGE_DIR / "public_cases.py")

FUNCTIONS = {"zeros": "initialize_parameters_zeros", "random": "initialize_parameters_random",
             "he": "initialize_parameters_he"}

# The notebook's model: 2 inputs, ReLU layers of 10 and 5 units, one sigmoid output.
MODEL_DIMS = [2, 10, 5, 1]
# Training in the grader: 1500 steps at learning rate 0.1 (the notebook's model takes 15000
# at 0.01). Of 300 He draws (seeds 0-299), 5 (1.7%) stay below 90% training accuracy on the
# circles (benchmarks/initialization_calibration.py), so the suite trains three draws and
# judges the best: a correct He initialization fails only if all three are unlucky.
# Training stops as soon as one of them is there.
LEARNING_RATE = 0.1
ITERATIONS = 1500
COST_EVERY = 10
TARGET_ACCURACY = 0.9
SEEDS = (1, 2, 3)
# The wide networks whose weights' statistics are judged. Random: 5000 and 8000 weights;
# He: 3600, 4800, 8000 and 2000, with layer sizes that all differ from each other and from
# the input, so that each known mistake of He's scale (fan-out, Xavier's 1/n, the input
# size everywhere, the variance for the standard deviation) gives another spread in some
# layer. One draw measures each spread within 1.6% (one standard error) or better.
WIDE = {"random": [50, 100, 80], "he": [30, 120, 40, 200, 10]}
WIDE_SEED = 5

# np.zeros(3, 2) and np.random.randn((3, 2)) fail with these TypeErrors.
SHAPE_ARGUMENT_ERRORS = re.compile(r"raised TypeError: (Cannot interpret .* as a data type"
                                   r"|'(tuple|list)' object cannot be interpreted as an integer)")


def call_init(student: Any, kind: str, layers_dims: list[int], seed: int | None) -> Any:
    """The student's initialize_parameters_<kind>(layers_dims), numpy seeded with `seed`
    first (None: not seeded); a failure that shows a shape passed the wrong way is named."""
    if seed is not None:
        student.set_seed(seed)
    try:
        return getattr(student, FUNCTIONS[kind])(list(layers_dims))
    except StudentError as error:
        if SHAPE_ARGUMENT_ERRORS.search(error.message):
            raise fail(f"{error.message} (numpy did not read the sizes you passed as a "
                       "shape)", "INIT-SHAPE-ARGUMENTS") from None
        raise


def structure_failure(kind: str, got: Any, layers_dims: list[int], *,
                      show_dims: bool = True) -> CheckFailure | None:
    """A failure naming what is wrong with the keys or shapes of `got`, if anything.

    `show_dims=False` for calls on the suite's own wide layers: the message then points
    to the structure tests (which use small, quoted layer sizes) instead of quoting these."""
    problem = PUBLIC.structure_problem(got, layers_dims)
    if problem is None:
        return None
    message, ids = (problem, ()) if isinstance(problem, str) else (problem[0], (problem[1],))
    call = f"{FUNCTIONS[kind]}({layers_dims})" if show_dims else FUNCTIONS[kind]
    if not show_dims:
        message = "the keys or shapes are wrong (the structure tests say how)"
    return fail(f"{call}: {message}", *ids)


def as_parameters(kind: str, got: Any, layers_dims: list[int], *, show_dims: bool = True,
                  ) -> Params:
    """`got` as a dict of float arrays, after checking its keys, shapes and values."""
    failure = structure_failure(kind, got, layers_dims, show_dims=show_dims)
    if failure is not None:
        raise failure
    params = {key: np.asarray(got[key], dtype=np.float64)
              for key in PUBLIC.expected_keys(layers_dims)}
    for key, value in params.items():
        if not np.all(np.isfinite(value)):
            raise fail(f"{FUNCTIONS[kind]}: {key} contains NaN or infinite values")
    return params


class Calls:
    """The student's results, each call made once per submission (a session fixture lives
    for one submission): several tests judge the same draw."""

    def __init__(self, student: Any) -> None:
        self.student = student
        self._results: dict[tuple[str, tuple[int, ...], int | None], Any] = {}

    def result(self, kind: str, layers_dims: list[int], seed: int | None = None) -> Any:
        """What the call returned; the same StudentError or CheckFailure if it failed."""
        key = (kind, tuple(layers_dims), seed)
        if key not in self._results:
            try:
                self._results[key] = call_init(self.student, kind, layers_dims, seed)
            except (StudentError, CheckFailure) as error:
                self._results[key] = error
        outcome = self._results[key]
        if isinstance(outcome, StudentError | CheckFailure):
            raise outcome
        return outcome

    def parameters(self, kind: str, layers_dims: list[int], seed: int | None = None, *,
                   show_dims: bool = True) -> Params:
        return as_parameters(kind, self.result(kind, layers_dims, seed), layers_dims,
                             show_dims=show_dims)

    def wide(self, kind: str) -> Params:
        """The draw on the suite's wide network (its sizes stay out of messages)."""
        return self.parameters(kind, WIDE[kind], WIDE_SEED, show_dims=False)


@pytest.fixture(scope="session")   # one per submission: see Calls
def calls(student: Any) -> Calls:
    return Calls(student)


# ---- the weights' statistics ----------------------------------------------------------
# Each layer of the suite's wide networks holds 2000 weights or more. A Gaussian sample of
# n draws has its standard deviation within sigma/sqrt(2n), its mean within sigma/sqrt(n)
# and its excess kurtosis within sqrt(24/n) of the truth (one standard error each): 6
# standard errors are never reached by chance (1e-9) and stay far inside every mistake.
STANDARD_ERRORS = 6


def check_zero_biases(kind: str, params: Params) -> None:
    for key in (key for key in params if key.startswith("b")):
        if np.any(params[key] != 0):
            varied = np.unique(params[key]).size > 1
            raise fail(f"{FUNCTIONS[kind]}: {key} should start at zero, but has values up "
                       f"to {np.max(np.abs(params[key])):.3g}: the random weights already "
                       "make the units different", *(("INIT-BIAS-RANDOM",) if varied else ()))


def weight_names(params: Params) -> list[str]:
    return [key for key in params if key.startswith("W")]


def check_spread(kind: str, params: Params, scales: list[float], scale_words: str,
                 wrong: dict[str, list[float]]) -> None:
    """Each W[l]'s standard deviation is scales[l-1]; a known mistake is named when every
    layer matches its scales instead."""
    measured = [float(np.std(params[key])) for key in weight_names(params)]
    sizes = [params[key].size for key in weight_names(params)]

    def fits(candidate: list[float]) -> bool:
        return all(abs(std / scale - 1) <= STANDARD_ERRORS / np.sqrt(2 * size)
                   for std, scale, size in zip(measured, candidate, sizes, strict=True))

    if fits(scales):
        return
    layer = next(i for i, (std, scale, size) in enumerate(zip(measured, scales, sizes,
                                                              strict=True), start=1)
                 if abs(std / scale - 1) > STANDARD_ERRORS / np.sqrt(2 * size))
    ratio = measured[layer - 1] / scales[layer - 1]
    message = (f"{FUNCTIONS[kind]}: the weights of W{layer} have a standard deviation "
               f"{ratio:.3g} times {scale_words}")
    if all(np.all(params[key] >= 0) for key in weight_names(params)):
        raise fail(message, "INIT-UNIFORM")
    raise fail(message, *(item for item, candidate in wrong.items() if fits(candidate)))


def check_gaussian(kind: str, params: Params) -> None:
    """Each W[l] looks like a zero-mean Gaussian sample with pairwise distinct rows."""
    for key in weight_names(params):
        W = params[key]
        identical = check_rows_distinct(key, W)
        if identical:
            raise fail(f"{FUNCTIONS[kind]}: {identical}: units with identical weights compute "
                       "the same thing and get the same gradient; draw every weight at random")
        if np.all(W >= 0):
            raise fail(f"{FUNCTIONS[kind]}: every weight in {key} is positive or zero; a "
                       "zero-mean Gaussian gives both signs", "INIT-UNIFORM")
        std = float(np.std(W))
        if abs(float(np.mean(W))) > STANDARD_ERRORS * std / np.sqrt(W.size):
            raise fail(f"{FUNCTIONS[kind]}: the weights in {key} have mean "
                       f"{np.mean(W) / std:.2f} times their standard deviation; a zero-mean "
                       "Gaussian's mean is 0")
        if PUBLIC.excess_kurtosis(W) < -STANDARD_ERRORS * np.sqrt(24 / W.size):
            raise fail(f"{FUNCTIONS[kind]}: the weights in {key} are spread evenly up to a "
                       "limit, with none far out: that is a uniform draw, not a Gaussian",
                       "INIT-UNIFORM")


# ---- training, with the notebook's own network code -------------------------------------

def _block_diagonal(blocks: list[np.ndarray]) -> np.ndarray:
    rows = sum(block.shape[0] for block in blocks)
    columns = sum(block.shape[1] for block in blocks)
    matrix = np.zeros((rows, columns))
    row = column = 0
    for block in blocks:
        matrix[row:row + block.shape[0], column:column + block.shape[1]] = block
        row, column = row + block.shape[0], column + block.shape[1]
    return matrix


def _split(matrix: np.ndarray, count: int) -> list[np.ndarray]:
    """The diagonal blocks of a block-diagonal matrix of `count` equal blocks."""
    rows, columns = matrix.shape[0] // count, matrix.shape[1] // count
    return [matrix[i * rows:(i + 1) * rows, i * columns:(i + 1) * columns] for i in range(count)]


def train_together(starts: list[Params], X: np.ndarray, Y: np.ndarray,
                   done: Callable[[np.ndarray], bool] | None = None,
                   ) -> tuple[list[Params], np.ndarray, np.ndarray, int]:
    """Train each start with gradient descent, all at once, for ITERATIONS steps or until
    `done(accuracies)` (one training accuracy per network, looked at every COST_EVERY
    steps) says there is nothing more to learn.

    The networks are laid side by side as one wide network: their first layers stacked
    (all read the same inputs), the later weights block-diagonal (network i only sees its
    own units). init_utils trains it as it trains any network; the gradient's entries
    between blocks are dropped, so the networks stay separate. At this size numpy's cost
    per operation weighs as much as the arithmetic: the five networks of a submission
    trained together for 1500 steps took 0.51 s of CPU, one alone 0.19 s (best of 5 runs,
    2 busy cores).

    Returns the trained parameters of each network, its cost every COST_EVERY steps and at
    the end (shape (networks, steps // COST_EVERY + 1)), its final training accuracy, and
    the number of steps taken.
    """
    count, depth = len(starts), len(MODEL_DIMS) - 1
    # Every network reads the same inputs: their W1 are stacked, the later W are blocks.
    params = {"W1": np.vstack([start["W1"] for start in starts])}
    params |= {f"W{layer}": _block_diagonal([start[f"W{layer}"] for start in starts])
               for layer in range(2, depth + 1)}
    params |= {f"b{layer}": np.vstack([start[f"b{layer}"] for start in starts])
               for layer in range(1, depth + 1)}
    masks = {f"dW{layer}": _block_diagonal([np.ones_like(start[f"W{layer}"])
                                            for start in starts])
             for layer in range(2, depth + 1)}
    costs = []
    step = 0
    while True:
        output, cache = INIT_UTILS.forward_propagation(X, params)
        if step % COST_EVERY == 0:
            costs.append([INIT_UTILS.compute_loss(output[i:i + 1], Y) for i in range(count)])
            accuracy = np.mean((output > 0.5) == Y, axis=1)
            if step >= ITERATIONS or (done is not None and done(accuracy)):
                break
        grads = INIT_UTILS.backward_propagation(X, Y, cache)
        for name, mask in masks.items():
            grads[name] = grads[name] * mask
        params = INIT_UTILS.update_parameters(params, grads, LEARNING_RATE)
        step += 1
    trained: list[Params] = [{} for _ in starts]
    for name, value in params.items():
        blocks = name[0] == "W" and name != "W1"
        parts = _split(value, count) if blocks else np.split(value, count)
        for network, part in zip(trained, parts, strict=True):
            network[name] = part
    return trained, np.array(costs).T, accuracy, step


@dataclass
class Run:
    """One start trained on the circles: its cost curve and where it ended."""

    trained: Params
    costs: list[float]
    accuracy: float
    steps: int


@dataclass
class Training:
    """The student's starts for the notebook's model, trained together on first use."""

    calls: Calls
    X: np.ndarray
    Y: np.ndarray
    _runs: dict[tuple[str, int | None], Run | StudentError | CheckFailure] = field(
        default_factory=dict)

    def _starts(self) -> list[tuple[str, int | None]]:
        return [("zeros", None), ("random", SEEDS[0]), *(("he", seed) for seed in SEEDS)]

    def run(self, kind: str, seed: int | None = None) -> Run:
        """The training run from initialize_parameters_<kind> (seeded with `seed`); the
        failure of that call, if it failed."""
        if not self._runs:
            self._train()
        run = self._runs[kind, seed]
        if isinstance(run, StudentError | CheckFailure):
            raise run
        return run

    def _train(self) -> None:
        starts: dict[tuple[str, int | None], Params] = {}
        for kind, seed in self._starts():
            try:
                starts[kind, seed] = self.calls.parameters(kind, MODEL_DIMS, seed)
            except (StudentError, CheckFailure) as error:
                self._runs[kind, seed] = error
        if not starts:
            return
        # Training stops once a He draw has learnt the circles: all the tests need to see
        # (zeros stay identical from the first step, and x10's first cost is what it is).
        he = [index for index, (kind, _) in enumerate(starts) if kind == "he"]

        def learnt(accuracy: np.ndarray) -> bool:
            return bool(he) and float(np.max(accuracy[he])) >= TARGET_ACCURACY

        trained, costs, accuracy, steps = train_together(list(starts.values()), self.X,
                                                         self.Y, learnt)
        for index, key in enumerate(starts):
            self._runs[key] = Run(trained[index], costs[index].tolist(),
                                  float(accuracy[index]), steps)


@pytest.fixture(scope="session")
def circles() -> tuple[np.ndarray, np.ndarray]:
    """The notebook's training set (public: init_utils ships with the notebook)."""
    X, Y, _, _ = INIT_UTILS.load_dataset()
    return X, Y


@pytest.fixture(scope="session")
def training(calls: Calls, circles: tuple[np.ndarray, np.ndarray]) -> Training:
    return Training(calls, *circles)


@pytest.fixture(scope="session")
def first_cost(circles: tuple[np.ndarray, np.ndarray]) -> Callable[[Params], float]:
    """The notebook's loss on the training set before any training, from `params`."""
    X, Y = circles

    def cost(params: Params) -> float:
        output, _ = INIT_UTILS.forward_propagation(X, params)
        return float(INIT_UTILS.compute_loss(output, Y))
    return cost


@pytest.fixture(scope="session")
def judge() -> types.SimpleNamespace:
    """The suite's shared checks and constants, for its test modules (pytest imports them
    without touching sys.path, so they cannot import this file)."""
    return types.SimpleNamespace(
        FUNCTIONS=FUNCTIONS, MODEL_DIMS=MODEL_DIMS, SEEDS=SEEDS, WIDE=WIDE, ITERATIONS=ITERATIONS,
        LEARNING_RATE=LEARNING_RATE, COST_EVERY=COST_EVERY, TARGET_ACCURACY=TARGET_ACCURACY,
        PUBLIC=PUBLIC,
        INIT_UTILS=INIT_UTILS, structure_failure=structure_failure,
        zero_biases=check_zero_biases, spread=check_spread, gaussian=check_gaussian,
        weight_names=weight_names,
    )
