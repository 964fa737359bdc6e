"""Find every submission under the paths a user gives, each under an id it can be trusted with.

Ids come from the layout the user gives, never from file names that happen to match:

- nbgrader's course layout, `submitted/<student>/<assignment>/`: the id is `<student>`,
  whether the user passes the course folder, `submitted`, `submitted/<student>` or
  `submitted/*/<assignment>`. Only the named assignment's folder is read: another
  assignment's notebook is never graded as this one (it is listed as not graded).
- a submission folder (one holding `<assignment>.ipynb`, or nbgrader's `timestamp.txt`):
  one submission, named by the folder (by its parent for nbgrader's assignment folder).
  Everything in it, helper modules and zips included, is that student's.
- any other folder is a folder of uploads: each file in it (`bob.ipynb`, `bob.py`,
  `bob.zip`) is a submission named by its stem, each sub-folder one named by the folder.
- a file given directly: a submission named by its stem.

Every file found gets a submission, or a refusal that says why (a `Submission` with a
`problem`), or a line in `Intake.ignored` (another assignment's folder, a stray file beside
a student's real upload): nothing found is dropped silently, and nothing here raises. Two
uploads under one id are refused together, naming both, unless `on_duplicate="newest"`
says the newest counts.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from autograder.intake.archive import UnsafeArchive, unpack_zip
from autograder.intake.choose import Found, TooLarge, choose, is_junk, listing, walk
from autograder.intake.names import folder_name, id_from_name, is_usable_id, shown
from autograder.public.runtime import DATA_FILE
from autograder.submissions import Submission

__all__ = ["Ignored", "Intake", "OnDuplicate", "discover", "submission_in_folder"]

OnDuplicate = Literal["error", "newest"]
NBGRADER_TIMESTAMP = "timestamp.txt"
NBGRADER_SUBMITTED = "submitted"
MAX_NESTED_ZIPS = 20


@dataclass(frozen=True)
class Ignored:
    """A file or folder found but not graded as a submission of this assignment, and why."""

    path: Path
    reason: str


@dataclass
class Intake:
    submissions: list[Submission] = field(default_factory=list)
    ignored: list[Ignored] = field(default_factory=list)


@dataclass(frozen=True)
class _Candidate:
    submission: Submission
    upload: Path            # what the user uploaded (the file, the zip, the folder)
    gradable: bool = True   # False: not a notebook, .py or zip (only counts if alone)


def _absolute(path: Path) -> Path:
    return Path(os.path.abspath(path))


class _Finder:
    def __init__(self, assignment: str, helpers: frozenset[str], unpack_into: Path) -> None:
        self.assignment = assignment
        self.helpers = helpers
        self.unpack_into = unpack_into
        self.candidates: list[_Candidate] = []
        self.ignored: list[Ignored] = []

    # -- results ------------------------------------------------------------------------
    def refuse(self, submission_id: str, upload: Path, problem: str,
               submitted_at: str | None = None) -> None:
        self.candidates.append(_Candidate(Submission(
            submission_id, upload, problem, uploads=(upload,), submitted_at=submitted_at),
            upload))

    def from_release(self, path: Path) -> bool:
        """A file the student was given (a helper module, the public data): no news to them
        that it was not graded."""
        return (path.suffix == ".py" and path.stem in self.helpers) or path.name == DATA_FILE

    def ignore(self, path: Path, reason: str) -> None:
        self.ignored.append(Ignored(path, reason))

    # -- layouts --------------------------------------------------------------------------
    def add(self, path: Path) -> None:
        """One path the user gave; whatever goes wrong becomes a refusal."""
        try:
            path = _absolute(path)
            if path.is_dir():
                self.folder(path)
            elif path.is_file():
                self.upload_file(path)
            else:
                self.refuse(_id_for(path.stem or path.name), path,
                            f"{shown(path.name)} is neither a file nor a folder")
        except Exception as error:  # an OS error on an odd name, a recursion, anything
            self.refuse(_id_for(path.stem or path.name), path,
                        f"{shown(path.name)} could not be read ({type(error).__name__}: "
                        f"{shown(str(error))[:200]})")

    def folder(self, folder: Path) -> None:
        submitted = folder / NBGRADER_SUBMITTED
        if submitted.is_dir() and not submitted.is_symlink():
            self.submitted(submitted)     # a course folder
        elif self.is_submission_folder(folder):
            owner = folder.parent.name if folder.name == self.assignment else folder.name
            self.submission_folder(folder, _id_for(owner), folder)
        elif (self.assignment_folder(folder) is not None
              or folder.parent.name == NBGRADER_SUBMITTED):
            self.student(folder)          # submitted/<student>
        elif folder.name == NBGRADER_SUBMITTED or self.holds_students(folder):
            self.submitted(folder)
        else:
            self.uploads(folder)

    def is_submission_folder(self, folder: Path) -> bool:
        names = (f"{self.assignment}.ipynb", f"{self.assignment}.py", NBGRADER_TIMESTAMP)
        if any((folder / name).is_file() for name in names):
            return True
        return (folder.name == self.assignment
                and folder.parent.parent.name == NBGRADER_SUBMITTED)

    def assignment_folder(self, student: Path) -> Path | None:
        candidate = student / self.assignment
        return candidate if candidate.is_dir() else None

    def holds_students(self, folder: Path) -> bool:
        """True for nbgrader's submitted/: some sub-folder holds an assignment folder."""
        with os.scandir(folder) as entries:
            return any(entry.is_dir(follow_symlinks=False) and not is_junk(entry.name)
                       and (Path(entry.path) / self.assignment).is_dir()
                       for entry in entries)

    def each(self, folder: Path, handle: Callable[[Path, str], None]) -> None:
        """`handle` each entry of `folder`; an error costs that entry only (a refusal).
        Hidden entries (`.DS_Store`, `...zip`, `__MACOSX`) are listed as not graded."""
        for entry in _entries(folder, hidden=True):
            path = Path(entry.path)
            if is_junk(entry.name):
                self.ignore(path, "a hidden file or a tool's folder (its name starts with "
                                  "'.' or '__'); rename it to have it graded")
                continue
            try:
                handle(path, entry.name)
            except Exception as error:
                stem = entry.name if entry.is_dir() else path.stem
                self.refuse(_id_for(stem or entry.name), path,
                            f"{shown(entry.name)} could not be read ({type(error).__name__}: "
                            f"{shown(str(error))[:200]})")

    def submitted(self, folder: Path) -> None:
        """nbgrader's submitted/: one student per sub-folder."""
        self.each(folder, self.submitted_entry)

    def submitted_entry(self, path: Path, name: str) -> None:
        if path.is_symlink():
            self.refuse(_id_for(name), path, f"{shown(name)} is a link to a folder; links "
                                             "are not followed")
        elif path.is_dir():
            self.student(path)
        else:
            self.upload_file(path)

    def student(self, student: Path) -> None:
        """submitted/<student>: only the assignment's folder is this student's submission;
        a student without one has not submitted this assignment (nothing is recorded)."""
        folder = student / self.assignment
        others = [Path(entry.path) for entry in _entries(student)
                  if entry.name != self.assignment]
        if not folder.exists() and not folder.is_symlink():
            names = ", ".join(shown(p.name) for p in others[:8])
            self.ignore(student, f"no {self.assignment} folder"
                                 + (f" (holds: {names})" if names else ""))
            return
        for other in others:
            self.ignore(other, f"not the {self.assignment} folder")
        if folder.is_symlink():
            self.refuse(_id_for(student.name), folder,
                        f"{shown(self.assignment)} is a link to a folder; links are not followed")
        else:
            self.submission_folder(folder, _id_for(student.name), folder)

    def uploads(self, folder: Path) -> None:
        """A folder of uploads: files named by their stems, sub-folders by their names."""
        self.each(folder, self.upload_entry)

    def upload_entry(self, path: Path, name: str) -> None:
        if path.is_symlink():
            what = "a folder" if path.is_dir() else "a file"
            sid = _id_for(name if path.is_dir() else path.stem)
            self.refuse(sid, path, f"{shown(name)} is a link to {what}; links are not "
                                   "followed (upload the file itself)")
        elif path.is_dir():
            assignment_folder = self.assignment_folder(path)
            if assignment_folder is not None and not self.is_submission_folder(path):
                self.student(path)
            else:
                # A student's folder: its top level, and a folder named after the
                # assignment; other folders may be other assignments' work.
                whole = self.is_submission_folder(path)
                self.submission_folder(path, _id_for(name), path,
                                       only_into=None if whole else self.assignment)
        else:
            self.upload_file(path)

    # -- one upload ---------------------------------------------------------------------
    def upload_file(self, path: Path) -> None:
        sid = _id_for(path.stem)
        if not path.stem.strip("."):
            self.refuse(_id_for(path.name.replace(".", "_")), path,
                        f"{shown(path.name)!r} is not a usable name for a submission file; "
                        "rename it")
        elif path.suffix == ".zip":
            self.zip_upload(path, sid)
        elif path.suffix in (".ipynb", ".py"):
            self.candidates.append(_Candidate(Submission(
                sid, path, uploads=(path,), submitted_at=_submitted_at(path)), path))
        else:
            problem = (f"{shown(path.name)} is not a notebook (.ipynb), a Python file (.py) "
                       "or a zip of them")
            self.candidates.append(_Candidate(
                Submission(sid, path, problem, uploads=(path,)), path, gradable=False))

    def unpack(self, archive: Path) -> Path:
        key = hashlib.sha256(os.fsencode(archive)).hexdigest()[:20]
        target = self.unpack_into / key
        unpack_zip(archive, target)
        return target

    def zip_upload(self, archive: Path, sid: str) -> None:
        try:
            unpacked = self.unpack(archive)
            found = walk(unpacked)
        except (UnsafeArchive, TooLarge) as error:
            self.refuse(sid, archive, str(error))
            return
        self.choose(found, sid, archive, shown(archive.name), (unpacked,))

    def submission_folder(self, folder: Path, sid: str, upload: Path,
                          only_into: str | None = None) -> None:
        try:
            found = walk(folder, only_into)
        except TooLarge as error:
            self.refuse(sid, upload, str(error))
            return
        bases = [folder]
        for archive in found.zips[:MAX_NESTED_ZIPS]:
            try:
                unpacked = self.unpack(archive)
                inner = walk(unpacked)
            except (UnsafeArchive, TooLarge) as error:
                self.refuse(sid, upload, str(error))
                return
            bases.append(unpacked)
            found.files.extend(inner.files)
            found.links.extend(inner.links)
        self.choose(found, sid, upload, shown(upload.name), tuple(bases))

    def choose(self, found: Found, sid: str, upload: Path, what: str,
               bases: tuple[Path, ...]) -> None:
        """Add the file `found` holds to grade (or a refusal), with its submission time."""
        when = _submitted_at(upload)
        choice = choose(found, self.assignment, self.helpers, what, bases)
        if choice.path is None:
            self.refuse(sid, upload, choice.problem or f"{what} holds nothing to grade", when)
            return
        notes: tuple[str, ...] = ()
        left = [*(p for p in choice.others if not self.from_release(p)), *found.skipped]
        if left:
            notes = (f"graded {listing([choice.path], bases)}; also in the submission, not "
                     f"graded: {listing(left, bases)}",)
        self.candidates.append(_Candidate(Submission(
            sid, choice.path, notes=notes, uploads=(upload,), submitted_at=when), upload))


