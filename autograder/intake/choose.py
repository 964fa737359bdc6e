"""Which file of one student's submission is graded, and what else it holds.

A submission folder (or zip) often holds more than the notebook: the release's helper
modules, a scratch notebook, a checkpoint. The one graded is the notebook named after the
assignment, else the only notebook, else the `.py` file named after the assignment, else the
only `.py` file that is not one of the release's own modules. When that leaves a choice
between several files, the submission is refused with their names: guessing would grade
the wrong work under the student's name.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from autograder.intake.names import shown

__all__ = ["MAX_FILES", "MAX_FOLDER_DEPTH", "Choice", "Found", "TooLarge", "choose", "is_junk",
           "listing", "walk"]

GRADABLE = (".ipynb", ".py")
MAX_FOLDER_DEPTH = 32
MAX_FILES = 5000
MAX_LISTED = 8


class TooLarge(ValueError):
    """A submission folder nested too deep or holding too many files to look through."""


@dataclass
class Found:
    """What a walk through one submission found."""

    files: list[Path] = field(default_factory=list)
    links: list[Path] = field(default_factory=list)
    zips: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)   # folders not looked into


# What nbgrader's submit and collect leave beside a student's work: not the student's files.
NBGRADER_FILES = frozenset({"timestamp.txt", "submission_secret.txt"})


def is_junk(name: str) -> bool:
    """Hidden files and tools' folders (`.ipynb_checkpoints`, `__MACOSX`, `__pycache__`)."""
    return name.startswith((".", "__"))


def walk(folder: Path, only_into: str | None = None) -> Found:
    """Every file under `folder`, without following links (iterative: no depth recursion).

    With `only_into`, the walk enters just the top-level sub-folder of that name (a
    student's folder may hold other assignments' folders: their notebooks are not this
    assignment's); the others are listed in `skipped`."""
    found = Found()
    pending: list[tuple[Path, int]] = [(folder, 0)]
    count = 0
    while pending:
        current, depth = pending.pop()
        if depth > MAX_FOLDER_DEPTH:
            raise TooLarge(f"{shown(folder.name)} is nested more than {MAX_FOLDER_DEPTH} "
                           "folders deep")
        with os.scandir(current) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                count += 1
                if count > MAX_FILES:
                    raise TooLarge(f"{shown(folder.name)} holds more than {MAX_FILES} files")
                if is_junk(entry.name) or (depth == 0 and entry.name in NBGRADER_FILES):
                    continue
                path = Path(entry.path)
                if entry.is_symlink():
                    found.links.append(path)
                elif entry.is_dir(follow_symlinks=False):
                    if depth == 0 and only_into is not None and entry.name != only_into:
                        found.skipped.append(path)
                    else:
                        pending.append((path, depth + 1))
                elif entry.is_file(follow_symlinks=False):
                    (found.zips if path.suffix == ".zip" else found.files).append(path)
    return found


@dataclass(frozen=True)
class Choice:
    """The file to grade (or why there is none) and the rest of the submission."""

    path: Path | None
    problem: str | None
    others: tuple[Path, ...]


def _label(path: Path, bases: tuple[Path, ...]) -> str:
    for base in bases:
        try:
            return shown(path.relative_to(base))
        except ValueError:
            continue
    return shown(path.name)


def listing(paths: list[Path], bases: tuple[Path, ...]) -> str:
    """Names for a message, at most `MAX_LISTED` of them."""
    names = [_label(path, bases) for path in paths[:MAX_LISTED]]
    more = len(paths) - MAX_LISTED
    return ", ".join(names) + (f" and {more} more" if more > 0 else "")


def _shallowest(paths: list[Path]) -> Path:
    return min(paths, key=lambda p: (len(p.parts), str(p)))


def _pick(candidates: list[Path], assignment: str, helpers: frozenset[str],
          what: str, bases: tuple[Path, ...]) -> tuple[Path | None, str | None]:
    notebooks = [p for p in candidates if p.suffix == ".ipynb"]
    scripts = [p for p in candidates if p.suffix == ".py" and p.stem not in helpers]
    for group, suffix in ((notebooks, ".ipynb"), (scripts, ".py")):
        named = [p for p in group if p.name == assignment + suffix]
        if named:
            return _shallowest(named), None
        if len(group) == 1:
            return group[0], None
        if group:
            kind = "notebooks" if suffix == ".ipynb" else ".py files"
            return None, (f"{what} holds {len(group)} {kind} and none is named "
                          f"{assignment}{suffix} ({listing(group, bases)}): rename the one "
                          "to grade")
    return None, None


def choose(found: Found, assignment: str, helpers: frozenset[str], what: str,
           bases: tuple[Path, ...]) -> Choice:
    """The file to grade among `found` (`what` names the submission in messages)."""
    candidates = [p for p in found.files if p.suffix in GRADABLE]
    path, problem = _pick(candidates, assignment, helpers, what, bases)
    if path is None and problem is None:
        linked = [p for p in found.links if p.suffix in GRADABLE or p.suffix == ""]
        if linked:
            problem = (f"{listing(linked, bases)} is a link; links are not followed "
                       "(upload the file itself)")
        elif found.skipped:
            problem = (f"{what} holds no notebook (.ipynb) or .py file at its top level or "
                       f"in a folder {assignment}/ (not looked into: "
                       f"{listing(found.skipped, bases)})")
        else:
            problem = f"{what} holds no notebook (.ipynb) or .py file"
    others = tuple(p for p in [*found.files, *found.links] if p != path)
    return Choice(path, problem, others)
