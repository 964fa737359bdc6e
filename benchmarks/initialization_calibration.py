"""The measurements behind the Initialization suite's thresholds, reproducible.

Usage: python benchmarks/initialization_calibration.py [DRAWS]   (default 300)

The suite judges stochastic functions by properties that a correct function satisfies on
(almost) every draw. This script draws many correct and wrong initializations with numpy's
global generator seeded 0, 1, 2, ... (as `student.set_seed` does) and measures, with the
suite's own code (its conftest and init_utils):

- how often one He draw fails to reach 90% training accuracy with the grader's schedule
  (the suite judges the best of three draws);
- the first cost of the notebook's network from ten-times-randn weights, and from
  standard-Gaussian ones (the suite asks for the median of three draws above 5);
- the signal's growth through 6 ReLU layers of 100 units, for He and Xavier weights.
"""

from __future__ import annotations

import importlib.util
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SUITE = ROOT / "solutions" / "initialization" / "hidden_tests"


def _load(path: Path, name: str) -> types.ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module   # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _draw(layers_dims: list[int], seed: int, scale_of: Callable[[list[int], int], float],
          ) -> dict[str, np.ndarray]:
    np.random.seed(seed)
    params = {}
    for layer in range(1, len(layers_dims)):
        shape = (layers_dims[layer], layers_dims[layer - 1])
        params[f"W{layer}"] = np.random.randn(*shape) * scale_of(layers_dims, layer)
        params[f"b{layer}"] = np.zeros((layers_dims[layer], 1))
    return params


def he(dims: list[int], layer: int) -> float:
    return float(np.sqrt(2 / dims[layer - 1]))


def xavier(dims: list[int], layer: int) -> float:
    return float(np.sqrt(1 / dims[layer - 1]))


def main(draws: int = 300) -> None:
    suite = _load(SUITE / "conftest.py", "initialization_conftest")
    test_he = _load(SUITE / "test_he.py", "initialization_test_he")
    utils = suite.INIT_UTILS
    X, Y, _, _ = utils.load_dataset()

    started = time.perf_counter()
    accuracies: list[float] = []
    for first in range(0, draws, 20):   # 20 networks trained together at a time
        starts = [_draw(suite.MODEL_DIMS, seed, he) for seed in range(first,
                                                                      min(first + 20, draws))]
        accuracies += suite.train_together(starts, X, Y)[2].tolist()
    failing = [seed for seed, accuracy in enumerate(accuracies) if accuracy < 0.9]
    print(f"He, {suite.ITERATIONS} steps at {suite.LEARNING_RATE}: {len(failing)}/{draws} "
          f"draws below 90% ({len(failing) / draws:.1%}), seeds {failing[:10]}; "
          f"the suite's seeds {suite.SEEDS}: "
          f"{[round(accuracies[s], 3) for s in suite.SEEDS if s < draws]} "
          f"({time.perf_counter() - started:.0f} s)")

    for label, scale in (("x10", lambda dims, layer: 10.0), ("x1", lambda dims, layer: 1.0)):
        costs = []
        for seed in range(draws * 10):
            output, _ = utils.forward_propagation(X, _draw(suite.MODEL_DIMS, seed, scale))
            costs.append(utils.compute_loss(output, Y))
        values = np.array(costs)
        print(f"first cost from {label} weights over {values.size} draws: median "
              f"{np.median(values):.3g}, 1% {np.percentile(values, 1):.3g}, "
              f"min {values.min():.3g}, max {values.max():.3g}, below 5: "
              f"{np.mean(values < 5):.2%}")

    inputs = np.random.default_rng(0).standard_normal((test_he.DEEP[0], test_he.SIGNAL_INPUTS))
    for label, scale_of, count in (("He", he, draws * 10), ("Xavier", xavier, draws * 2)):
        ratios = []
        for seed in range(count):
            a, sizes = inputs, []
            params = _draw(test_he.DEEP, seed, scale_of)
            for layer in range(1, len(test_he.DEEP)):
                z = params[f"W{layer}"] @ a
                sizes.append(np.sqrt(np.mean(z ** 2)))
                a = np.maximum(z, 0)
            ratios.append(sizes[-1] / sizes[0])
        print(f"signal through {len(test_he.DEEP) - 1} ReLU layers, {label} over {count} "
              f"draws: last/first within [{min(ratios):.3g}, {max(ratios):.3g}]")


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:]))
