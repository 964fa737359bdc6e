"""Everything a grader image needs, copied into one folder: the assignment's instructor
files (source notebook, hidden tests, helpers; not the corpora, which only prove the suite)
and the autograder package itself with a minimal pyproject, so `pip install` of that folder
gives the same engine that wrote the bundle. Zips are written deterministically.
"""

from __future__ import annotations

import importlib.metadata
import importlib.resources
import shutil
import stat
import tomllib
import zipfile
from pathlib import Path

import autograder
from autograder.assignment import Assignment

__all__ = ["copy_assignment", "copy_package", "runtime_requirements", "template", "write_zip"]

SKIPPED = ("__pycache__", ".ipynb_checkpoints", "corpora", ".pytest_cache", ".mypy_cache")
ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def template(name: str) -> str:
    """A file of autograder/platforms/templates/ (scripts and the Dockerfile)."""
    return (importlib.resources.files("autograder.platforms") / "templates" / name).read_text(
        encoding="utf-8")


def _ignore(_folder: str, names: list[str]) -> set[str]:
    return {name for name in names if name in SKIPPED or name.endswith(".pyc")}


def copy_assignment(assignment: Assignment, project: Path) -> Path:
    """Copy `solutions/<name>/` (hidden tests included) into `project/solutions/<name>/`."""
    target = project / "solutions" / assignment.name
    shutil.copytree(assignment.source_dir, target, ignore=_ignore, dirs_exist_ok=True)
    return target


def runtime_requirements() -> list[str]:
    """The engine's own dependencies (not the dev extras), as installed or as declared."""
    try:
        declared = importlib.metadata.requires("autograder") or []
        return [item for item in declared if "extra ==" not in item]
    except importlib.metadata.PackageNotFoundError:
        pyproject = Path(autograder.__file__).resolve().parents[1] / "pyproject.toml"
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        return list(data["project"]["dependencies"])


def _pyproject(requirements: list[str], data_files: list[str]) -> str:
    deps = "".join(f'    "{item}",\n' for item in requirements)
    data = ", ".join(f'"{name}"' for name in data_files)
    return (
        '[build-system]\nrequires = ["setuptools>=61", "wheel"]\n'
        'build-backend = "setuptools.build_meta"\n\n'
        f'[project]\nname = "autograder"\nversion = "{autograder.__version__}"\n'
        f'requires-python = ">=3.11"\ndependencies = [\n{deps}]\n\n'
        '[project.scripts]\nautograder = "autograder.cli:main"\n\n'
        '[tool.setuptools.packages.find]\ninclude = ["autograder*"]\n\n'
        f'[tool.setuptools.package-data]\nautograder = [{data}]\n'
    )


def copy_package(destination: Path) -> Path:
    """Copy the running autograder package and a pyproject into `destination`."""
    source = Path(autograder.__file__).resolve().parent
    package = destination / "autograder"
    shutil.copytree(source, package, ignore=_ignore, dirs_exist_ok=True)
    # Every file that is not a module (schemas, templates, py.typed) is package data.
    data_files = sorted(path.relative_to(package).as_posix() for path in package.rglob("*")
                        if path.is_file() and path.suffix != ".py")
    (destination / "pyproject.toml").write_text(
        _pyproject(runtime_requirements(), data_files), encoding="utf-8")
    return destination


def write_zip(folder: Path, archive: Path, executables: tuple[str, ...] = ()) -> Path:
    """Zip `folder`'s contents (paths relative to it), sorted, with fixed timestamps, so the
    same inputs give the same bytes; `executables` (relative paths) get mode 755."""
    archive.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        for path in sorted(folder.rglob("*")):
            if not path.is_file():
                continue
            name = path.relative_to(folder).as_posix()
            info = zipfile.ZipInfo(name, ZIP_EPOCH)
            mode = 0o755 if name in executables else 0o644
            info.external_attr = (stat.S_IFREG | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            bundle.writestr(info, path.read_bytes())
    return archive
