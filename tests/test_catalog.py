"""Catalog files: each assignment's misconceptions, read and checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from autograder.catalog import Catalog, CatalogError, with_hints

GOOD = '''
[[misconception]]
id = "INIT-ZEROS"
section = "Initialization"
wrong = "W initialized to zeros"
hint = "Identical rows get identical gradients."

[[misconception]]
id = "INIT-HE-FAN-OUT"
section = "Initialization"
wrong = "He scale from the layer's own size"
hint = "He scales by the fan-in, the size of the previous layer."

[[misconception]]
id = "TRAIN-LR"
section = "Training"
wrong = "learning rate ignored"
hint = "Use the learning rate passed in."
'''


def _catalog(tmp_path: Path, text: str) -> Catalog:
    path = tmp_path / "misconceptions.toml"
    path.write_text(text)
    return Catalog.load(path)


def test_a_catalog_is_read_in_order_with_its_sections(tmp_path: Path) -> None:
    catalog = _catalog(tmp_path, GOOD)
    assert catalog.ids == ("INIT-ZEROS", "INIT-HE-FAN-OUT", "TRAIN-LR")
    assert catalog.sections == ("Initialization", "Training")
    assert catalog.by_id("TRAIN-LR").hint == "Use the learning rate passed in."
    assert catalog.with_hints("W1 has equal rows", ["INIT-ZEROS", "OTHER-ID"]) == (
        "W1 has equal rows — INIT-ZEROS: Identical rows get identical gradients.")
    assert with_hints("x", ["TRAIN-LR"], catalog.hints) == (
        "x — TRAIN-LR: Use the learning rate passed in.")
    with pytest.raises(KeyError, match="NO-SUCH"):
        catalog.by_id("NO-SUCH")


@pytest.mark.parametrize(("text", "error"), [
    (GOOD.replace('id = "TRAIN-LR"', 'id = "INIT-ZEROS"'), "ids listed twice: INIT-ZEROS"),
    (GOOD.replace('id = "TRAIN-LR"', 'id = "train-lr"'), "is not upper-case words"),
    (GOOD.replace('passed in."', 'passed in"'), "a hint ends with a period"),
    (GOOD.replace('wrong = "learning rate ignored"', ''), "wrong missing or empty"),
    (GOOD.replace('section = "Training"', 'section = "Training"\npoints = 3'),
     "unknown field points"),
    ("[[misconception]\nid=", "misconceptions.toml"),
])
def test_a_malformed_catalog_says_where(tmp_path: Path, text: str, error: str) -> None:
    with pytest.raises(CatalogError, match=error):
        _catalog(tmp_path, text)


def test_a_missing_catalog_says_where_it_belongs(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match=r"misconceptions\.toml is missing"):
        Catalog.load(tmp_path / "misconceptions.toml")
