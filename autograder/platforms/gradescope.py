"""Gradescope: build the autograder zip, and grade inside Gradescope's container.

The zip holds `setup.sh` and `run_autograder` at its root (Gradescope's contract), the
assignment's instructor files under `project/`, the autograder package under `python/`
(setup.sh installs it) and `autograder.json`: which assignment, who sees which test,
the sandbox's limits. Gradescope unpacks it into /autograder/source, puts each submission
in /autograder/submission and runs run_autograder, which calls `run` below; that always
writes /autograder/results/results.json, a zero with a reason when grading failed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from autograder.assignment import Assignment
from autograder.files import write_atomically
from autograder.platforms import bundle
from autograder.platforms.common import grade_folder
from autograder.reporters import gradescope_json
from autograder.reporters.gradescope_json import GradescopeOptions
from autograder.sandbox.config import SandboxConfig

__all__ = ["DEFAULT_ROOT", "ROOT_VARIABLE", "GradescopeSettings", "hidden_test_names", "package",
           "run"]

DEFAULT_ROOT = Path("/autograder")
ROOT_VARIABLE = "AUTOGRADER_GRADESCOPE_ROOT"
SETTINGS_FILE = "autograder.json"


@dataclass(frozen=True)
class GradescopeSettings:
    """What the zip tells the grader: the assignment, visibility, and the sandbox limits."""

    assignment: str
    visibility: GradescopeOptions = field(default_factory=GradescopeOptions)
    call_timeout_s: float = 10.0
    memory_mb: int = 1024

    def to_dict(self) -> dict[str, Any]:
        return {"assignment": self.assignment, "visibility": self.visibility.to_dict(),
                "call_timeout_s": self.call_timeout_s, "memory_mb": self.memory_mb}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GradescopeSettings:
        return cls(str(data["assignment"]),
                   GradescopeOptions.from_dict(dict(data.get("visibility", {}))),
                   float(data.get("call_timeout_s", 10.0)), int(data.get("memory_mb", 1024)))

    def sandbox(self, hidden: tuple[Path, ...]) -> SandboxConfig:
        return SandboxConfig(call_timeout_s=self.call_timeout_s,
                             submission_timeout_s=max(6 * self.call_timeout_s, 60.0),
                             memory_mb=self.memory_mb,
                             hidden_paths=tuple(str(path) for path in hidden))


def hidden_test_names(assignment: Assignment) -> tuple[str, ...]:
    """The names results.json gives the hidden suite's tests (`test_backward::test_x[tanh]`:
    the file's stem and the test's id), collected, not run, by pytest in a process of its
    own, so that the suite's modules never stay loaded in this one."""
    suite = assignment.hidden_tests_dir
    completed = subprocess.run(
        [sys.executable, "-m", "pytest", str(suite), "--collect-only", "-q",
         "--rootdir", str(suite), "-c", os.devnull, "--import-mode=importlib",
         "-p", "no:cacheprovider", "-p", "no:warnings"],
        cwd=suite, env=dict(os.environ, PYTEST_DISABLE_PLUGIN_AUTOLOAD="1"),
        capture_output=True, text=True, timeout=600, check=False)
    if completed.returncode not in (0, 5):  # 5: the suite holds no tests
        raise RuntimeError(f"the hidden tests of {assignment.name} could not be collected:\n"
                           + (completed.stdout + completed.stderr)[-3000:])
    names = []
    for line in completed.stdout.splitlines():
        path, sep, test = line.strip().partition("::")
        if sep and path.endswith(".py"):
            names.append(f"{Path(path).stem}::{test}")
    return tuple(names)


def _check_overrides(assignment: Assignment, options: GradescopeOptions) -> None:
    """A visibility pattern that matches no test is a mistake (a name mistyped, `::*`
    forgotten): refuse it, listing the names there are."""
    if not options.overrides:
        return
    names = hidden_test_names(assignment)
    unmatched = options.unmatched(names)
    if unmatched:
        listed = "\n  ".join(names) if names else "(none)"
        raise ValueError(
            f"--visibility {', '.join(repr(p) for p in unmatched)} matches no test of "
            f"{assignment.name} (a pattern matches whole names, as in 'test_activations::*'); "
            f"its {len(names)} tests are:\n  {listed}")


def package(assignment: Assignment, destination: Path, settings: GradescopeSettings) -> Path:
    """Write the autograder zip for `assignment` to `destination`."""
    if settings.assignment != assignment.name:
        raise ValueError("the settings name another assignment")
    _check_overrides(assignment, settings.visibility)
    with tempfile.TemporaryDirectory(prefix="autograder-gradescope-") as work:
        folder = Path(work)
        (folder / "setup.sh").write_text(bundle.template("gradescope_setup.sh"))
        (folder / "run_autograder").write_text(bundle.template("gradescope_run_autograder"))
        (folder / SETTINGS_FILE).write_text(json.dumps(settings.to_dict(), indent=2) + "\n")
        bundle.copy_assignment(assignment, folder / "project")
        bundle.copy_package(folder / "python")
        return bundle.write_zip(folder, destination, executables=("setup.sh", "run_autograder"))


def run(root: Path = DEFAULT_ROOT) -> int:
    """Grade `root`/submission and write `root`/results/results.json, whatever happens.

    Gradescope shows this process's stdout only to instructors: details of failures and
    the sandbox's missing protections go there, never into the student's results.
    """
    started = time.perf_counter()
    try:
        settings = GradescopeSettings.from_dict(
            json.loads((root / "source" / SETTINGS_FILE).read_text(encoding="utf-8")))
        assignment = Assignment.find(settings.assignment, root / "source" / "project")
        hidden = (root / "source", root / "results", root / "submission")
        graded = grade_folder(assignment, root / "submission", submission_id="submission",
                              config=settings.sandbox(hidden))
        document = gradescope_json.results(
            graded.result, settings.visibility,
            execution_time_s=time.perf_counter() - started, notes=graded.notes)
        print(f"{assignment.name}: {graded.result.score:g}/{graded.result.max_score:g} "
              f"({graded.result.status}) in {graded.duration_s:.1f} s")
        for protection in graded.missing_protections:
            print(f"warning: sandbox protection missing: {protection}")
    except Exception as error:  # the student must get a result, whatever broke
        traceback.print_exc(file=sys.stdout)
        document = gradescope_json.failure_results(
            type(error).__name__, execution_time_s=time.perf_counter() - started)
    write_atomically(root / "results" / "results.json", json.dumps(document, indent=2) + "\n")
    return 0
