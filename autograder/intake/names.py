"""Names from the file system, made into ids and shown safely.

A file's name is whatever bytes its uploader chose: not always UTF-8, sometimes holding
terminal escapes or a spreadsheet formula. The id keeps the name exactly where it can (a
valid UTF-8 name without a backslash is its own id); a byte that is not UTF-8 is written
`\\xNN` and a backslash `\\\\`, so two names never share an id (the mapping can be undone),
and the id is text that SQLite, JSON, CSV and HTML can all hold. Showing an id or a path
is another matter: `shown` escapes control characters, so nothing a student named reaches
a terminal raw.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

__all__ = ["folder_name", "id_from_name", "is_usable_id", "shown"]

# C0 and C1 controls, DEL, lone surrogates, and the bidirectional overrides that can make
# a terminal or a page show text in another order than it is.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u061c\u200e\u200f\u202a-\u202e"
                     "\u2066-\u2069]")
MAX_FOLDER_BYTES = 200
_HASHED = re.compile(r".*~[0-9a-f]{12}", re.DOTALL)


def id_from_name(name: str) -> str:
    """The submission id for a file-system name (Python's surrogate-escaped form)."""
    # Byte 0x5C only ever encodes a backslash in UTF-8, so doubling it first keeps the
    # `\xNN` escapes of undecodable bytes unambiguous.
    raw = os.fsencode(name).replace(b"\\", b"\\\\")
    return raw.decode("utf-8", errors="backslashreplace")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, as surrogateescape holds it
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def shown(value: str | Path) -> str:
    """Text safe to print or embed: control characters, lone surrogates and bidi overrides
    escaped (`\\x1b`, `\\xe9`, `\\u202e`); everything else exactly as it is."""
    text = str(value)
    return _UNSAFE.sub(_escape, text) if _UNSAFE.search(text) else text


def is_usable_id(submission_id: str) -> bool:
    """An id that can name a folder of its own: not empty, not `.` or `..`, no `/` or NUL."""
    return (submission_id.strip(".") != "" and "/" not in submission_id
            and "\x00" not in submission_id)


def folder_name(submission_id: str) -> str:
    """The folder that holds one submission's results, under `DIR/submissions/`.

    The id itself when it makes a plain file name; otherwise (too long, control
    characters, a `/`, `.` or `..`) a shortened, escaped form ending in `~` and a hash of
    the full id. An id that already ends that way is hashed too, so no id can take
    another's folder."""
    safe = shown(submission_id)
    fits = len(safe.encode("utf-8")) <= MAX_FOLDER_BYTES
    plain = safe == submission_id and is_usable_id(submission_id)
    if plain and fits and not _HASHED.fullmatch(submission_id):
        return submission_id
    digest = hashlib.sha256(submission_id.encode("utf-8", "surrogatepass")).hexdigest()[:12]
    head = safe.replace("/", "_").encode("utf-8")[: MAX_FOLDER_BYTES - 14]
    return f"{head.decode('utf-8', 'ignore').lstrip('.')}~{digest}"
