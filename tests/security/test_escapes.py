"""Escape attempts through the submission itself: links out of a submission folder and zip
entries that point elsewhere are refused with a reason, never followed.

Graded in the shared attack batch (see conftest.py).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from autograder.intake import discover
from tests.security.conftest import AttackBatch
from tests.security.helpers import write_code


def _refused(attack_batch: AttackBatch, submission_id: str, reason: str) -> None:
    result = attack_batch[submission_id]
    assert result.status == "refused", result
    assert (result.score, result.max_score) == (0, 4)
    assert reason in (result.error or ""), result.error


def test_a_link_to_the_reference_notebook_is_not_followed_and_scores_zero(
        attack_batch: AttackBatch) -> None:
    """Followed, this link would hand the grader the reference solution: 4/4."""
    _refused(attack_batch, "linked_reference", "is a link; links are not followed")


def test_links_to_the_hidden_tests_or_etc_passwd_are_not_followed(
        attack_batch: AttackBatch) -> None:
    for submission_id in ("linked_hidden_tests", "linked_passwd"):
        _refused(attack_batch, submission_id, "links are not followed")
        assert "root:" not in str(attack_batch[submission_id].to_dict())


def test_a_student_folder_that_is_a_link_gets_a_result_with_the_reason(
        attack_batch: AttackBatch) -> None:
    """`linked_folder` links to solutions/tiny/ (which holds tiny.ipynb): it must be neither
    graded as the reference nor silently dropped ("every submission gets a result")."""
    assert "linked_folder" in attack_batch.batch.ids, (
        "a student folder that is a symlink was silently skipped: no result at all")
    _refused(attack_batch, "linked_folder", "link")


def test_a_link_cannot_hide_a_library_module_from_the_other_students(
        attack_batch: AttackBatch) -> None:
    """`linked_stdlib.py` links to the standard library's statistics.py. The grader hides every
    submission path from the sandbox; it must not hide the *target* of a refused link, or one
    student decides which modules everybody else's code can import."""
    _refused(attack_batch, "linked_stdlib", "links are not followed")
    result = attack_batch["uses_statistics"]
    assert (result.score, result.max_score) == (4, 4), [t.message for t in result.tests]


def test_a_zip_entry_with_dotdot_is_refused_and_nothing_is_written_outside(
        attack_batch: AttackBatch) -> None:
    _refused(attack_batch, "dotdot_zip", "unsafe entry '../../zip_escaped.py'")
    assert list(attack_batch.root.rglob("zip_escaped.py")) == []
    assert not (attack_batch.root.parent / "zip_escaped.py").exists()


def test_a_zip_entry_with_an_absolute_path_or_a_link_is_refused(
        attack_batch: AttackBatch) -> None:
    _refused(attack_batch, "absolute_zip", "unsafe entry")
    assert not (attack_batch.root / "absolute_escaped.py").exists()
    _refused(attack_batch, "link_zip", "entry 'tiny.py' is a link")


def test_a_well_formed_zip_is_unpacked_and_graded(attack_batch: AttackBatch) -> None:
    result = attack_batch["good_zip"]
    assert (result.status, result.score, result.max_score) == ("graded", 4, 4)


def test_a_zip_named_with_dots_cannot_delete_or_escape_the_output_folder(tmp_path: Path) -> None:
    """`...zip` has the stem `..`: unpacked "into" out/.unpacked/.., it would replace the whole
    output folder (gradebook included), and its id would put result.json outside it."""
    out = tmp_path / "out"
    (out / ".unpacked").mkdir(parents=True)
    (out / "gradebook.sqlite").write_text("earlier results")
    uploads = tmp_path / "uploads"
    honest = write_code(uploads, "honest.py", "def double(x):\n    return 2 * x\n")
    for name in ("...zip", "..zip"):
        with zipfile.ZipFile(uploads / name, "w") as bundle:
            bundle.write(honest, "tiny.py")
    (uploads / "...ipynb").write_text(honest.read_text())
    names = ("...zip", "..zip", "...ipynb")
    found = discover([uploads / name for name in names], "tiny", out / ".unpacked").submissions
    assert (out / "gradebook.sqlite").read_text() == "earlier results"
    assert len(found) == len(names)
    for submission in found:
        assert submission.submission_id.strip(".") != "", submission
        assert "/" not in submission.submission_id
        assert submission.problem, submission
