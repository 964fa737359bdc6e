"""`autograder new NAME` writes a skeleton that passes validate and grades at once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from autograder.cli import main
from tests.security.helpers import open_up, project_dir, write_code


def test_a_new_assignment_validates_and_grades(capsys: pytest.CaptureFixture[str]) -> None:
    with project_dir("scaffold") as root:
        (root / "solutions").mkdir()
        assert main(["--root", str(root), "new", "warmup"]) == 0
        assert main(["--root", str(root), "validate", "warmup"]) == 0
        assert "0 problems" in capsys.readouterr().out
        write_code(root / "uploads", "ann.py",
                   "import numpy as np\n\ndef relu(Z):\n    return np.where(Z > 0, Z, 0.0)\n")
        write_code(root / "uploads", "ben.py", "def relu(Z):\n    return Z\n")
        open_up(root)
        out = root / "out"
        assert main(["--root", str(root), "grade", "warmup", str(root / "uploads"),
                     "--out", str(out), "--workers", "1"]) == 0
        ann = json.loads((out / "submissions" / "ann" / "result.json").read_text())
        ben = json.loads((out / "submissions" / "ben" / "result.json").read_text())
        assert (ann["score"], ann["max_score"]) == (10, 10)
        assert ben["score"] == 0 and ben["misconceptions"] == ["RELU-KEEPS-NEGATIVES"]
        assert "ReLU sets every negative value to 0" in ben["tests"][0]["message"]


@pytest.mark.parametrize(("name", "error"), [("Bad-Name", "not usable"),
                                             ("taken", "exists already")])
def test_a_bad_or_taken_name_is_refused(tmp_path: Path, name: str, error: str,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "solutions" / "taken").mkdir(parents=True)
    assert main(["--root", str(tmp_path), "new", name]) != 0
    assert error in capsys.readouterr().err
