"""What each containment attack of the security suite gets now: the answer or the message
of its call, and the most its sandbox held at once (memory, processes), as its keeper
measured it (cgroups, or the watchdog with `--watchdog`).

Usage (from the project root, as root for the full set of protections):

    .venv/bin/python benchmarks/attack_usage.py [--watchdog]

The attacks are the submissions of tests/security (test_containment.py, test_limits.py,
helpers.FORKS_AND_HOLDS); their scores are what those tests assert.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests' submissions

from autograder.notebook.extract import Snippet
from autograder.sandbox.client import SandboxedStudent, Zygote
from autograder.sandbox.config import SandboxConfig
from autograder.sandbox.isolation import CGROUPS
from autograder.testing import StudentError
from tests.security.helpers import FORKS_AND_HOLDS
from tests.security.test_containment import (
    COPIES_FROM_AN_EARLIER_SUBMISSION,
    FORGES_LOAD_REPLY_AND_SERVES,
)
from tests.security.test_limits import HOARDS_IN_CHILDREN, MEMORY_MB, SPINS

ATTACKS: list[tuple[str, str, str, tuple[Any, ...]]] = [
    ("forges the load reply, serves answers", FORGES_LOAD_REPLY_AND_SERVES, "double", (3.0,)),
    ("copies from the earlier submission", COPIES_FROM_AN_EARLIER_SUBMISSION, "double", (3.0,)),
    ("six children of 120 MB each", HOARDS_IN_CHILDREN, "double", (3.0,)),
    ("forks 40 children (limit 12)", FORKS_AND_HOLDS, "hold", (40,)),
    ("three children spinning on every CPU", SPINS, "spin_everywhere", (2.0,)),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--watchdog", action="store_true", help="no cgroups: the watchdog")
    args = parser.parse_args()
    config = SandboxConfig(uid=63000, memory_mb=MEMORY_MB, max_processes=12,
                           call_timeout_s=10, cgroups=not args.watchdog)
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # as a batch keeps a worker
    zygote = Zygote(config)
    try:
        print(*(f"limits: {entry}" for entry in (*zygote.active, *zygote.missing)
                if entry.startswith(CGROUPS)), sep="\n")
        for label, code, function, arguments in ATTACKS:
            student = SandboxedStudent(
                zygote, (Snippet(0, 1, code.replace("@TOKEN@", "usage"), "def"),))
            try:
                outcome = f"returned {student.call(function, *arguments)!r}"
            except StudentError as error:
                outcome = str(error)
            student.close(wait=True)
            usage = student.usage
            print(f"- {label}: {outcome[:150]}; peak {usage.get('peak_memory_mb', 0):g} MB, "
                  f"{usage.get('peak_processes', 0):g} processes")
    finally:
        zygote.close()


if __name__ == "__main__":
    main()
