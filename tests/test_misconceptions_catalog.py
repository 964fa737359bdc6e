"""Every assignment's catalog: well-formed, exercised, and one_hidden_layer's holding the
course's table.

Every id must have at least one mutant submission in the assignment's corpus that shows it,
and every corpus file must say what it is in its header (a `# valid: ...` or
`# misconceptions: ...` line right after its docstring), so the corpus tests know what to
expect of it.
"""

from __future__ import annotations

import ast
import dataclasses
import re
from pathlib import Path

import pytest

from autograder.assignment import Assignment
from autograder.catalog import Misconception
from tests.conftest import PROJECT_ROOT, one_hidden_layer_catalog

SHARED_TABLE = Path(__file__).resolve().parents[2] / "shared" / "MISCONCEPTIONS.md"
ASSIGNMENTS = sorted(p.name for p in (PROJECT_ROOT / "solutions").iterdir()
                     if (p / f"{p.name}.ipynb").is_file())
CATALOG = one_hidden_layer_catalog().entries


def _corpus(name: str, kind: str) -> list[Path]:
    return sorted((PROJECT_ROOT / "solutions" / name / "corpora" / kind).glob("*.py"))


MUTANTS = [(name, path) for name in ASSIGNMENTS for path in _corpus(name, "mutants")]
VALID = [(name, path) for name in ASSIGNMENTS for path in _corpus(name, "valid")]

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


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_every_assignment_has_a_catalog_in_sections(name: str) -> None:
    """misconceptions.toml loads (ids well formed and unique, hints ending with a period:
    autograder.catalog checks), and each section's rows stand together."""
    catalog = Assignment.find(name, PROJECT_ROOT).catalog
    assert catalog.entries, f"{name}'s catalog is empty"
    order = [catalog.sections.index(entry.section) for entry in catalog.entries]
    assert order == sorted(order), "a section's rows are split by another section"


def test_catalog_entries_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        CATALOG[0].hint = "changed"  # type: ignore[misc]


# Rows one_hidden_layer's catalog adds to the course's table, in catalog order. Adding one
# is a decision: it must be listed here, be well-formed and have a mutant that shows it.
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
    by_id = {entry.id: entry for entry in CATALOG}
    for row in table:
        assert by_id[row.id] == row
    assert tuple(m.id for m in CATALOG if m.id not in set(table_ids)) == CATALOG_ONLY


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_every_misconception_has_a_mutant(name: str) -> None:
    declared = {mid for owner, path in MUTANTS if owner == name for mid in _declared_ids(path)}
    missing = [m for m in Assignment.find(name, PROJECT_ROOT).catalog.ids if m not in declared]
    assert not missing, f"no mutant of {name} declares {missing}"


@pytest.mark.parametrize(("name", "path"), MUTANTS, ids=lambda p: getattr(p, "name", p))
def test_mutant_header_names_catalog_ids_and_matches_file_name(name: str, path: Path) -> None:
    ids = _declared_ids(path)
    assert ids, f"{path.name}: the '# misconceptions:' line names no id"
    known = set(Assignment.find(name, PROJECT_ROOT).catalog.ids)
    unknown = [mid for mid in ids if mid not in known]
    assert not unknown, f"{path.name}: ids not in {name}'s catalog: {unknown}"
    stem = re.sub(r"__\d+$", "", path.stem)
    assert stem in {mid.lower().replace("-", "_") for mid in ids}, (
        f"{path.name}: the file name should be one of its ids, lower-cased with '_' for '-'"
    )


@pytest.mark.parametrize(("name", "path"), VALID, ids=lambda p: getattr(p, "name", p))
def test_valid_variant_header_describes_it(name: str, path: Path) -> None:
    kind, text = _header(path)
    assert kind == "valid", f"{path.name}: a valid variant needs a '# valid: ...' line"
    assert text, f"{path.name}: the '# valid:' line needs a short description"


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_corpora_are_not_empty(name: str) -> None:
    assert sum(1 for owner, _ in VALID if owner == name) >= 6
    mutants = sum(1 for owner, _ in MUTANTS if owner == name)
    assert mutants >= len(Assignment.find(name, PROJECT_ROOT).catalog.ids)
