"""The escape and cheat submissions are graded once, in one batch, for test_escapes.py and
test_cheats.py; the grader's files, a TCP port, a UNIX socket and an abstract socket the
attacks try to reach are all real while that batch runs."""

from __future__ import annotations

import ctypes
import os
import socket
import stat
import sys
import threading
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell

from autograder.grading.results import SubmissionResult
from tests.security import attacks
from tests.security.helpers import (
    SANDBOX_UIDS,
    Batch,
    grade,
    open_up,
    project_dir,
    write_code,
)
from tests.tiny_project import SOLUTION, make_tiny_project, student_notebook


class Listener:
    """Accepts connections on a socket in a thread and remembers who came."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.sock.listen(8)
        self.sock.settimeout(0.1)
        self.accepted: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                connection, _ = self.sock.accept()
            except (TimeoutError, OSError):
                continue
            with connection:
                connection.settimeout(1)
                try:
                    self.accepted.append(connection.recv(100) or b"(connected)")
                except OSError:
                    self.accepted.append(b"(connected)")

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.sock.close()


@dataclass
class AttackBatch:
    batch: Batch
    token: str
    listeners: dict[str, Listener] = field(default_factory=dict)
    before: dict[str, str] = field(default_factory=dict)  # hidden files as they were

    @property
    def root(self) -> Path:
        return self.batch.root

    def __getitem__(self, submission_id: str) -> SubmissionResult:
        return self.batch[submission_id]


def sysv_segments_of_sandboxes() -> list[int]:
    """Ids of System V shared-memory segments owned by a sandbox uid (they outlive processes)."""
    lines = Path("/proc/sysvipc/shm").read_text().splitlines()[1:]
    return [int(line.split()[1]) for line in lines if int(line.split()[7]) in SANDBOX_UIDS]


def remove_sysv_segment(shmid: int) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.shmctl(shmid, 0, None)  # IPC_RMID


def litter_paths(token: str) -> list[Path]:
    return [Path(f"/var/tmp/{token}-litter"), Path(f"/dev/shm/{token}-litter")]


def _fill(code: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        code = code.replace(f"@{key}@", value)
    assert "@" not in code.replace("@points", ""), code
    return code


def _tampered_notebook(path: Path) -> None:
    """Wrong code in a notebook whose metadata claims far more points than the assignment has."""
    student_notebook(path, attacks.HALF.strip())
    nb = nbformat.read(path, as_version=4)
    nb.cells[1].metadata["nbgrader"].update({"grade": True, "points": 1000, "checksum": "0"})
    bonus = new_code_cell("assert True")
    bonus.metadata["nbgrader"] = {"grade": True, "grade_id": "bonus", "points": 100,
                                  "locked": True, "schema_version": 3, "solution": False,
                                  "task": False}
    nb.cells.append(bonus)
    nb.metadata["nbgrader"] = {"max_score": 1100}
    nbformat.write(nb, path)


def _zips(folder: Path, root: Path) -> list[Path]:
    folder.mkdir()
    with zipfile.ZipFile(folder / "dotdot_zip.zip", "w") as bundle:
        bundle.writestr("tiny.py", attacks.HALF)
        bundle.writestr("../../zip_escaped.py", attacks.CORRECT)
    with zipfile.ZipFile(folder / "absolute_zip.zip", "w") as bundle:
        bundle.writestr(str(root / "absolute_escaped.py"), attacks.CORRECT)
    with zipfile.ZipFile(folder / "link_zip.zip", "w") as bundle:
        link = zipfile.ZipInfo("tiny.py")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        bundle.writestr(link, str(root / "solutions" / "tiny" / "hidden_tests" / "test_tiny.py"))
    with zipfile.ZipFile(folder / "good_zip.zip", "w") as bundle:
        bundle.writestr("work/tiny.py", attacks.CORRECT)
    return sorted(folder.iterdir())


def _links(folder: Path, root: Path) -> None:
    tiny = root / "solutions" / "tiny"
    (folder / "linked_hidden_tests.py").symlink_to(tiny / "hidden_tests" / "test_tiny.py")
    (folder / "linked_passwd.py").symlink_to("/etc/passwd")
    (folder / "linked_reference").mkdir()
    (folder / "linked_reference" / "tiny.ipynb").symlink_to(tiny / "tiny.ipynb")
    (folder / "linked_folder").symlink_to(tiny, target_is_directory=True)
    stdlib = Path(os.__file__).parent
    (folder / "linked_stdlib.py").symlink_to(stdlib / "statistics.py")


@pytest.fixture(scope="session")
def attack_batch() -> Iterator[AttackBatch]:
    with project_dir("attacks") as root:
        make_tiny_project(root)
        token = root.name
        tiny = root / "solutions" / "tiny"
        # like the repository's examples/: a sample correct submission beside the solutions
        write_code(root / "examples" / "tiny", "ada_correct.py", SOLUTION + "\n")
        listeners = {"tcp": Listener(socket.create_server(("127.0.0.1", 0)))}
        for name, address in (("abstract", f"\0{token}"), ("unix", str(root / "service.sock"))):
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.bind(address)
            listeners[name] = Listener(sock)
        values = {
            "OUT": str(root / "out"),
            "SOLUTIONS": str(root / "solutions"),
            "HIDDEN_TEST": str(tiny / "hidden_tests" / "test_tiny.py"),
            "HIDDEN_DIR": str(tiny / "hidden_tests"),
            "SOURCE_DIR": str(tiny),
            "REFERENCE": str(tiny / "tiny.ipynb"),
            "PORT": str(listeners["tcp"].sock.getsockname()[1]),
            "ABSTRACT": token,
            "SOCKET_FILE": str(root / "service.sock"),
            "TOKEN": token,
            "SHM_KEY": str(zlib.crc32(token.encode()) & 0x7FFFFFFF),
        }
        sources = {
            "honest": attacks.CORRECT,
            **attacks.PATCHES,
            "equal_to_anything": attacks.EQUAL_TO_ANYTHING,
            **attacks.OVERSIZED,
            "steals_at_load": attacks.STEAL_AT_LOAD,
            "imports_hidden_tests": attacks.STEAL_IN_FUNCTION,
            "hunts_for_hidden_tests": attacks.HUNT,
            "replays_sample_solution": attacks.REPLAY_EXAMPLES,
            "lists_classmates": attacks.ROSTER,
            "overwrites_results": attacks.OVERWRITE,
            "daemon": attacks.DAEMON,
            "net_loopback": attacks.NET_LOOPBACK,
            "net_external": attacks.NET_EXTERNAL,
            "net_unix_socket": attacks.NET_UNIX_SOCKET,
            "leaves_litter": attacks.LITTER,
            # graded in this order by the one worker of the batch
            "passes_answers_on": attacks.SHARES_ANSWERS,
            "picks_up_answers": attacks.COPIES_ANSWERS,
            "uses_statistics": attacks.USES_STATISTICS,
            "forges_load_reply": attacks.FORGES_LOAD_REPLY,
            "copies_a_classmate": attacks.COPIES_A_CLASSMATE,
            "checks_privileges": attacks.PRIVILEGES,
        }
        folder = root / "submissions"
        for name, code in sources.items():
            write_code(folder, f"{name}.py", _fill(code, values))
        _tampered_notebook(folder / "tampered_metadata.ipynb")
        # a classmate's folder: the graded notebook, and a draft that is not graded
        (folder / "zoe").mkdir()
        student_notebook(folder / "zoe" / "tiny.ipynb", attacks.CORRECT.strip())
        write_code(folder / "zoe", "draft.py", attacks.CORRECT)
        _links(folder, root)
        zips = _zips(root / "zips", root)
        open_up(root)
        os.chmod(root / "service.sock", 0o777)  # like a service any local user may use
        before = {str(p): p.read_text() for p in tiny.rglob("*") if p.is_file()}
        try:
            batch = grade(root, "tiny", [folder, *zips], workers=1)
            print(f"attack batch: {batch.seconds:.1f} s", file=sys.stderr)
            yield AttackBatch(batch, token, listeners, before)
        finally:
            for listener in listeners.values():
                listener.close()
            for path in litter_paths(token):
                path.unlink(missing_ok=True)
            for shmid in sysv_segments_of_sandboxes():
                remove_sysv_segment(shmid)