def _submitted_at(upload: Path) -> str | None:
    """When the upload was submitted: nbgrader's timestamp.txt in its folder (as written),
    else the upload's modification time."""
    try:
        stamp = upload / "timestamp.txt" if upload.is_dir() else None
        if (stamp is not None and not stamp.is_symlink() and stamp.is_file()
                and stamp.stat().st_size < 200):
            text = stamp.read_text(encoding="utf-8", errors="replace").strip()
            if text:
                return shown(text)[:64]
        return datetime.fromtimestamp(upload.stat().st_mtime, UTC).isoformat()
    except OSError:
        return None


def _entries(folder: Path, hidden: bool = False) -> list[os.DirEntry[str]]:
    """The entries of `folder` by name (hidden ones only if asked for)."""
    with os.scandir(folder) as entries:
        return sorted((e for e in entries if hidden or not is_junk(e.name)),
                      key=lambda e: e.name)


def _id_for(name: str) -> str:
    sid = id_from_name(name)
    return sid if is_usable_id(sid) else sid.replace(".", "_").replace("/", "_") or "_"


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def _resolve(group: list[_Candidate], on_duplicate: OnDuplicate,
             ignored: list[Ignored]) -> Submission:
    """One submission for one id."""
    real = [c for c in group if c.gradable] or group[:1]
    for candidate in group:
        if candidate not in real:
            ignored.append(Ignored(candidate.upload, f"not graded: {candidate.submission.problem}"))
    if len(real) == 1:
        return real[0].submission
    uploads = sorted({c.upload for c in real})
    sid = real[0].submission.submission_id
    names = ", ".join(shown(p) for p in uploads[:8])
    if on_duplicate == "newest":
        newest = max(real, key=lambda c: _mtime(c.upload))
        ties = [c for c in real if _mtime(c.upload) == _mtime(newest.upload)]
        if len(ties) == 1:
            note = (f"{len(real)} uploads for {shown(sid)} ({names}); the newest, "
                    f"{shown(newest.upload)}, counts (--on-duplicate newest)")
            chosen = newest.submission
            return replace(chosen, notes=(note, *chosen.notes), uploads=tuple(uploads))
    return Submission(sid, uploads[0], f"{len(real)} uploads have the id {shown(sid)}: "
                      f"{names}; keep one, or pass --on-duplicate newest",
                      uploads=tuple(uploads))


