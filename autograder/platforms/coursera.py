"""Coursera: the custom grader image's entry point, and the image's build folder.

Coursera starts the image once per submission with the learner's files in
/shared/submission/ (read-only) and the part in the `partId` environment variable; the
grader writes /shared/feedback.json (`fractionalScore`, `feedback`, `feedbackType`) and
here also /shared/htmlFeedback.html, both within Coursera's 64 KB. The container runs as
a non-root user without namespaces, on 1 CPU and 1 GB: the sandbox then keeps its limits
and its own process per submission but cannot hide files or cut the network, and says so
on stderr (the course staff's log), not in the learner's feedback.
"""

from __future__ import annotations

import json
import string
import sys
import traceback
from collections.abc import Mapping, Sequence
from pathlib import Path

from autograder.assignment import Assignment
from autograder.files import write_atomically
from autograder.platforms import bundle
from autograder.platforms.common import PlatformError, grade_folder, only_assignment
from autograder.reporters import coursera_json
from autograder.sandbox.config import SandboxConfig

__all__ = ["DEFAULT_SHARED", "PART_VARIABLE", "assignment_for_part", "package", "run",
           "sandbox_config"]

DEFAULT_SHARED = Path("/shared")
PART_VARIABLE = "partId"
IMAGE_ROOT = "/opt/autograder/project"


def sandbox_config(shared: Path, *, call_timeout_s: float = 10.0, memory_mb: int = 512
                   ) -> SandboxConfig:
    """Limits for a 1 CPU, 1 GB container: the grader itself needs part of that memory."""
    return SandboxConfig(call_timeout_s=call_timeout_s,
                         submission_timeout_s=max(6 * call_timeout_s, 60.0),
                         memory_mb=memory_mb, hidden_paths=(str(shared),))


def assignment_for_part(part_id: str | None, parts: Mapping[str, str], root: Path) -> str:
    """The assignment graded for Coursera's `partId`: from `parts`, else the project's only
    assignment when no parts are configured."""
    if parts:
        if part_id is None:
            raise PlatformError(f"the {PART_VARIABLE} environment variable is not set")
        if part_id not in parts:
            raise PlatformError(f"unknown part {part_id!r}: this grader knows "
                                f"{', '.join(sorted(parts))}")
        return parts[part_id]
    return only_assignment(root)


def _write(shared: Path, document: dict[str, object], page: str) -> None:
    write_atomically(shared / "feedback.json", coursera_json.serialize(document))
    write_atomically(shared / "htmlFeedback.html", page)


def run(shared: Path, root: Path, *, part_id: str | None, parts: Mapping[str, str],
        config: SandboxConfig | None = None) -> int:
    """Grade `shared`/submission for the part `part_id`; write the feedback, whatever happens.

    Returns 0 when the submission was graded, 1 when the grader could not grade it (the
    feedback then says so, and Coursera's logs hold the details).
    """
    try:
        name = assignment_for_part(part_id, parts, root)
        assignment = Assignment.find(name, root)
        graded = grade_folder(assignment, shared / "submission", submission_id="submission",
                              config=config or sandbox_config(shared))
        document, page = coursera_json.feedback(graded.result, notes=graded.notes)
        _write(shared, document, page)
        print(f"{name} (part {part_id}): {graded.result.score:g}/{graded.result.max_score:g} "
              f"({graded.result.status}) in {graded.duration_s:.1f} s")
        for protection in graded.missing_protections:
            print(f"warning: sandbox protection missing: {protection}", file=sys.stderr)
        return 0
    except Exception as error:  # the learner must get feedback, whatever broke
        traceback.print_exc()
        reason = str(error) if isinstance(error, PlatformError) else type(error).__name__
        _write(shared, *coursera_json.failure_feedback(reason))
        return 1


def package(assignments: Sequence[Assignment], destination: Path, parts: Mapping[str, str],
            image: str | None = None) -> Path:
    """Write the grader image's build folder (Dockerfile, project/, python/) for the
    assignments that `parts` (Coursera part id -> assignment name) grade."""
    if not parts:
        raise ValueError("name at least one part: --part PARTID=ASSIGNMENT")
    by_name = {assignment.name: assignment for assignment in assignments}
    unknown = sorted(set(parts.values()) - set(by_name))
    if unknown:
        raise ValueError(f"parts name assignments not packaged: {', '.join(unknown)}")
    destination.mkdir(parents=True, exist_ok=True)
    for assignment in assignments:
        bundle.copy_assignment(assignment, destination / "project")
    bundle.copy_package(destination / "python")
    command = ["autograder", "--root", IMAGE_ROOT, "platform", "coursera"]
    for part_id, name in sorted(parts.items()):
        command += ["--part", f"{part_id}={name}"]
    names = "-".join(sorted(by_name))
    dockerfile = string.Template(bundle.template("coursera.Dockerfile")).substitute(
        assignment=", ".join(sorted(by_name)), image=image or f"coursera-grader-{names}",
        entrypoint=json.dumps(command))
    (destination / "Dockerfile").write_text(dockerfile, encoding="utf-8")
    return destination / "Dockerfile"
