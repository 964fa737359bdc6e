"""The misconception catalog: well-formed, holding the course's table, and exercised.

Every id must have at least one mutant submission in the corpus that shows it, and every
corpus file must say what it is in its header (a `# valid: ...` or `# misconceptions: ...`
line right after its docstring), so the corpus tests know what to expect of it.
"""

from __future__ import annotations

import ast
import dataclasses
import re
from pathlib import Path

import pytest

from autograder.misconceptions import CATALOG, SECTIONS, Misconception, by_id

REPO = Path(__file__).resolve().parents[1]
SHARED_TABLE = Path(__file__).resolve().parents[2] / "shared" / "MISCONCEPTIONS.md"
CORPORA = REPO / "solutions" / "one_hidden_layer" / "corpora"
VALID = sorted((CORPORA / "valid").glob("*.py"))
MUTANTS = sorted((CORPORA / "mutants").glob("*.py"))

ID_PATTERN = re.compile(r"[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+")
HEADER = re.compile(r"#\s*(valid|misconceptions):(.*)")


def _header(path: Path) -> tuple[str, str]:
    """The (kind, text) of a corpus file's header line, after checking the file's layout.

    The file must parse, open with a docstring saying what it does, and carry the header
    comment between the docstring and its first statement.
    """
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source, filename=str(path))
    assert ast.get_docstring(tree), f"{path.name}: no module docstring describing the variant"
    first_statement = tree.body[1].lineno if len(tree.body) > 1 else len(source.splitlines()) + 1
    docstring_end = tree.body[0].end_lineno or 0
    lines = source.splitlines()[docstring_end : first_statement - 1]
    found = [m for m in (HEADER.fullmatch(line.strip()) for line in lines) if m]
    assert len(found) == 1, (
        f"{path.name}: expected exactly one '# valid: ...' or '# misconceptions: ...' line "
        "right after the docstring"
    )
    return found[0].group(1), found[0].group(2).strip()


def _declared_ids(path: Path) -> list[str]:
    kind, text = _header(path)
    assert kind == "misconceptions", f"{path.name}: a mutant needs a '# misconceptions:' line"
    return [part.strip() for part in text.split(",") if part.strip()]


def _table_rows(markdown: str) -> list[Misconception]:
    """The catalog as the course's markdown table states it: `## Section` then `| id | ...|`."""
    rows = []
    section = ""
    for line in markdown.splitlines():
        if line.startswith("## "):
            section = line[3:].strip()
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) == 3 and ID_PATTERN.fullmatch(cells[0]):
            rows.append(Misconception(cells[0], section, cells[1], cells[2]))
    return rows


def test_catalog_ids_are_unique() -> None:
    ids = [m.id for m in CATALOG]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})


@pytest.mark.parametrize("entry", CATALOG, ids=lambda m: m.id)
def test_catalog_entries_are_well_formed(entry: Misconception) -> None:
    """Upper-case dash-separated ids, a known section, and a non-empty description and hint."""
    assert ID_PATTERN.fullmatch(entry.id), entry.id
    assert entry.section in SECTIONS
    assert entry.wrong.strip() == entry.wrong and entry.wrong
    assert entry.hint.strip() == entry.hint and entry.hint.endswith(".")


def test_catalog_lists_sections_in_order_without_interleaving() -> None:
    order = [SECTIONS.index(m.section) for m in CATALOG]
    assert order == sorted(order)
    assert {m.section for m in CATALOG} == set(SECTIONS)


def test_catalog_entries_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        CATALOG[0].hint = "changed"  # type: ignore[misc]


def test_by_id_finds_every_entry() -> None:
    for entry in CATALOG:
        assert by_id(entry.id) is entry


def test_by_id_names_an_unknown_id_in_its_error() -> None:
    with pytest.raises(KeyError, match="NO-SUCH-ID"):
        by_id("NO-SUCH-ID")
    with pytest.raises(KeyError, match="bp-no-gprime"):
        by_id("bp-no-gprime")  # ids are case-sensitive


# Rows the catalog adds to the course's table, in catalog order. Adding one is a decision:
# it must be listed here, be well-formed and have a mutant that shows it.
CATALOG_ONLY = ("BP-NUMERICAL-GRADIENT",)


@pytest.mark.skipif(
    not SHARED_TABLE.is_file(), reason="shared/MISCONCEPTIONS.md is not beside the repo"
)
def test_catalog_holds_the_course_table_and_lists_its_own_rows() -> None:
    """Every row of shared/MISCONCEPTIONS.md is in the code's catalog, equal and in the same
    order; the catalog may add rows of its own (those in CATALOG_ONLY, no others).

    The course table is the minimum the grader must catch, not the most: the grader may
    catch more (a backward_propagation that estimates its gradients numerically instead of
    backpropagating), and what it catches needs an id and a hint like any other mistake.
    The course's rows stay word for word what the course wrote; shared/ is not ours to edit.
    """
    table = _table_rows(SHARED_TABLE.read_text(encoding="utf-8"))
    assert table, "no table rows found in MISCONCEPTIONS.md"
    table_ids = [row.id for row in table]
    assert [m.id for m in CATALOG if m.id in set(table_ids)] == table_ids
    for row in table:
        assert by_id(row.id) == row
    assert tuple(m.id for m in CATALOG if m.id not in set(table_ids)) == CATALOG_ONLY


@pytest.mark.parametrize("item", CATALOG_ONLY)
def test_a_row_of_the_catalogs_own_is_well_formed_and_has_a_mutant(item: str) -> None:
    entry = by_id(item)
    test_catalog_entries_are_well_formed(entry)
    assert any(item in _declared_ids(path) for path in MUTANTS), \
        f"no mutant in {CORPORA / 'mutants'} declares {item}"


def test_every_misconception_has_a_mutant() -> None:
    declared = {mid for path in MUTANTS for mid in _declared_ids(path)}
    missing = [m.id for m in CATALOG if m.id not in declared]
    assert not missing, f"no mutant in {CORPORA / 'mutants'} declares {missing}"


@pytest.mark.parametrize("path", MUTANTS, ids=lambda p: p.name)
def test_mutant_header_names_catalog_ids_and_matches_file_name(path: Path) -> None:
    ids = _declared_ids(path)
    assert ids, f"{path.name}: the '# misconceptions:' line names no id"
    unknown = [mid for mid in ids if mid not in {m.id for m in CATALOG}]
    assert not unknown, f"{path.name}: ids not in the catalog: {unknown}"
    stem = re.sub(r"__\d+$", "", path.stem)
    assert stem in {mid.lower().replace("-", "_") for mid in ids}, (
        f"{path.name}: the file name should be one of its ids, lower-cased with '_' for '-'"
    )


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.name)
def test_valid_variant_header_describes_it(path: Path) -> None:
    kind, text = _header(path)
    assert kind == "valid", f"{path.name}: a valid variant needs a '# valid: ...' line"
    assert text, f"{path.name}: the '# valid:' line needs a short description"


def test_corpora_are_not_empty() -> None:
    assert len(VALID) >= 15
    assert len(MUTANTS) >= len(CATALOG)
