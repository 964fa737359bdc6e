"""A code cell's source and origin: all that extraction needs of a notebook.

Kept apart from `read` (which loads nbformat and jsonschema) so that the sandbox's warm
parent can import extraction without them.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CodeCell"]


@dataclass(frozen=True)
class CodeCell:
    """The source of one code cell and where it came from (for messages)."""

    index: int
    source: str
    grade_id: str | None
