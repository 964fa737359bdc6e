"""Every assignment's solved source notebook runs top to bottom in a real Jupyter kernel.

This is the instructor's guarantee that the teaching material works: every cell runs without
error in a `python3` kernel, within a minute, in a folder laid out like the student release
(the generated `public_checks.py` and the shipped helper modules beside the notebook), and
its public checks pass. For `one_hidden_layer`, the plots render and the experiment shows
what the text says it shows (random initialization trains the 4-unit tanh network to about
90%, zero and constant initialization do not). For `deep_network`, so does its experiment:
from zero every hidden layer stays one zero row, from a constant one distinct row, from He's
scale every row its own; and the 0.01 scale leaves the cost at log 2.
"""

from __future__ import annotations

import re
import shutil
import time
from collections.abc import Callable
from pathlib import Path

import nbformat
import pytest
from nbformat import NotebookNode

from autograder.assignment import Assignment
from tests.conftest import PROJECT_ROOT

TIME_LIMIT_S = 60.0
MAX_EXECUTED_BYTES = 1_000_000
# The notebook prints one such line per initialization, e.g. "Accuracy (random init): 0.917".
ACCURACY_LINE = re.compile(r"Accuracy \((\w+) init\): ([0-9]+\.[0-9]+)")
# Cells (by nbgrader grade_id) that must each show a figure: the dataset, the trained
# network's decision boundary, and the initialization experiment (W1 rows + boundaries).
FIGURE_CELLS = ("load_data", "train_random", "experiment_plots")
MIN_FIGURES = 5  # the three above, the activation curves and the activation comparison


def _grade_id(cell: NotebookNode) -> str | None:
    value = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
    return value if isinstance(value, str) else None


def _pngs(cell: NotebookNode) -> int:
    return sum("image/png" in output.get("data", {}) for output in cell.get("outputs", []))


def _stdout(nb: NotebookNode) -> str:
    return "".join(
        output.get("text", "")
        for cell in nb.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "stream" and output.get("name") == "stdout"
    )


def _accuracies(nb: NotebookNode) -> dict[str, list[float]]:
    found: dict[str, list[float]] = {}
    for init, value in ACCURACY_LINE.findall(_stdout(nb)):
        found.setdefault(init, []).append(float(value))
    return found


_EXECUTED: dict[str, tuple[NotebookNode, float]] = {}


def _execute(assignment: Assignment, workdir: Path) -> tuple[NotebookNode, float]:
    """The source notebook, executed in a release folder; and the wall time it took."""
    from nbclient import NotebookClient

    from autograder.generate import generate_release

    generate_release(assignment, workdir)
    for needed in ("public_checks.py", *(path.name for path in assignment.helper_files)):
        assert (workdir / needed).is_file(), f"generate_release did not write {needed}"
    # The SOURCE notebook (with solutions), under a name that cannot clash with the release's.
    notebook_path = workdir / f"{assignment.name}_source.ipynb"
    shutil.copyfile(assignment.source_notebook, notebook_path)

    nb = nbformat.read(notebook_path, as_version=4)
    client = NotebookClient(
        nb,
        kernel_name="python3",
        timeout=int(TIME_LIMIT_S),  # per cell; the total is asserted below
        allow_errors=True,  # run to the end, then report every failing cell at once
        resources={"metadata": {"path": str(workdir)}},
    )
    start = time.perf_counter()
    client.execute()
    return nb, time.perf_counter() - start


@pytest.fixture(scope="module")
def run_of(tmp_path_factory: pytest.TempPathFactory
           ) -> Callable[[Assignment], tuple[NotebookNode, float]]:
    def run(assignment: Assignment) -> tuple[NotebookNode, float]:
        if assignment.name not in _EXECUTED:
            workdir = tmp_path_factory.mktemp(f"run-{assignment.name}") / "release"
            _EXECUTED[assignment.name] = _execute(assignment, workdir)
        return _EXECUTED[assignment.name]
    return run


@pytest.fixture(scope="module")
def executed(run_of: Callable[[Assignment], tuple[NotebookNode, float]],
             assignment: Assignment) -> tuple[NotebookNode, float]:
    """Each assignment's notebook, run once."""
    return run_of(assignment)


@pytest.fixture(scope="module")
def experiment(run_of: Callable[[Assignment], tuple[NotebookNode, float]],
               one_hidden_layer: Assignment) -> tuple[NotebookNode, float]:
    """one_hidden_layer's notebook, for the checks of its own experiment."""
    return run_of(one_hidden_layer)


@pytest.mark.slow
def test_every_cell_runs_without_error(executed: tuple[NotebookNode, float]) -> None:
    nb, _ = executed
    errors = [
        f"cell {index} ({_grade_id(cell) or 'free'}): {output.ename}: {output.evalue}"
        for index, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "error"
    ]
    assert not errors, "cells raised errors:\n" + "\n".join(errors)


@pytest.mark.slow
def test_public_checks_pass_on_the_solution(executed: tuple[NotebookNode, float]) -> None:
    nb, _ = executed
    check_cells = [cell for cell in nb.cells if (_grade_id(cell) or "").startswith("check_")]
    assert check_cells, "no check cells found"
    failing = [
        f"{_grade_id(cell)}: {text.strip()[:300]}"
        for cell in check_cells
        if "✗" in (text := "".join(output.get("text", "") for output in cell.outputs))
    ]
    assert not failing, "public checks fail on the reference solution:\n" + "\n".join(failing)


@pytest.mark.slow
def test_runs_in_under_a_minute(executed: tuple[NotebookNode, float]) -> None:
    _, seconds = executed
    assert seconds < TIME_LIMIT_S, f"the notebook took {seconds:.1f} s (limit {TIME_LIMIT_S} s)"


