"""The trusted grader does bounded work on student input, however large.

A student controls how much code and output a notebook holds. Parsed in the grader, a 4 MB
cell (`TABLE = [0, 0, ...]`) once took a worker to 1.9 GB, and 8 MB to 3.9 GB. Now code
larger than the grader parses itself is extracted inside the sandbox, under its limits, and
notebooks are parsed from their bytes. Graded with the real assignment (its workers hold the
reference, the suite and the flower data), the grader's processes stay below 500 MB.
"""

from __future__ import annotations

import json
from pathlib import Path

from nbformat.v4 import new_code_cell, new_output

from tests.conftest import PROJECT_ROOT
from tests.intake.conftest import run_cli

MB = 2**20
LIMIT = 500 * MB
CORRECT = PROJECT_ROOT / "examples" / "one_hidden_layer" / "ada_correct.ipynb"


def _grade(tmp_path: Path, notebook: Path) -> dict[str, object]:
    out = tmp_path / "out"
    run = run_cli("grade", "one_hidden_layer", notebook, "--out", out, "--workers", "1",
                  root=PROJECT_ROOT)
    assert run.code == 0, run.stderr
    assert run.peak_tree < LIMIT, f"the grader peaked at {run.peak_tree / MB:.0f} MB"
    print(f"{notebook.name}: grader peak {run.peak_tree / MB:.0f} MB")
    result: dict[str, object] = json.loads(
        (out / "submissions" / notebook.stem / "result.json").read_text())
    return result


def test_a_20mb_single_cell_notebook(tmp_path: Path) -> None:
    nb = json.loads(CORRECT.read_text())
    nb["cells"] = [new_code_cell("TABLE = [" + "0, " * (20 * MB // 3) + "]")]
    notebook = tmp_path / "single_cell.ipynb"
    notebook.write_text(json.dumps(nb))
    assert notebook.stat().st_size >= 20 * MB
    result = _grade(tmp_path, notebook)
    assert result["score"] == 0
    assert any("cell 0: cannot be parsed within the memory limit" in note
               for note in result["notes"]), result["notes"]  # type: ignore[attr-defined]


def test_a_100mb_notebook_with_one_wide_character(tmp_path: Path) -> None:
    """Outputs make the size; one emoji would make a decoded copy 4 bytes a character."""
    nb = json.loads(CORRECT.read_text())
    nb["cells"][0]["source"] += "  # \U0001F600"
    printed = "loss 0.123456\n" * 75_000
    nb["cells"].append(new_code_cell("train()", outputs=[
        new_output("stream", name="stdout", text=printed) for _ in range(93 * MB // len(printed))]))
    notebook = tmp_path / "large.ipynb"
    notebook.write_text(json.dumps(nb, ensure_ascii=False))
    assert 98 * MB < notebook.stat().st_size <= 100 * MB
    result = _grade(tmp_path, notebook)
    assert result["score"] == 100
