"""Where an assignment's files live: the instructor's source and the student release.

Layout (DESIGN.md): `solutions/<name>/` holds the source notebook `<name>.ipynb`, the hidden
suite `hidden_tests/`, helper modules the notebook imports (`*.py` beside it) and the public
check cases (`public_cases.py`); `assignments/<name>/` is the generated release.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from autograder.assignment_config import CONFIG_FILE, AssignmentConfig
from autograder.catalog import CATALOG_FILE, Catalog

__all__ = ["Assignment", "AssignmentNotFound", "find_project_root"]

PUBLIC_CASES = "public_cases.py"


class AssignmentNotFound(FileNotFoundError):
    """No such assignment under solutions/; the message lists the ones that exist."""


def find_project_root(start: Path | None = None) -> Path:
    """The nearest folder at or above `start` (default: the working directory) with solutions/."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "solutions").is_dir():
            return folder
    raise AssignmentNotFound(
        f"no solutions/ folder at or above {here}: run this inside an autograder project"
    )


@dataclass(frozen=True)
class Assignment:
    name: str
    root: Path

    @classmethod
    def find(cls, name: str, root: Path | None = None) -> Assignment:
        project = root or find_project_root()
        assignment = cls(name, project.resolve())
        if not assignment.source_notebook.is_file():
            solutions = project / "solutions"
            available = sorted(
                p.name for p in solutions.iterdir() if (p / f"{p.name}.ipynb").is_file()
            ) if solutions.is_dir() else []
            raise AssignmentNotFound(
                f"no assignment {name!r}: expected {assignment.source_notebook}"
                + (f"; available: {', '.join(available)}" if available else "")
            )
        return assignment

    @property
    def source_dir(self) -> Path:
        return self.root / "solutions" / self.name

    @property
    def source_notebook(self) -> Path:
        return self.source_dir / f"{self.name}.ipynb"

    @property
    def hidden_tests_dir(self) -> Path:
        return self.source_dir / "hidden_tests"

    @property
    def public_cases(self) -> Path:
        return self.source_dir / PUBLIC_CASES

    @cached_property
    def config(self) -> AssignmentConfig:
        """The settings in assignment.toml (all defaults without one)."""
        return AssignmentConfig.load(self.source_dir / CONFIG_FILE)

    @cached_property
    def catalog(self) -> Catalog:
        """The assignment's own misconceptions (misconceptions.toml; none without one)."""
        return Catalog.load(self.catalog_file, missing_ok=True)

    @property
    def catalog_file(self) -> Path:
        return self.source_dir / CATALOG_FILE

    @property
    def helper_files(self) -> tuple[Path, ...]:
        """Modules beside the source notebook that the release ships: those assignment.toml
        lists, else every .py file there but the public cases."""
        if self.config.helpers is not None:
            return tuple(self.source_dir / f"{name}.py" for name in self.config.helpers)
        return tuple(
            sorted(p for p in self.source_dir.glob("*.py") if p.name != PUBLIC_CASES)
        )

    @property
    def helper_modules(self) -> dict[str, Path]:
        """The helper modules by name: what `from utils import ...` imports."""
        return {path.stem: path for path in self.helper_files}

    @property
    def variants_module(self) -> Path:
        """Optional: the suite's known wrong answers (`public_variants(function, args, kwargs,
        reference)`), which generation also stores for the public checks to diagnose."""
        return self.hidden_tests_dir / "variants.py"

    @property
    def corpora_dir(self) -> Path:
        """Instructor-only submissions that prove the suite: `valid/` and `mutants/`."""
        return self.source_dir / "corpora"

    @property
    def release_dir(self) -> Path:
        return self.root / "assignments" / self.name

    @property
    def release_notebook(self) -> Path:
        return self.release_dir / f"{self.name}.ipynb"