@pytest.mark.slow
def test_plots_render(experiment: tuple[NotebookNode, float]) -> None:
    nb, _ = experiment
    by_id = {_grade_id(cell): cell for cell in nb.cells if _grade_id(cell)}
    missing_cells = [grade_id for grade_id in FIGURE_CELLS if grade_id not in by_id]
    assert not missing_cells, f"no cells with grade_id {missing_cells}"
    without_figure = [grade_id for grade_id in FIGURE_CELLS if _pngs(by_id[grade_id]) == 0]
    assert not without_figure, f"these cells rendered no figure: {without_figure}"
    total = sum(_pngs(cell) for cell in nb.cells if cell.cell_type == "code")
    assert total >= MIN_FIGURES, f"{total} figures rendered, expected at least {MIN_FIGURES}"


@pytest.mark.slow
def test_random_init_reaches_about_90_percent(experiment: tuple[NotebookNode, float]) -> None:
    nb, _ = experiment
    random_init = _accuracies(nb).get("random")
    assert random_init, "the notebook printed no 'Accuracy (random init): ...' line"
    assert min(random_init) >= 0.85, f"random init trained to only {random_init}"


@pytest.mark.slow
def test_symmetric_inits_fall_short(experiment: tuple[NotebookNode, float]) -> None:
    """The experiment's point: zeros learn nothing, a constant start only a straight line."""
    nb, _ = experiment
    found = _accuracies(nb)
    assert {"zeros", "constant", "random"} <= found.keys(), f"accuracies printed: {found}"
    assert max(found["zeros"]) <= 0.55, f"zeros init reached {found['zeros']}"
    assert max(found["constant"]) <= min(found["random"]) - 0.1, found


@pytest.mark.slow
def test_no_numerical_warnings(executed: tuple[NotebookNode, float]) -> None:
    nb, _ = executed
    warned = [
        f"cell {index}: {output.text.strip()[:200]}"
        for index, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
        for output in cell.outputs
        if output.output_type == "stream" and "Warning" in output.text
    ]
    assert not warned, "cells printed warnings:\n" + "\n".join(warned)


@pytest.mark.slow
def test_executed_notebook_stays_small(executed: tuple[NotebookNode, float]) -> None:
    nb, _ = executed
    size = len(nbformat.writes(nb).encode("utf-8"))
    assert size < MAX_EXECUTED_BYTES, f"executed notebook is {size} bytes: shrink the figures"


def test_source_notebook_is_saved_without_outputs(assignment: Assignment) -> None:
    """Outputs of the solution would be noise in diffs (and the release clears them anyway)."""
    nb = nbformat.read(assignment.source_notebook, as_version=4)
    with_outputs = [
        index
        for index, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None)
    ]
    assert not with_outputs, f"cells saved with outputs: {with_outputs}"


# deep_network prints, per start: "Accuracy (zeros init): 0.500   distinct rows: W1 1/20,
# W2 1/10, W3 1/5   largest |W1|: 0", and the first and last cost of each training.
HIDDEN_ROWS = re.compile(r"Accuracy \((\w+) init\): ([0-9.]+)\s+distinct rows: (.*?)\s+"
                         r"largest \|W1\|: (\S+)")
LAYER_ROWS = re.compile(r"W\d+ (\d+)/(\d+)")
SMALL_SCALE_COST = re.compile(r"Cost with the 0\.01 scale: ([0-9.]+) -> ([0-9.]+)")


@pytest.fixture(scope="module")
def deep_experiment(run_of: Callable[[Assignment], tuple[NotebookNode, float]]
                    ) -> dict[str, tuple[float, list[tuple[int, int]], float]]:
    """deep_network's experiment, by start: accuracy, (distinct rows, rows) per hidden
    layer, and the largest |W1| after training."""
    nb, _ = run_of(Assignment.find("deep_network", PROJECT_ROOT))
    return {init: (float(accuracy), [(int(a), int(b)) for a, b in LAYER_ROWS.findall(rows)],
                   float(largest))
            for init, accuracy, rows, largest in HIDDEN_ROWS.findall(_stdout(nb))}


@pytest.mark.slow
def test_deep_network_zero_start_leaves_every_hidden_layer_one_zero_row(
    deep_experiment: dict[str, tuple[float, list[tuple[int, int]], float]],
) -> None:
    accuracy, layers, largest = deep_experiment["zeros"]
    assert len(layers) == 3 and all(distinct == 1 for distinct, _ in layers), layers
    assert largest == 0.0 and accuracy <= 0.55


@pytest.mark.slow
def test_deep_network_constant_start_keeps_one_row_per_layer_and_he_breaks_it(
    deep_experiment: dict[str, tuple[float, list[tuple[int, int]], float]],
) -> None:
    constant, he = deep_experiment["constant"], deep_experiment["he"]
    assert all(distinct == 1 for distinct, _ in constant[1]) and constant[2] > 0
    assert all(distinct == rows for distinct, rows in he[1]), he[1]
    assert he[0] >= 0.9 and constant[0] <= he[0] - 0.05


@pytest.mark.slow
def test_deep_network_small_scale_leaves_the_cost_at_log_2(
    run_of: Callable[[Assignment], tuple[NotebookNode, float]],
) -> None:
    nb, _ = run_of(Assignment.find("deep_network", PROJECT_ROOT))
    match = SMALL_SCALE_COST.search(_stdout(nb))
    assert match, "the notebook printed no 'Cost with the 0.01 scale' line"
    assert abs(float(match.group(1)) - 0.6931) < 1e-3
    assert abs(float(match.group(2)) - 0.6931) < 1e-3
