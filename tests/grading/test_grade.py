"""Grading submissions: every one gets a result, and the batch never stops."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from autograder import api
from autograder.cli import main
from tests.tiny_project import make_tiny_project, student_notebook


@pytest.fixture
def tiny(tmp_path: Path) -> Path:
    return make_tiny_project(tmp_path / "project")


def _grade(tiny: Path, *paths: Path) -> dict[str, dict[str, Any]]:
    report = api.grade("tiny", list(paths), tiny / "out", root=tiny, workers=1, regrade=True)
    return {r.submission_id: r.to_dict() for r in report.results}


def _grade_with_extra_test(tiny: Path, test_file: str, test_code: str, name: str,
                           student_code: str) -> dict[str, Any]:
    """Add `test_file` to the tiny hidden suite, grade one notebook of `student_code`."""
    (tiny / "solutions" / "tiny" / "hidden_tests" / test_file).write_text(test_code)
    return _grade(tiny, student_notebook(tiny / f"{name}.ipynb", student_code))[name]


def test_a_correct_submission_earns_full_marks(tiny: Path) -> None:
    sub = student_notebook(tiny / "alice.ipynb", "def double(x):\n    return x * 2")
    result = _grade(tiny, sub)["alice"]
    assert (result["score"], result["max_score"], result["status"]) == (4.0, 4.0, "graded")


def test_a_wrong_submission_loses_points_with_the_message_and_misconception(tiny: Path) -> None:
    sub = student_notebook(tiny / "bob.ipynb", "def double(x):\n    return x / 2")
    result = _grade(tiny, sub)["bob"]
    assert result["score"] == 1.0
    failed = [t for t in result["tests"] if not t["passed"]]
    assert failed[0]["message"] == ("double(x) is not twice x — TINY-HALF: Doubling "
                                    "multiplies by two.")   # the tiny catalog's hint
    assert failed[0]["misconceptions"] == ["TINY-HALF"]
    assert result["hints"] == {"TINY-HALF": "Doubling multiplies by two."}


def test_an_unimplemented_function_is_named_in_every_failure(tiny: Path) -> None:
    sub = student_notebook(tiny / "carl.ipynb",
                           "def double(x):\n    # YOUR CODE HERE\n    raise NotImplementedError()")
    result = _grade(tiny, sub)["carl"]
    assert result["score"] == 0
    assert all("double is not implemented yet" in t["message"]
               for t in result["tests"])


def test_a_corrupted_notebook_gets_zero_with_the_reason_and_the_batch_goes_on(tiny: Path) -> None:
    broken = tiny / "dora.ipynb"
    broken.write_text('{"cells": [')
    good = student_notebook(tiny / "erik.ipynb", "def double(x):\n    return 2 * x")
    results = _grade(tiny, broken, good)
    assert results["dora"]["status"] == "error"
    assert results["dora"]["score"] == 0 and results["dora"]["max_score"] == 4.0
    assert "invalid JSON" in str(results["dora"]["error"])
    assert results["erik"]["score"] == 4.0


def test_an_exception_and_a_syntax_error_elsewhere_are_contained(tiny: Path) -> None:
    sub = student_notebook(tiny / "fay.ipynb",
                           "def double(x):\n    return {}[x]\n\ndef broken(:\n    pass")
    result = _grade(tiny, sub)["fay"]
    assert result["score"] == 0
    assert any("syntax error" in note for note in result["notes"])


def test_a_global_used_instead_of_an_argument_is_named(tiny: Path) -> None:
    """By the catalog id the assignment's settings give for it (none by default)."""
    import nbformat
    from nbformat.v4 import new_code_cell

    source = tiny / "solutions" / "tiny"
    (source / "assignment.toml").write_text('[diagnosis]\nnotebook_globals = "TINY-GLOBALS"\n')
    path = student_notebook(tiny / "gus.ipynb", "def double(x):\n    return 2 * y")
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(new_code_cell("y = np.ones(3)\ndouble(y)"))
    nbformat.write(nb, path)
    result = _grade(tiny, path)["gus"]
    first = result["tests"][0]
    assert "instead of its arguments" in first["message"]
    assert first["misconceptions"] == ["TINY-GLOBALS"]


