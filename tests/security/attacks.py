"""The escape and cheat submissions, as source text (they are data here, never run by the tests).

Placeholders in @...@ are filled in by `conftest.attack_batch` with the real paths and ports of
the batch, as if each attack had guessed them perfectly. Attacks that try to read something
raise `RuntimeError("LEAK: <what they read>")` when they succeed and
`RuntimeError("BLOCKED: <why not>")` when they fail, so that the student's own feedback (the
channel a cheat would use to exfiltrate) shows exactly what happened.
"""

from __future__ import annotations

HALF = """
def double(x):
    return x / 2
"""
CORRECT = """
def double(x):
    return 2 * x
"""

# Wrong code (x / 2 earns 1 of 4 points: double(0) == 0) plus a cheat: the score must stay 1.
PATCHES = {
    "patches_numpy": """
import numpy as np
import numpy.testing

np.allclose = lambda *args, **kwargs: True
np.isclose = lambda *args, **kwargs: True
np.array_equal = lambda *args, **kwargs: True
np.testing.assert_allclose = lambda *args, **kwargs: None
np.testing.assert_array_almost_equal = lambda *args, **kwargs: None

def double(x):
    np.allclose = lambda *args, **kwargs: True
    return x / 2
""",
    "patches_builtins": """
import builtins

builtins.abs = lambda value: 0
builtins.all = lambda values: True
builtins.any = lambda values: False
builtins.max = lambda *values, **kwargs: 0

def double(x):
    builtins.AssertionError = type("AssertionError", (Exception,), {})
    return x / 2
""",
    "patches_pytest": """
import pytest
import _pytest.outcomes

pytest.fail = lambda *args, **kwargs: None
pytest.approx = lambda expected, **kwargs: type("Anything", (), {"__eq__": lambda s, o: True})()
_pytest.outcomes.fail = lambda *args, **kwargs: None

def double(x):
    try:  # the grader's own modules, if they could be reached from here at all
        from autograder import testing
        from autograder.grading import plugin
        testing.fail = lambda *args, **kwargs: None
        testing.CheckFailure = type("Harmless", (Exception,), {})
        plugin._message_for = lambda error: ("", ())
    except ImportError:
        pass
    return x / 2
""",
    "rigged_ndarray": """
import numpy as np

class Rigged(np.ndarray):
    def __eq__(self, other):
        return np.ones(np.shape(other), dtype=bool)

    def __ne__(self, other):
        return np.zeros(np.shape(other), dtype=bool)

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        return np.zeros(np.broadcast(*inputs).shape)

def double(x):
    return np.asarray(x / 2, dtype=float).view(Rigged)
""",
}

# Returns something that is not plain data: zero, with a message naming what came back.
EQUAL_TO_ANYTHING = """
class Anything(float):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = float.__hash__

class AlwaysEqual:
    __eq__ = lambda self, other: True
    __ne__ = lambda self, other: False
    __array_priority__ = 1000

    def __array__(self, dtype=None, copy=None):
        raise TypeError("no")

def double(x):
    return AlwaysEqual() if hasattr(x, "shape") else Anything(0.0)
"""

OVERSIZED = {
    "huge_reply": """
import numpy as np

def double(x):
    return np.zeros(10_000_000)
""",
    "deep_reply": """
def double(x):
    nested = 2 * x
    for _ in range(100):
        nested = [nested]
    return nested
""",
}

# Reading or importing the hidden tests or the reference.
STEAL_AT_LOAD = """
import os

def _steal():
    found = []
    for path in ("@HIDDEN_TEST@", "@REFERENCE@"):
        try:
            with open(path) as handle:
                found.append(handle.read(1500))
        except OSError as error:
            raise RuntimeError(f"BLOCKED: {error!r}")
    raise RuntimeError("LEAK: " + " ".join(found))

class _RunsEvenInDefsMode:  # class bodies run when the class is defined
    _steal()

def double(x):
    return 2 * x
"""

STEAL_IN_FUNCTION = """
import importlib
import sys

def double(x):
    sys.path.insert(0, "@HIDDEN_DIR@")
    sys.path.insert(0, "@SOURCE_DIR@")
    try:
        module = importlib.import_module("test_tiny")
    except Exception as error:
        raise RuntimeError(f"BLOCKED: {error!r}")
    raise RuntimeError("LEAK: " + repr(sorted(vars(module))))
"""

