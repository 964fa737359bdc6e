"""Compare a submission's read-only cells with the source: edits and deletions are reported.

Points never depend on a submission's metadata; this only tells the instructor (and the
student) that given code or checks were changed, which can explain a surprising result.
"""

from __future__ import annotations

from nbformat import NotebookNode

from autograder.notebook import cells
from autograder.notebook.transforms import make_release

__all__ = ["LockedCells"]


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
        """One note per read-only cell that the submission edited or deleted."""
        submitted = {
            grade_id: cell for cell in submission.cells if (grade_id := cells.grade_id(cell))
        }
        notes = []
        for grade_id, source in self.cells.items():
            theirs = submitted.get(grade_id)
            if theirs is None:
                notes.append(f"read-only cell '{grade_id}' was deleted")
            elif _normalized(theirs.source) != source:
                notes.append(f"read-only cell '{grade_id}' was edited")
        return notes
