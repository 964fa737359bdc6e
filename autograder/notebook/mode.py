"""Which statements of a submission run: its own module, so that choosing a mode (the
command line, the batch coordinator) does not import the notebook reader and nbformat."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Mode"]


class Mode(StrEnum):
    DEFS = "defs"
    FULL = "full"