HUNT = """
import os
import sys
import time
from pathlib import Path

def _places():
    places = set()
    try:
        with open("/proc/self/mountinfo") as handle:
            places.update(line.split()[4] for line in handle)
    except OSError:
        pass
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/cmdline", "rb") as handle:
                    args = handle.read().split(b"\\0")
            except OSError:
                continue
            places.update(a.decode(errors="ignore") for a in args if a.startswith(b"/"))
    places.update(p for p in sys.path if p)
    places.update(str(getattr(m, "__file__", None) or "") for m in list(sys.modules.values()))
    places.add(os.getcwd())
    return {p for p in places if p.startswith("/")}

def _solution_folders(deadline):
    found = set()
    for place in _places():
        for folder in (Path(place), *Path(place).parents):
            try:
                if folder.name == "solutions" or (folder / "solutions").is_dir():
                    found.add(str(folder if folder.name == "solutions" else folder / "solutions"))
            except OSError:
                pass
    skip = {"/proc", "/sys", "/dev", "/usr", "/lib", "/lib64", "/bin", "/sbin", "/boot", "/run"}
    for top, dirs, _ in os.walk("/"):
        if time.monotonic() > deadline:
            found.add("(walk cut short)")
            break
        dirs[:] = [d for d in dirs if os.path.join(top, d) not in skip
                   and not d.startswith(".") and d not in ("site-packages", "node_modules")]
        if os.path.basename(top) == "solutions":
            found.add(top)
    return found

def _hunt():
    folders = _solution_folders(time.monotonic() + 2.5)
    failures, read = set(), []
    for folder in sorted(f for f in folders if f.startswith("/")):
        for top, _, files in os.walk(folder, onerror=lambda e: failures.add(type(e).__name__)):
            for name in files:
                if "hidden_tests" in top or name.endswith(".ipynb"):
                    try:
                        with open(os.path.join(top, name)) as handle:
                            read.append(f"{os.path.join(top, name)}={handle.read(40)!r}")
                    except OSError as error:
                        failures.add(type(error).__name__)
    raise RuntimeError(f"HUNT folders={sorted(folders)} failures={sorted(failures)} "
                       f"read={read}")

class _RunsEvenInDefsMode:
    _hunt()

def double(x):
    return 2 * x
"""

REPLAY_EXAMPLES = """
import os

def _sample_solutions():
    with open("/proc/self/mountinfo") as handle:
        points = [line.split()[4] for line in handle]
    for point in points:
        if point.endswith("/solutions"):
            for top, _, files in os.walk(os.path.join(os.path.dirname(point), "examples")):
                for name in sorted(files):
                    yield os.path.join(top, name)

def double(x):
    errors = []
    for path in _sample_solutions():
        try:
            with open(path) as handle:
                code = handle.read()
        except OSError as error:
            errors.append(repr(error))
            continue
        space = {}
        exec(code, space)
        if "double" in space:
            return space["double"](x)
    raise RuntimeError(f"BLOCKED: no readable sample solution ({errors})")
"""

ROSTER = """
def double(x):
    with open("/proc/self/mountinfo") as handle:
        points = [line.split()[4] for line in handle]
    seen = [p.rsplit("/", 1)[-1] for p in points if "/submissions/" in p]
    raise RuntimeError(f"CLASSMATES: {seen}")
"""

# Writing results, the gradebook or the hidden suite; a daemon that keeps trying.
OVERWRITE = """
import os

TARGETS = [
    "@OUT@/submissions/overwrites_results/result.json",
    "@OUT@/submissions/honest/result.json",
    "@OUT@/gradebook.sqlite",
    "@OUT@/grades.csv",
    "@OUT@/planted.txt",
    "@SOLUTIONS@/tiny/hidden_tests/conftest.py",
    "@SOLUTIONS@/tiny/hidden_tests/test_tiny.py",
    "@SOLUTIONS@/tiny/tiny.ipynb",
]
FORGED = '{"submission_id": "overwrites_results", "score": 4.0, "max_score": 4.0}'

def _overwrite():
    outcomes = []
    for path in TARGETS:
        try:
            with open(path, "w") as handle:
                handle.write(FORGED)
            outcomes.append(f"WROTE {path}")
        except OSError as error:
            outcomes.append(f"{type(error).__name__} {path}")
    return outcomes

class _AtLoad:
    raise RuntimeError("OVERWRITE " + "; ".join(_overwrite()))

def double(x):
    _overwrite()
    return x / 2
"""

DAEMON = """
import os
import time

TARGETS = ["@OUT@/submissions/daemon/result.json", "@OUT@/submissions/honest/result.json",
           "@OUT@/gradebook.sqlite", "@OUT@/grades.csv", "@OUT@/daemon-was-here",
           "@SOLUTIONS@/tiny/hidden_tests/conftest.py"]

def _daemon():
    if os.fork() == 0:
        os.setsid()
        if os.fork() == 0:
            end = time.monotonic() + 120
            while time.monotonic() < end:
                for path in TARGETS:
                    try:
                        with open(path, "w") as handle:
                            handle.write("daemon was here")
                    except OSError:
                        pass
                time.sleep(0.01)
        os._exit(0)

def double(x):
    _daemon()
    return x / 2
"""

