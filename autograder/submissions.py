"""Finding submissions: files, folders, nbgrader's layout and zip archives, safely.

A submission is one notebook or .py file. Its id is the student folder's name when it sits
in a sub-folder (nbgrader's `submitted/<student>/<assignment>/`), else the file's stem
(for a zip, the zip's stem). Anything unsafe (a symlink leading out of the submission, a
zip entry with `..` or an absolute path, a zip bomb) becomes a submission with a `problem`,
which is graded zero with that reason rather than followed.
"""

from __future__ import annotations

import shutil
import stat
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

__all__ = ["Submission", "UnsafeArchive", "discover", "one_per_student", "unpack_zip"]

SUBMISSION_SUFFIXES = (".ipynb", ".py")
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_ZIP_ENTRIES = 1000


@dataclass(frozen=True)
class Submission:
    submission_id: str
    path: Path
    problem: str | None = None


class UnsafeArchive(ValueError):
    """A zip that cannot be unpacked safely; the message names the entry."""


def unpack_zip(archive: Path, destination: Path) -> None:
    """Unpack into `destination`, refusing `..`, absolute paths, links and oversize content."""
    try:
        with zipfile.ZipFile(archive) as bundle:
            entries = bundle.infolist()
            if len(entries) > MAX_ZIP_ENTRIES:
                raise UnsafeArchive(f"{archive.name} has {len(entries)} entries")
            total = 0
            for entry in entries:
                name = PurePosixPath(entry.filename)
                if name.is_absolute() or ".." in name.parts or "\\" in entry.filename:
                    raise UnsafeArchive(f"{archive.name}: unsafe entry {entry.filename!r}")
                if stat.S_ISLNK(entry.external_attr >> 16):
                    raise UnsafeArchive(f"{archive.name}: entry {entry.filename!r} is a link")
                total += entry.file_size
                if total > MAX_UNPACKED_BYTES:
                    raise UnsafeArchive(f"{archive.name} unpacks to more than "
                                        f"{MAX_UNPACKED_BYTES // 2**20} MB")
            if destination.exists():
                shutil.rmtree(destination)
            destination.mkdir(parents=True)
            for entry in entries:
                target = destination / entry.filename
                if entry.is_dir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                with bundle.open(entry) as source, target.open("wb") as sink:
                    shutil.copyfileobj(source, sink)
    except zipfile.BadZipFile as error:
        raise UnsafeArchive(f"{archive.name} is not a valid zip file") from error


def _in_folder(folder: Path, top_id: str | None) -> Iterator[Submission]:
    root = folder.resolve()
    for file in sorted(folder.rglob("*")):
        relative = file.relative_to(folder)
        if any(part.startswith((".", "__")) for part in relative.parts):
            continue
        if file.is_symlink() and file.is_dir():
            # A linked folder is not followed, but its student still gets a result.
            yield Submission(top_id or relative.parts[0], file,
                             f"{relative} is a link to a folder; links are not followed")
            continue
        if file.suffix not in SUBMISSION_SUFFIXES:
            continue
        sid = top_id or (relative.parts[0] if len(relative.parts) > 1 else file.stem)
        if file.is_symlink() or root not in file.resolve().parents:
            yield Submission(sid, file, f"{relative} is a link to a file outside the submission; "
                                        "links are not followed")
        elif file.is_file():
            yield Submission(sid, file)


def _unusable_name(path: Path) -> Submission | None:
    """A file named only with dots (`...zip`, `..ipynb`) would get the id `.` or `..`: its
    result would land outside the output folder, and unpacking it would replace that folder."""
    if path.stem.strip("."):
        return None
    return Submission(path.name.replace(".", "_"), path,
                      f"{path.name!r} is not a usable name for a submission file; rename it")


def discover(paths: Iterable[Path], unpack_into: Path) -> Iterator[Submission]:
    """Every submission under `paths`; zips are unpacked below `unpack_into`."""
    for path in paths:
        unusable = _unusable_name(path) if path.is_file() else None
        if unusable is not None:
            yield unusable
        elif path.suffix == ".zip" and path.is_file():
            target = unpack_into / path.stem
            try:
                unpack_zip(path, target)
            except UnsafeArchive as error:
                yield Submission(path.stem, path, str(error))
                continue
            found = list(_in_folder(target, path.stem))
            yield from found or [Submission(path.stem, path, f"{path.name} holds no notebook "
                                                             "or .py file")]
        elif path.is_file():
            yield Submission(path.stem, path)
        elif path.is_dir():
            yield from _in_folder(path, None)


def one_per_student(submissions: Iterable[Submission], assignment: str) -> list[Submission]:
    """One file per id: the one named after the assignment, else a notebook, else the first.

    A student folder often holds scratch notebooks beside the real one; grading each as a
    separate student would invent students. The others are named in the chosen one's notes.
    """
    groups: dict[str, list[Submission]] = {}
    for item in submissions:
        groups.setdefault(item.submission_id, []).append(item)

    def preference(item: Submission) -> tuple[bool, bool, str]:
        return (item.path.stem != assignment, item.path.suffix != ".ipynb", str(item.path))

    return [min(group, key=preference) for group in groups.values()]
