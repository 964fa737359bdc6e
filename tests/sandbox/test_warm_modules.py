"""What the warm parent imports: `from` imports always, plain imports only when needed."""

from __future__ import annotations

from pathlib import Path

import pytest

from autograder.assignment import Assignment
from autograder.grading.grade import _sandbox_config
from autograder.notebook.extract import Mode, Snippet
from autograder.sandbox.config import SandboxConfig
from autograder.sandbox.isolation import reachable_inside

IMPORTS = (Snippet(0, 1, "import matplotlib.pyplot as plt", "import"),
           Snippet(0, 2, "import numpy as np, json", "import"),
           Snippet(0, 3, "from sklearn.datasets import make_moons", "import"))


def _config(mode: Mode) -> SandboxConfig:
    return _sandbox_config(Assignment("a", Path("/p")), SandboxConfig(), IMPORTS, mode, ())


def test_defs_mode_binds_plain_imports_lazily_and_warms_from_imports() -> None:
    config = _config(Mode.DEFS)
    assert config.warm_modules == ("sklearn.datasets",)
    assert config.lazy_modules == ("json", "matplotlib.pyplot", "numpy")


def test_full_mode_warms_every_import() -> None:
    """Every statement runs at load time there, plots included: nothing is worth deferring."""
    config = _config(Mode.FULL)
    assert config.warm_modules == ("json", "matplotlib.pyplot", "numpy", "sklearn.datasets")
    assert config.lazy_modules == ()


def test_the_split_survives_the_trip_to_the_warm_parent() -> None:
    config = _config(Mode.DEFS)
    assert SandboxConfig.from_dict(config.to_dict()) == config


def test_a_module_is_reachable_inside_only_if_it_lies_in_the_kept_python_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    (tmp_path / "course_helpers_for_this_test.py").write_text("X = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert reachable_inside("json")
    assert reachable_inside("numpy.linalg")
    assert not reachable_inside("course_helpers_for_this_test")  # the parent must warm it
    assert not reachable_inside("no_such_module_anywhere")