# Network: the test listens on these; connecting would earn full marks.
NET_LOOPBACK = """
import socket

def double(x):
    errors = []
    for family, address in ((socket.AF_INET, ("127.0.0.1", @PORT@)),
                            (socket.AF_UNIX, "\\0@ABSTRACT@")):
        try:
            with socket.socket(family, socket.SOCK_STREAM) as connection:
                connection.settimeout(1)
                connection.connect(address)
                connection.sendall(b"let me in")
            return 2 * x
        except OSError as error:
            errors.append(repr(error))
    raise RuntimeError(f"BLOCKED: {errors}")
"""

NET_EXTERNAL = """
import socket

def double(x):
    errors = []
    for host, port in (("1.1.1.1", 443), ("8.8.8.8", 53), ("pypi.org", 443)):
        try:
            with socket.create_connection((host, port), timeout=1):
                return 2 * x
        except OSError as error:
            errors.append(repr(error))
    raise RuntimeError(f"BLOCKED: {errors}")
"""

NET_UNIX_SOCKET = """
import socket

def double(x):
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.settimeout(1)
            connection.connect("@SOCKET_FILE@")
            connection.sendall(b"let me in")
    except OSError as error:
        raise RuntimeError(f"BLOCKED: {error!r}")
    return 2 * x
"""

# Leaving things behind on the machine, and passing answers to the next student.
LITTER = """
import ctypes

def _litter():
    for path in ("/var/tmp/@TOKEN@-litter", "/dev/shm/@TOKEN@-litter", "/tmp/@TOKEN@-litter"):
        try:
            with open(path, "w") as handle:
                handle.write("was here")
        except OSError:
            pass
    libc = ctypes.CDLL(None, use_errno=True)
    libc.shmget(@SHM_KEY@, 4096, 0o1666)  # IPC_CREAT | 0666: outlives the process

def double(x):
    _litter()
    return 2 * x
"""

SHARES_ANSWERS = """
def double(x):
    with open("/tmp/answers.py", "w") as handle:
        handle.write("def double(x):\\n    return 2 * x\\n")
    return 2 * x
"""

COPIES_ANSWERS = """
def double(x):
    space = {}
    try:
        with open("/tmp/answers.py") as handle:
            exec(handle.read(), space)
    except OSError as error:
        raise RuntimeError(f"BLOCKED: {error!r}")
    return space["double"](x)
"""

USES_STATISTICS = """
import statistics

def double(x):
    assert statistics.median([1, 2, 3]) == 2
    return 2 * x
"""

# The grader's channel is in the student's process: a forged reply to "load".
FORGES_LOAD_REPLY = """
import os
import socket
from autograder.sandbox import channel
from autograder.sandbox.codec import encode

def _forge():
    for name in os.listdir("/proc/self/fd"):
        try:
            sock = socket.socket(fileno=int(name))
        except OSError:
            continue
        if sock.family == socket.AF_UNIX:
            sock.sendall(channel.frame(encode(["not", "a", "reply"])))
            os._exit(0)

class _AtLoad:
    _forge()

def double(x):
    return 2 * x
"""

# A classmate's folder holds a draft beside the graded notebook; only the graded file is hidden.
COPIES_A_CLASSMATE = """
import os

def _drafts():
    with open("/proc/self/mountinfo") as handle:
        points = [line.split()[4] for line in handle]
    for point in points:
        if "/submissions/" in point:
            folder = os.path.dirname(point)
            for name in sorted(os.listdir(folder)):
                yield os.path.join(folder, name)

def double(x):
    errors = []
    for path in _drafts():
        try:
            with open(path) as handle:
                code = handle.read()
            space = {}
            exec(code, space)
        except Exception as error:
            errors.append(type(error).__name__)
            continue
        if callable(space.get("double")):
            return space["double"](x)
    raise RuntimeError(f"BLOCKED: nothing to copy ({sorted(set(errors))})")
"""

# What the process may become: a setuid program must not run with root's rights.
PRIVILEGES = """
def double(x):
    with open("/proc/self/status") as handle:
        status = dict(line.split(":", 1) for line in handle if ":" in line)
    # In words: the feedback cuts long runs of digits from what student code writes.
    effective = "none" if int(status["CapEff"], 16) == 0 else "some"
    raise RuntimeError(f"STATUS Uid={status['Uid'].split()[0]} "
                       f"NoNewPrivs={status['NoNewPrivs'].strip()} CapEff={effective}")
"""
