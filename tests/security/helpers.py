"""Shared tools for the security suite: projects, attack submissions, batches, leftovers.

Every module grades all its attack submissions together with an honest one in ONE batch
(a module-scoped fixture), then each test asserts on one result. Projects are built under
/var/tmp, not /tmp: the sandbox covers /tmp with a fresh tmpfs, which would hide a project
there whether or not the grader hides its files on purpose. Everything is made readable by
everyone, so that only the sandbox stands between student code and the hidden files.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import textwrap
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from autograder import api
from autograder.grading.batch import BatchReport
from autograder.grading.results import SubmissionResult
from autograder.notebook.extract import Mode, Snippet
from autograder.sandbox.client import SandboxedStudent, Zygote
from autograder.sandbox.config import SandboxConfig

__all__ = [
    "FORKS_AND_HOLDS",
    "QUICK",
    "SANDBOX_UID",
    "SANDBOX_UIDS",
    "Batch",
    "grade",
    "open_up",
    "project_dir",
    "sandbox_config",
    "sandbox_processes",
    "sandboxed",
    "text_of",
    "wait_until_no_sandbox_processes",
    "write_code",
]

# Each warm parent claims the first uid from uid + worker slot that no other grader holds.
# Other test runs on this machine use 61000 and up too, so this run starts from uids of its
# own: "no sandbox process survives" then means ours.
SANDBOX_UID = 62000 + (os.getpid() % 10000) * 64
SANDBOX_UIDS = range(SANDBOX_UID, SANDBOX_UID + 64)
PROJECTS = Path("/var/tmp")


def sandbox_config(**limits: Any) -> SandboxConfig:
    """Limits for a test batch, with this run's own sandbox uids."""
    return SandboxConfig(uid=SANDBOX_UID, **limits)


QUICK = sandbox_config(call_timeout_s=2, submission_timeout_s=20)

# A submission whose `hold(n)` forks up to n children that stay, and says how many it made
# and as which uid.
FORKS_AND_HOLDS = """
import os, time


def hold(n):
    made = 0
    for _ in range(n):
        try:
            if os.fork() == 0:
                time.sleep(60)
                os._exit(0)
        except OSError:
            break
        made += 1
    return os.getuid(), made
"""


@contextmanager
def project_dir(prefix: str) -> Iterator[Path]:
    """A fresh folder outside /tmp, readable by everyone, removed afterwards."""
    root = Path(tempfile.mkdtemp(prefix=f"autograder-security-{prefix}-", dir=PROJECTS))
    os.chmod(root, 0o755)
    try:
        yield root
    finally:
        shutil.rmtree(root, ignore_errors=True)


def open_up(root: Path) -> None:
    """Folders 755, files 644: file permissions alone would let any user read everything."""
    for path in [root, *root.rglob("*")]:
        if path.is_symlink():
            continue
        os.chmod(path, 0o755 if path.is_dir() else 0o644)


def write_code(folder: Path, name: str, code: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(code).lstrip("\n"))
    return path


@dataclass
class Batch:
    """One graded batch: the report, results by id, and where things are."""

    root: Path
    out: Path
    report: BatchReport
    seconds: float

    def __getitem__(self, submission_id: str) -> SubmissionResult:
        found = {r.submission_id: r for r in self.report.results}
        assert submission_id in found, f"no result for {submission_id}: {sorted(found)}"
        return found[submission_id]

    @property
    def ids(self) -> set[str]:
        return {r.submission_id for r in self.report.results}


def grade(root: Path, assignment: str, paths: Iterable[Path], *, out: Path | None = None,
          workers: int = 2, mode: Mode = Mode.DEFS,
          config: SandboxConfig = QUICK) -> Batch:
    out = out or root / "out"
    started = time.perf_counter()
    report = api.grade(assignment, list(paths), out, root=root, workers=workers,
                       config=config, mode=mode, regrade=True)
    return Batch(root, out, report, time.perf_counter() - started)


@contextmanager
def sandboxed(code: str, config: SandboxConfig = QUICK) -> Iterator[SandboxedStudent]:
    """The `student` of a submission made of `code` (definitions), in a warm parent of its
    own: calls return what the code measured inside, for a test to check."""
    zygote = Zygote(config)
    student = SandboxedStudent(zygote, (Snippet(0, 1, textwrap.dedent(code), "def"),))
    try:
        yield student
    finally:
        student.close()
        zygote.close()


def text_of(result: SubmissionResult) -> str:
    """Everything the student reads about a result: error, notes and every test's message."""
    parts = [result.error or "", *result.notes, *(t.message for t in result.tests)]
    return "\n".join(parts)


def sandbox_processes() -> list[tuple[int, int, str]]:
    """(pid, uid, command) of every process running as one of this run's sandbox uids."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("Uid:"):
                uid = int(line.split()[1])
                if uid in SANDBOX_UIDS:
                    found.append((int(entry.name), uid, command.strip()))
    return found


def wait_until_no_sandbox_processes(timeout_s: float = 3.0) -> list[tuple[int, int, str]]:
    """The kernel tears a PID namespace down asynchronously: allow it a moment."""
    deadline = time.monotonic() + timeout_s
    while True:
        left = sandbox_processes()
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.05)
