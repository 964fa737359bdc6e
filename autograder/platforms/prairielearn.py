"""PrairieLearn external grading: the entry point its grader container runs.

PrairieLearn mounts the student's files in /grade/student, the question's `tests/`
folder in /grade/tests (here: a project with `solutions/<name>/`, hidden tests included)
and the question's data in /grade/data/data.json; the grader writes
/grade/results/results.json (creating the folder), at most 1 MB, whatever happens.
"""

from __future__ import annotations

import json
import sys
import traceback
from pathlib import Path

from autograder.assignment import Assignment
from autograder.files import write_atomically
from autograder.platforms.common import grade_folder, only_assignment
from autograder.reporters import prairielearn_json
from autograder.sandbox.config import SandboxConfig

__all__ = ["DEFAULT_GRADE_DIR", "assignment_name", "run", "sandbox_config"]

DEFAULT_GRADE_DIR = Path("/grade")


def sandbox_config(grade_dir: Path, *, call_timeout_s: float = 10.0, memory_mb: int = 1024
                   ) -> SandboxConfig:
    return SandboxConfig(call_timeout_s=call_timeout_s,
                         submission_timeout_s=max(6 * call_timeout_s, 60.0),
                         memory_mb=memory_mb, hidden_paths=(str(grade_dir),))


def assignment_name(grade_dir: Path, root: Path, given: str | None) -> str:
    """`given`, else `params.assignment` of data.json, else the project's only assignment."""
    if given:
        return given
    try:
        data = json.loads((grade_dir / "data" / "data.json").read_text(encoding="utf-8"))
        named = data.get("params", {}).get("assignment")
        if isinstance(named, str) and named:
            return named
    except (OSError, ValueError, AttributeError):
        pass
    return only_assignment(root)


def run(grade_dir: Path = DEFAULT_GRADE_DIR, root: Path | None = None, *,
        assignment: str | None = None, config: SandboxConfig | None = None) -> int:
    """Grade `grade_dir`/student; write `grade_dir`/results/results.json. Returns 0 once the
    results are written (PrairieLearn reads the file, not the exit status)."""
    project = root or grade_dir / "tests"
    results_path = grade_dir / "results" / "results.json"
    try:
        found = Assignment.find(assignment_name(grade_dir, project, assignment), project)
        graded = grade_folder(found, grade_dir / "student", submission_id="student",
                              config=config or sandbox_config(grade_dir))
        document = prairielearn_json.results(graded.result, notes=graded.notes)
        print(f"{found.name}: {graded.result.score:g}/{graded.result.max_score:g} "
              f"({graded.result.status}) in {graded.duration_s:.1f} s")
        for protection in graded.missing_protections:
            print(f"warning: sandbox protection missing: {protection}", file=sys.stderr)
    except Exception as error:  # the student must get a result, whatever broke
        traceback.print_exc()
        document = prairielearn_json.failure_results(type(error).__name__)
    write_atomically(results_path, prairielearn_json.serialize(document))
    return 0
