"""An nbgrader course folder, as `autograder export --course-dir` reads and writes it.

nbgrader's configuration is read the way its own commands read it when started in the
course folder (the Jupyter config folders' `nbgrader_config.py`, then the course's), and
its own classes interpret it: `CourseDirectory` for the folders, the database URL and the
course id, `AssignLatePenalties` for the late-submission plugin. So a course that sets
`LateSubmissionPlugin.penalty_method = "zero"`, or a plugin of its own, gets the penalty
`nbgrader autograde` would give.

Writing into `autograded/` follows one rule: never touch what nbgrader wrote. A student
folder whose notebook is nbgrader's (any notebook there that is not sealed as ours) is
left exactly as it is; elsewhere we write our results notebook (reporters.nbgrader_notebook)
and copy the two files nbgrader's later steps read from the submission: `timestamp.txt`
(the formgrader lists a submission as autograded when it matches the gradebook) and
`submission_secret.txt` (`release_feedback` names the feedback after it). Every file is
first written beside its place, then renamed into it only once the gradebook has
committed: a failed export leaves no half of itself in the course.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import nbformat

from autograder.grading.results import SubmissionResult
from autograder.intake.names import shown
from autograder.notebook.read import NotebookReadError, read_notebook
from autograder.reporters.nbgrader_db import GradebookRow, KnownCells, LatePolicy
from autograder.reporters.nbgrader_notebook import is_sealed, results_notebook

__all__ = ["Course", "NbgraderMissing", "Placement", "require_nbgrader"]

CONFIG_FILE = "nbgrader_config.py"
COPIED = ("timestamp.txt", "submission_secret.txt")
INSTALL_HINT = "pip install 'autograder[nbgrader]'"


class NbgraderMissing(RuntimeError):
    """nbgrader is not installed; the message says how to install it."""


def require_nbgrader() -> None:
    """Raise a one-line NbgraderMissing when nbgrader cannot be imported."""
    try:
        import nbgrader.api  # noqa: F401
    except ImportError as error:
        raise NbgraderMissing(f"the nbgrader export needs nbgrader 0.9 ({error}): "
                              f"{INSTALL_HINT}") from None


def _course_config(root: Path) -> Any:
    """nbgrader's configuration as its commands see it when started in `root`."""
    from jupyter_core.paths import jupyter_config_path
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    config = Config()
    # jupyter_config_path() lists the folders most important first; the course's own
    # file, which nbgrader reads from its working folder, comes last and wins.
    for folder in [*reversed(jupyter_config_path()), str(root)]:
        if not Path(folder, CONFIG_FILE).is_file():
            continue
        try:
            config.merge(PyFileConfigLoader(CONFIG_FILE, path=folder).load_config())
        except Exception as error:  # a course's Python file may raise anything
            raise ValueError(f"{Path(folder, CONFIG_FILE)} could not be read: "
                             f"{type(error).__name__}: {error}") from None
    return config


@dataclass
class StagedFile:
    temporary: Path
    target: Path


@dataclass
class Placement:
    """What the export does in `autograded/`: `written` students get our notebook,
    `kept` are nbgrader's notebooks left as they were, `outside` students have no folder
    in `submitted/` (graded from elsewhere: nothing to place)."""

    written: list[str] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    staged: list[StagedFile] = field(default_factory=list)
    created: list[Path] = field(default_factory=list)

    def publish(self) -> None:
        """Rename every staged file into its place (a student's notebook last)."""
        for item in self.staged:
            os.replace(item.temporary, item.target)
        self.staged.clear()

    def discard(self) -> None:
        """Remove what staging left: the temporary files and the folders it created."""
        for item in self.staged:
            item.temporary.unlink(missing_ok=True)
        self.staged.clear()
        for folder in reversed(self.created):
            try:
                folder.rmdir()
            except OSError:
                pass