def _unique_folders(submissions: list[Submission]) -> list[Submission]:
    """Two ids never share a results folder (names.folder_name hashes what could clash)."""
    seen: dict[str, str] = {}
    kept = []
    for item in submissions:
        folder = folder_name(item.submission_id)
        if folder in seen:
            kept.append(replace(item, submission_id=f"{item.submission_id}~duplicate",
                                problem=f"its results folder would be that of "
                                        f"{shown(seen[folder])}: rename the upload"))
            continue
        seen[folder] = item.submission_id
        kept.append(item)
    return kept


def discover(paths: Iterable[Path], assignment: str, unpack_into: Path, *,
             helpers: frozenset[str] = frozenset(),
             on_duplicate: OnDuplicate = "error") -> Intake:
    """Every submission of `assignment` under `paths` (zips unpacked below `unpack_into`);
    `helpers` are the release's module names (a student's copy of them is never graded)."""
    finder = _Finder(assignment, helpers, unpack_into)
    for path in paths:
        finder.add(path)
    groups: dict[str, list[_Candidate]] = {}
    for candidate in finder.candidates:
        groups.setdefault(candidate.submission.submission_id, []).append(candidate)
    submissions = [_resolve(group, on_duplicate, finder.ignored) for group in groups.values()]
    return Intake(_unique_folders(submissions), finder.ignored)


