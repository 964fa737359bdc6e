"""The notebook nbgrader shows for a graded submission: its formgrader page and the
student's feedback (`nbgrader generate_feedback`) are both drawn from
`autograded/<student>/<assignment>/<notebook>.ipynb`.

nbgrader puts its own executed copy there; ours is the submission's cells, outputs
cleared (the grader never ran them in a kernel, and a student's outputs prove nothing),
led by our results: a summary, then one nbgrader test cell per check, named as the
check's grade cell in the gradebook, with the check's message as its output. nbgrader
draws the points of each such cell from the gradebook, so the formgrader shows (and lets
a grader override) every check's points beside its message, and the student's feedback
lists every check with its points and message.

The formgrader runs in the instructor's Jupyter server, so nothing a student wrote may
become HTML there: our messages and notes are plain-text outputs, and in the
submission's Markdown cells every `<` becomes `＜` (U+FF1C). nbconvert renders Markdown
with raw HTML passed through, so a `<script>` in an answer would run with the
instructor's session, as it does in the notebook `nbgrader autograde` leaves; HTML needs
`<`, while escaping it as `&lt;` would show literally inside `$...$` (nbconvert keeps math
text as written), where the look-alike reads as a less-than sign. Code cells are shown as text by
nbconvert, raw cells go through its HTML cleaner. A submission's nbgrader metadata is kept
only where the gradebook knows the cell (same grade id, same cell type; first
occurrence), and then rewritten from the gradebook: a forged grade cell cannot appear,
and nbgrader finds a row for every cell it looks up. The release's public checks, worth
0 points, are shown as plain cells rather than as grade cells worth 0.

A notebook we write carries a seal, `metadata.autograder.sha256`: the digest of the
notebook itself. The export replaces only sealed notebooks; nbgrader's executed copy of
a submission, even one that planted a seal, never matches (execution changes it).
"""

from __future__ import annotations

import copy
import hashlib
import textwrap
from typing import Any

import nbformat
from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from autograder.grading.results import CheckOutcome, SubmissionResult
from autograder.reporters.nbgrader_db import KnownCells, cell_name

__all__ = ["SEAL_KEY", "is_sealed", "results_notebook"]

SEAL_KEY = "autograder"
CELL_TYPES = ("code", "markdown", "raw")
WIDTH = 100
NO_TAG = "\uff1c"   # ＜ FULLWIDTH LESS-THAN SIGN: starts no HTML tag


def _wrapped(text: str) -> str:
    """Lines of at most WIDTH characters: nbgrader's pages show outputs unwrapped, and a
    long message would run off the side."""
    return "\n".join(textwrap.fill(line, WIDTH, break_long_words=False,
                                   break_on_hyphens=False) or line
                     for line in text.split("\n"))


def _test_cell(test: CheckOutcome, index: int) -> NotebookNode:
    """A read-only nbgrader test cell for one check: its name in the source, its message in
    the output (stderr when it failed, which nbgrader's pages show in red)."""
    name = " ".join(test.name.split())
    worth = f"{test.max_points:g} point{'s' if test.max_points != 1 else ''}"
    if test.passed:
        text, stream = f"✓ passed ({test.points:g} of {worth})\n", "stdout"
    else:
        message = _wrapped(f"✗ {test.message or 'failed'}")
        text, stream = f"{message}\n({test.points:g} of {worth})\n", "stderr"
    cell: NotebookNode = new_code_cell(f"# {name}", metadata={
        "deletable": False, "editable": False,
        "nbgrader": {"grade": True, "grade_id": cell_name(test.name), "locked": True,
                     "points": test.max_points, "schema_version": 3, "solution": False,
                     "task": False}})
    cell.outputs = [new_output("stream", name=stream, text=text)]
    cell.id = f"autograder-check-{index}"
    return cell


