"""An assignment's catalog of misconceptions: the mistakes its suite names, with their hints.

Each assignment keeps its own catalog in `solutions/<name>/misconceptions.toml`, so a hint
is always the advice of the exercise the student did (the engine carries none):

    [[misconception]]
    id = "INIT-ZEROS"                     # stable: results, reports and exports refer to it
    section = "Initialization"            # sections appear in the order of first use
    wrong = "W initialized to zeros"      # what the student did
    hint = "Identical rows get identical gradients: start from random weights."

Ids are upper-case words joined by dashes; an id is never renamed or reused: a new mistake
gets a new id. A hint names the idea to revisit without giving the solution away, and ends
with a period.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

__all__ = ["CATALOG_FILE", "ID_PATTERN", "Catalog", "CatalogError", "Misconception",
           "hint_suffix", "with_hints"]

CATALOG_FILE = "misconceptions.toml"
ID_PATTERN = re.compile(r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+")
FIELDS = ("id", "section", "wrong", "hint")


class CatalogError(ValueError):
    """The catalog file is missing or malformed; the message says where."""


@dataclass(frozen=True)
class Misconception:
    """One known mistake: what the student did (`wrong`) and what to tell them (`hint`)."""

    id: str
    section: str
    wrong: str
    hint: str


@dataclass(frozen=True)
class Catalog:
    entries: tuple[Misconception, ...]

    @classmethod
    def load(cls, path: Path, *, missing_ok: bool = False) -> Catalog:
        """The catalog in `path`, checked: every field present, ids well formed and unique,
        hints ending with a period. With `missing_ok`, no file is an empty catalog (grading
        still works; `validate` says the file is missing)."""
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as error:
            if missing_ok:
                return cls(())
            raise CatalogError(f"{path} is missing: every assignment lists its "
                               "misconceptions there (see docs/authoring.md)") from error
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
            raise CatalogError(f"{path}: {error}") from error
        rows = data.get("misconception", [])
        if not isinstance(rows, list):
            raise CatalogError(f"{path}: use [[misconception]] tables")
        entries = []
        for number, row in enumerate(rows, start=1):
            where = f"{path}, misconception {number}"
            missing = [name for name in FIELDS if not isinstance(row.get(name), str)
                       or not row[name].strip()]
            if missing:
                raise CatalogError(f"{where}: {', '.join(missing)} missing or empty")
            unknown = sorted(set(row) - set(FIELDS))
            if unknown:
                raise CatalogError(f"{where}: unknown field {', '.join(unknown)}")
            entry = Misconception(*(row[name].strip() for name in FIELDS))
            if not ID_PATTERN.fullmatch(entry.id):
                raise CatalogError(f"{where}: id {entry.id!r} is not upper-case words joined "
                                   "by dashes (e.g. INIT-ZEROS)")
            if not entry.hint.endswith("."):
                raise CatalogError(f"{where} ({entry.id}): a hint ends with a period")
            entries.append(entry)
        ids = [entry.id for entry in entries]
        doubled = sorted({i for i in ids if ids.count(i) > 1})
        if doubled:
            raise CatalogError(f"{path}: ids listed twice: {', '.join(doubled)}")
        return cls(tuple(entries))

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(entry.id for entry in self.entries)

    @property
    def sections(self) -> tuple[str, ...]:
        """Sections in the order of first use."""
        return tuple(dict.fromkeys(entry.section for entry in self.entries))

    @property
    def hints(self) -> Mapping[str, str]:
        return MappingProxyType({entry.id: entry.hint for entry in self.entries})

    def by_id(self, misconception_id: str) -> Misconception:
        for entry in self.entries:
            if entry.id == misconception_id:
                return entry
        raise KeyError(f"no misconception {misconception_id!r} in this catalog")

    def with_hints(self, message: str, misconception_ids: Iterable[str]) -> str:
        """`message` followed by ` — ID: hint` for each id (the catalog's hints)."""
        return message + hint_suffix(misconception_ids, self.hints)


def hint_suffix(misconception_ids: Iterable[str], hints: Mapping[str, str]) -> str:
    """What `with_hints` appends: ` — ID: hint` per id, in order. An id with no hint adds
    nothing (`validate` refuses ids its catalog lacks)."""
    return "".join(f" — {item}: {hints[item]}" for item in misconception_ids if item in hints)


def with_hints(message: str, misconception_ids: Iterable[str],
               hints: Mapping[str, str]) -> str:
    return message + hint_suffix(misconception_ids, hints)
