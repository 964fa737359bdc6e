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
        """At most two notes: the read-only cells the submission edited, and those it
        deleted (by grade id, the first few named, with the count)."""
        submitted = {
            grade_id: cell for cell in submission.cells if (grade_id := cells.grade_id(cell))
        }
        edited, deleted = [], []
        for grade_id, source in self.cells.items():
            theirs = submitted.get(grade_id)
            if theirs is None:
                deleted.append(grade_id)
            elif _normalized(theirs.source) != source:
                edited.append(grade_id)
        return [note for note in (_summary(edited, "edited"), _summary(deleted, "deleted"))
                if note]


def _summary(grade_ids: list[str], what: str) -> str | None:
    if not grade_ids:
        return None
    named = ", ".join(f"'{grade_id}'" for grade_id in grade_ids[:MAX_NAMED])
    more = f" and {len(grade_ids) - MAX_NAMED} more" if len(grade_ids) > MAX_NAMED else ""
    cells_ = "read-only cell was" if len(grade_ids) == 1 else "read-only cells were"
    return f"{len(grade_ids)} {cells_} {what}: {named}{more}"