def _summary(result: SubmissionResult, read_problem: str | None, late_penalty: float
             ) -> list[NotebookNode]:
    """The score in Markdown (numbers only), then the status, reasons and notes as the
    output of a code cell: they may quote the student's file names."""
    late = (f"\n\nLate submission: −{late_penalty:g} (the course's late policy), so "
            f"{max(result.score - late_penalty, 0):g} / {result.max_score:g}."
            if late_penalty > 0 else "")
    heading = new_markdown_cell(
        f"## Autograder: {result.score:g} / {result.max_score:g}{late}\n\n"
        "Graded by `autograder` in its sandbox. Each check below is a grade cell with its "
        "points and message; the notebook that follows is the submission as it was "
        "graded (outputs cleared).")
    heading.id = "autograder-summary"
    lines = [] if result.status == "graded" else [f"Not graded ({result.status}): "
                                                  f"{result.error or 'no reason given'}"]
    lines += [f"Note: {note}" for note in result.notes]
    if read_problem:
        lines.append(f"The submitted notebook cannot be shown: {read_problem}")
    if not lines:
        return [heading]
    details = new_code_cell("# autograder: notes on this submission")
    details.outputs = [new_output("stream", name="stdout",
                                  text=_wrapped("\n".join(lines)) + "\n")]
    details.id = "autograder-notes"
    return [heading, details]


def _trusted_metadata(meta: Any, cell_type: str, known: KnownCells,
                      seen: set[str]) -> dict[str, Any] | None:
    """The nbgrader metadata the gradebook vouches for, or None."""
    grade_id = meta.get("grade_id") if isinstance(meta, dict) else None
    if not isinstance(grade_id, str) or grade_id in seen or grade_id not in known.source:
        return None
    source_type, locked, checksum = known.source[grade_id]
    if source_type != cell_type:
        return None
    if known.grade.get(grade_id) == 0 and grade_id not in known.solution:
        return None   # a public check: worth nothing, shown as a plain cell, not as 0 of 0
    seen.add(grade_id)
    trusted: dict[str, Any] = {
        "grade": grade_id in known.grade, "grade_id": grade_id, "locked": locked,
        "schema_version": 3, "solution": grade_id in known.solution, "task": False}
    if grade_id in known.grade:
        trusted["points"] = known.grade[grade_id]
    if checksum:
        trusted["checksum"] = checksum
        trusted["cell_type"] = cell_type
    return trusted


def _student_cells(submitted: NotebookNode, known: KnownCells, ours: set[str]
                   ) -> list[NotebookNode]:
    cells = []
    seen = set(ours)   # a cell of the submission never takes a check's grade id
    for index, cell in enumerate(submitted.cells):
        cell_type = cell.get("cell_type")
        if cell_type not in CELL_TYPES:
            continue
        source = cell.get("source", "")
        if not isinstance(source, str):
            source = "".join(str(part) for part in source)
        new = nbformat.v4.new_raw_cell(source) if cell_type == "raw" else (
            new_markdown_cell(source.replace("<", NO_TAG)) if cell_type == "markdown"
            else new_code_cell(source))
        attachments = cell.get("attachments")
        if cell_type != "code" and isinstance(attachments, dict):
            new.attachments = copy.deepcopy(attachments)
        meta = _trusted_metadata(cell.get("metadata", {}).get("nbgrader"), cell_type, known,
                                 seen)
        if meta is not None:
            new.metadata["nbgrader"] = meta
        new.id = f"cell-{index}"
        cells.append(new)
    return cells


def _digest(nb: NotebookNode) -> str:
    unsealed = copy.deepcopy(nb)
    unsealed.metadata[SEAL_KEY] = {"export": "nbgrader"}
    return hashlib.sha256(nbformat.writes(unsealed).encode("utf-8")).hexdigest()


def is_sealed(nb: NotebookNode) -> bool:
    """Whether `nb` is a notebook this module wrote, unchanged since."""
    seal = nb.get("metadata", {}).get(SEAL_KEY)
    return isinstance(seal, dict) and seal.get("sha256") == _digest(nb)


def results_notebook(result: SubmissionResult, submitted: NotebookNode | None,
                     known: KnownCells, *, read_problem: str | None = None,
                     late_penalty: float = 0.0) -> NotebookNode:
    """The notebook for `autograded/`: our results, then the submission's cells."""
    nb: NotebookNode = new_notebook()
    if submitted is not None:
        kernelspec = submitted.get("metadata", {}).get("kernelspec")
        if isinstance(kernelspec, dict):
            nb.metadata["kernelspec"] = {key: str(value) for key, value in kernelspec.items()
                                         if key in ("display_name", "language", "name")}
    nb.metadata["language_info"] = {"name": "python"}
    nb.cells = [*_summary(result, read_problem, late_penalty),
                *(_test_cell(test, index) for index, test in enumerate(result.tests))]
    if submitted is not None:
        nb.cells += _student_cells(submitted, known, {cell_name(t.name) for t in result.tests})
    nb.metadata[SEAL_KEY] = {"export": "nbgrader", "sha256": _digest(nb)}
    return nb