def submission_in_folder(folder: Path, assignment: str, submission_id: str, scratch: Path,
                         helpers: Sequence[str] = ()) -> Submission:
    """The one submission a platform hands over in `folder` (Gradescope's
    /autograder/submission, PrairieLearn's /grade/student, Coursera's /shared/submission),
    whatever it holds: the file to grade (the one named after the assignment, else a
    notebook; zips at the top are unpacked), or a refusal saying why there is none."""
    finder = _Finder(assignment, frozenset(helpers), scratch)
    try:
        if not folder.is_dir():
            return Submission(submission_id, folder, f"no submission folder at {shown(folder)}")
        found = walk(folder)
        archives = [z for z in found.zips if z.parent == folder]
        found.zips = [z for z in found.zips if z.parent != folder]
        if found.files or found.links or not archives:
            finder.choose(found, submission_id, folder, "the submission", (folder,))
        for archive in archives:
            finder.zip_upload(archive, submission_id)
    except Exception as error:
        return Submission(submission_id, folder, f"the submission could not be read "
                          f"({type(error).__name__}: {shown(str(error))[:200]})")
    if not finder.candidates:
        return Submission(submission_id, folder, "no notebook (.ipynb), Python file (.py) or "
                                                 "zip of them was submitted")

    def preference(candidate: _Candidate) -> tuple[bool, bool, bool, str]:
        path = candidate.submission.path
        return (candidate.submission.problem is not None, path.stem != assignment,
                path.suffix != ".ipynb", str(path))

    ranked = sorted(finder.candidates, key=preference)
    chosen = ranked[0].submission
    others = [c.upload for c in ranked[1:]]
    if others and chosen.problem is None:
        note = f"not graded (only one file counts): {listing(others, (folder,))}"
        chosen = replace(chosen, notes=(*chosen.notes, note))
    return chosen