class Course:
    """An nbgrader course rooted at `root`, with its configuration."""

    def __init__(self, root: Path) -> None:
        from nbgrader.coursedir import CourseDirectory

        self.root = root.resolve()
        if not self.root.is_dir():
            raise ValueError(f"{shown(str(root))} is not a folder (an nbgrader course)")
        self.config = _course_config(self.root)
        self.coursedir = CourseDirectory(config=self.config, root=str(self.root))

    @property
    def db_url(self) -> str:
        return str(self.coursedir.db_url)

    @property
    def course_id(self) -> str:
        return str(self.coursedir.course_id)

    def folder(self, step: str, student: str, assignment: str) -> Path:
        """`submitted`, `autograded`, ... folder of one student's assignment."""
        directory = getattr(self.coursedir, f"{step}_directory")
        return Path(self.coursedir.format_path(directory, student, assignment))

    def file_mode(self) -> int:
        return 0o664 if self.coursedir.groupshared else 0o644

    def submission_times(self, assignment: str, students: Sequence[str]
                         ) -> tuple[dict[str, datetime], list[str]]:
        """Each student's submission time from `submitted/.../timestamp.txt` (UTC, as
        nbgrader stores it), and a problem line for each file that is not a time."""
        from nbgrader.utils import parse_utc

        times, problems = {}, []
        for student in students:
            stamp = self.folder("submitted", student, assignment) / "timestamp.txt"
            if not stamp.is_file():
                continue
            text = stamp.read_text(encoding="utf-8", errors="replace").strip()
            try:
                times[student] = parse_utc(text)
            except (ValueError, OverflowError):
                problems.append(f"{shown(str(stamp))}: not a time ({shown(text[:40])}); "
                                "no late penalty applied")
        return times, problems

    def late_policy(self) -> LatePolicy:
        """The course's late-submission plugin, as `nbgrader autograde` configures it."""
        from nbgrader.preprocessors import AssignLatePenalties

        penalties = AssignLatePenalties(config=self.config)
        penalties.init_plugin()
        policy: LatePolicy = penalties.plugin_inst.late_submission_penalty
        return policy

    def stage_autograded(self, results: Sequence[SubmissionResult], notebook: str,
                         known: KnownCells, rows: Mapping[str, GradebookRow]) -> Placement:
        """Write each student's results notebook (and the files nbgrader reads beside it)
        next to its place in `autograded/`, skipping folders that hold nbgrader's own."""
        placement = Placement()
        try:
            for result in results:
                row = rows.get(result.submission_id)
                penalty = row.late_submission_penalty if row is not None else 0.0
                self._stage_one(result, notebook, known, penalty, placement)
        except BaseException:
            placement.discard()
            raise
        return placement

    def _stage_one(self, result: SubmissionResult, notebook: str, known: KnownCells,
                   late_penalty: float, placement: Placement) -> None:
        student, assignment = result.submission_id, result.assignment
        submitted = self.folder("submitted", student, assignment)
        if not submitted.is_dir():
            placement.outside.append(student)
            return
        destination = self.folder("autograded", student, assignment)
        target = destination / f"{notebook}.ipynb"
        if (target.exists() or target.is_symlink()) and not _ours(target):
            placement.kept.append(target)
            return
        self._make_folders(destination, placement)
        for name in COPIED:
            source = submitted / name
            if source.is_file() and not source.is_symlink():
                self._stage(destination, name, source.read_bytes(), placement)
        shown_nb, problem = _submitted_notebook(submitted / f"{notebook}.ipynb")
        nb = results_notebook(result, shown_nb, known, read_problem=problem,
                              late_penalty=late_penalty)
        self._stage(destination, target.name, nbformat.writes(nb).encode("utf-8"), placement)
        placement.written.append(student)

    def _make_folders(self, destination: Path, placement: Placement) -> None:
        missing = []
        folder = destination
        while not folder.exists():
            missing.append(folder)
            folder = folder.parent
        for folder in reversed(missing):
            folder.mkdir()
            placement.created.append(folder)

    def _stage(self, destination: Path, name: str, data: bytes, placement: Placement) -> None:
        descriptor, temporary = tempfile.mkstemp(prefix=f".{name}.autograder-",
                                                 dir=destination)
        placement.staged.append(StagedFile(Path(temporary), destination / name))
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, self.file_mode())


def _ours(path: Path) -> bool:
    """A notebook we wrote (sealed, unchanged); anything else is nbgrader's or a person's."""
    if path.is_symlink() or not path.is_file():
        return False
    try:
        return is_sealed(read_notebook(path))
    except (NotebookReadError, OSError):
        return False


def _submitted_notebook(path: Path) -> tuple[Any, str | None]:
    """The submitted notebook to show, or why it cannot be shown."""
    if not path.is_file() or path.is_symlink():
        return None, f"no {shown(path.name)} in the submission"
    try:
        return read_notebook(path), None
    except (NotebookReadError, OSError) as error:
        return None, str(error)

