"""Trusted code (the reference) loads in-process, its plotting imports deferred to first use."""

from __future__ import annotations

import sys
import uuid
from pathlib import Path

import pytest

from autograder.grading.inprocess import load_namespace
from autograder.sandbox.lazy_imports import LazyModule


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh package `probe_<random>` with a submodule `sub`, importable from tmp_path."""
    name = f"probe_{uuid.uuid4().hex[:12]}"
    (tmp_path / name).mkdir()
    (tmp_path / name / "__init__.py").write_text("VALUE = 1\n")
    (tmp_path / name / "sub.py").write_text("VALUE = 2\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    return name


def _load(tmp_path: Path, code: str) -> dict[str, object]:
    path = tmp_path / "reference.py"
    path.write_text(code)
    loaded = load_namespace(path)
    assert loaded.notes == []
    return loaded.namespace


def test_an_import_runs_only_when_a_function_uses_the_module(tmp_path: Path,
                                                             package: str) -> None:
    namespace = _load(tmp_path, f"import {package} as p\n\ndef f():\n    return p.VALUE\n")
    assert isinstance(namespace["p"], LazyModule)
    assert package not in sys.modules
    assert namespace["f"]() == 1  # type: ignore[operator]
    assert package in sys.modules


def test_a_dotted_import_binds_the_package_and_loads_the_submodule(tmp_path: Path,
                                                                  package: str) -> None:
    namespace = _load(tmp_path, f"import {package}.sub\n\n"
                                f"def f():\n    return {package}.sub.VALUE + {package}.VALUE\n")
    assert f"{package}.sub" not in sys.modules
    assert namespace["f"]() == 3  # type: ignore[operator]


def test_an_aliased_submodule_is_the_submodule(tmp_path: Path, package: str) -> None:
    namespace = _load(tmp_path, f"import {package}.sub as s\n\ndef f():\n    return s.VALUE\n")
    assert namespace["f"]() == 2  # type: ignore[operator]


def test_a_missing_module_is_still_reported_at_load_time(tmp_path: Path) -> None:
    path = tmp_path / "reference.py"
    path.write_text("import no_such_module_anywhere as m\n\ndef f():\n    return 1\n")
    loaded = load_namespace(path)
    assert len(loaded.notes) == 1 and "ModuleNotFoundError" in loaded.notes[0]


def test_modules_already_loaded_and_from_imports_are_bound_directly(tmp_path: Path,
                                                                   package: str) -> None:
    namespace = _load(tmp_path, f"import json\nfrom {package} import VALUE\n")
    assert namespace["json"] is sys.modules["json"]
    assert namespace["VALUE"] == 1
