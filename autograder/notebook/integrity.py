"""Compare a submission's read-only cells with the source: edits and deletions are reported.

Points never depend on a submission's metadata; this only tells the instructor (and the
student) that given code or checks were changed, which can explain a surprising result.
"""

from __future__ import annotations

from nbformat import NotebookNode

from autograder.notebook import cells
from autograder.notebook.transforms import make_release

__all__ = ["LockedCells"]

MAX_NAMED = 5


def _normalized(source: str) -> str:
    return "\n".join(line.rstrip() for line in source.strip().splitlines())


class LockedCells:
    """The release's read-only cells, computed once per assignment."""

    def __init__(self, source: NotebookNode) -> None:
        release = make_release(source)
        self.cells = {
            grade_id: _normalized(cell.source)
            for cell in release.cells
            if (grade_id := cells.grade_id(cell)) and cells.is_locked(cell)
            and not cells.is_solution(cell)
        }

    def changes(self, submission: NotebookNode) -> list[str]:
        """One note for the read-only cells the submission edited or deleted (by grade id,
        the first few named, with counts); none for a notebook that carries no release
        metadata at all (written for another version of the course, say), where every
        read-only cell would count as deleted and the note would say nothing."""
        submitted = {
            grade_id: cell for cell in submission.cells if (grade_id := cells.grade_id(cell))
        }
        if not submitted:
            return []
        edited, deleted = [], []
        for grade_id, source in self.cells.items():
            theirs = submitted.get(grade_id)
            if theirs is None:
                deleted.append(grade_id)
            elif _normalized(theirs.source) != source:
                edited.append(grade_id)
        parts = [part for part in (_summary(edited, "edited"), _summary(deleted, "deleted"))
                 if part]
        if not parts:
            return []
        count = len(edited) + len(deleted)
        cells_ = "read-only cell was" if count == 1 else "read-only cells were"
        return [f"{count} {cells_} changed: {'; '.join(parts)}"]


def _summary(grade_ids: list[str], what: str) -> str | None:
    if not grade_ids:
        return None
    named = ", ".join(f"'{grade_id}'" for grade_id in grade_ids[:MAX_NAMED])
    more = f" and {len(grade_ids) - MAX_NAMED} more" if len(grade_ids) > MAX_NAMED else ""
    return f"{len(grade_ids)} {what} ({named}{more})"