def test_results_are_written_as_json_per_submission(tiny: Path) -> None:
    student_notebook(tiny / "hana.ipynb", "def double(x):\n    return 2 * x")
    _grade(tiny, tiny / "hana.ipynb")
    written = json.loads((tiny / "out" / "submissions" / "hana" / "result.json").read_text())
    assert written["submission_id"] == "hana" and written["assignment"] == "tiny"
    assert {"name", "points", "max_points", "passed", "message", "misconceptions"} <= set(
        written["tests"][0])


def test_nbgrader_layout_takes_the_student_folder_as_id(tiny: Path) -> None:
    folder = tiny / "submitted" / "ivy" / "tiny"
    folder.mkdir(parents=True)
    student_notebook(folder / "tiny.ipynb", "def double(x):\n    return 2 * x")
    student_notebook(folder / "scratch.ipynb", "def double(x):\n    return 0")
    results = _grade(tiny, tiny / "submitted")
    assert list(results) == ["ivy"]
    assert results["ivy"]["score"] == 4.0  # the notebook named after the assignment counts


def test_the_command_prints_a_table_and_exits_zero_whatever_the_scores(
    tiny: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    student_notebook(tiny / "jon.ipynb", "def double(x):\n    return x")
    code = main(["--root", str(tiny), "grade", "tiny", str(tiny / "jon.ipynb"),
                 "--out", str(tiny / "out")])
    assert code == 0
    assert "jon" in capsys.readouterr().out


def test_an_unknown_assignment_is_a_clear_error(
    tiny: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["--root", str(tiny), "grade", "nope", str(tiny), "--out", str(tiny / "o")])
    assert code == 2
    assert "no assignment 'nope'" in capsys.readouterr().err


def test_a_missing_path_is_a_clear_error(tiny: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["--root", str(tiny), "grade", "tiny", str(tiny / "absent.ipynb"),
                 "--out", str(tiny / "o")])
    assert code == 2
    assert "no such file" in capsys.readouterr().err


def test_a_dls_style_notebook_without_metadata_grades_by_function_name(tiny: Path) -> None:
    """No nbgrader metadata, `# GRADED FUNCTION:` comments, the course's helper modules
    absent, and the function in a different cell than the release had it: it still grades,
    and the failed imports are reported, not fatal."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    nb = new_notebook(cells=[
        new_markdown_cell("# Planar data classification with one hidden layer"),
        new_code_cell("import numpy as np\nfrom testCases_v2 import *\n"
                      "from planar_utils import plot_decision_boundary, load_planar_dataset"),
        new_code_cell("X, Y = load_planar_dataset()\nprint(X.shape)"),
        new_code_cell("# scratch work\nz = 3"),
        new_code_cell("# GRADED FUNCTION: double\n\ndef double(x):\n    return x + x"),
        new_code_cell("double_test(double)"),
    ])
    path = tiny / "dls.ipynb"
    nbformat.write(nb, path)
    result = _grade(tiny, path)["dls"]
    assert (result["score"], result["status"]) == (4.0, "graded")
    assert any("testCases_v2" in note for note in result["notes"])


def test_call_within_bounds_one_call_and_the_next_call_gets_a_fresh_process(tiny: Path) -> None:
    """`student.call_within(s, ...)` stops a call after s seconds however long --timeout
    is (10 s here); the tests after it still grade."""
    (tiny / "solutions" / "tiny" / "hidden_tests" / "test_a_quick.py").write_text(
        "from autograder.testing import points\n\n"
        "@points(1)\n"
        "def test_double_of_one_is_quick(student):\n"
        "    assert student.call_within(0.3, 'double', 1.0) == 2.0\n")
    slow_on_one = ("import time\n\ndef double(x):\n    if isinstance(x, float) and x == 1.0:\n"
                   "        time.sleep(5)\n    return 2 * x")
    results = _grade(tiny, student_notebook(tiny / "slow.ipynb", slow_on_one),
                     student_notebook(tiny / "quick.ipynb", "def double(x):\n    return 2 * x"))
    slow = {t["name"]: t for t in results["slow"]["tests"]}
    quick = results["quick"]
    assert quick["score"] == quick["max_score"] == 5.0
    assert results["slow"]["score"] == 4.0
    assert slow["test_a_quick::test_double_of_one_is_quick"]["message"] == (
        "double did not finish within 0.3 s (an infinite loop, or far too much work?)")
    assert results["slow"]["duration_s"] < 4  # killed at 0.3 s, not after the 5 s sleep


def test_a_plain_import_loads_in_the_sandbox_only_when_a_call_uses_it(tiny: Path) -> None:
    """In defs mode `import x` binds a module that loads on first use, inside the sandbox
    (the warm parent no longer holds what a notebook imports only to plot)."""
    result = _grade_with_extra_test(
        tiny, "test_lazy.py",
        "from autograder.testing import points\n\n"
        "@points(1)\n"
        "def test_wave_loads_on_first_use(student):\n"
        "    assert student.wave_loaded() is False\n"
        "    assert student.pcm() == 1\n"
        "    assert student.wave_loaded() is True\n",
        "lazy",
        "import sys\nimport wave as w\n\ndef double(x):\n    return 2 * x\n\n"
        "def wave_loaded():\n    return 'wave' in sys.modules\n\n"
        "def pcm():\n    return w.WAVE_FORMAT_PCM")
    assert result["score"] == result["max_score"] == 5.0, result["tests"]


def test_each_worker_keeps_to_a_cpu_of_its_own_when_there_are_enough() -> None:
    from autograder.grading.batch import cpu_for_worker

    assert [cpu_for_worker(slot, 2, [0, 1]) for slot in range(2)] == [0, 1]
    assert [cpu_for_worker(slot, 2, [3, 5, 7]) for slot in range(2)] == [3, 5]
    assert cpu_for_worker(0, 3, [0, 1]) is None   # more workers than CPUs: none is pinned
    assert cpu_for_worker(0, 1, []) is None       # the OS cannot say


def test_the_sandbox_runs_on_its_workers_cpu(tiny: Path) -> None:
    """Pinning reaches the sandbox: the worker's warm parent and sandboxes inherit it."""
    result = _grade_with_extra_test(
        tiny, "test_cpu.py",
        "from autograder.testing import points\n\n"
        "@points(1)\n"
        "def test_one_cpu(student):\n"
        "    assert student.cpus() == 1\n",
        "pinned",
        "import os\n\ndef double(x):\n    return 2 * x\n\n"
        "def cpus():\n    return len(os.sched_getaffinity(0))")
    assert result["score"] == result["max_score"] == 5.0, result["tests"]


def test_set_seed_seeds_the_sandboxs_generator_for_the_next_call(tiny: Path) -> None:
    """The seed travels with the next call's request; that call draws from it."""
    result = _grade_with_extra_test(
        tiny, "test_seed.py",
        "from autograder.testing import points\n"
        "import numpy as np\n\n"
        "@points(1)\n"
        "def test_seeded_draws_repeat(student):\n"
        "    student.set_seed(5)\n"
        "    first = student.draw()\n"
        "    again = student.draw()\n"
        "    student.set_seed(5)\n"
        "    assert student.draw() == first == np.random.RandomState(5).rand()\n"
        "    assert again != first\n",
        "seeded",
        "import numpy as np\n\ndef double(x):\n    return 2 * x\n\n"
        "def draw():\n    return float(np.random.rand())")
    assert result["score"] == result["max_score"] == 5.0, result["tests"]
