"""Cheats: patching the checking tools, rigged return values, reading hidden files, writing
results, daemons, the network, and leaving things for the next student. Each scores only
what the honest part of its code deserves, and could not do what it tried.

Graded in the shared attack batch (see conftest.py). `x / 2` is the stock wrong answer: it
honestly earns 1 of 4 points (double(0) == 0) and is flagged as the TINY-HALF misconception.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from tests.security.conftest import AttackBatch, litter_paths, sysv_segments_of_sandboxes
from tests.security.helpers import text_of, wait_until_no_sandbox_processes

HIDDEN_TEST_CODE = "test_double_of_an_array"  # a line of the hidden suite
REFERENCE_CODE = "### BEGIN SOLUTION"  # a line of the reference notebook


def _no_leak(text: str) -> None:
    assert "LEAK" not in text
    assert HIDDEN_TEST_CODE not in text
    assert REFERENCE_CODE not in text


def test_the_honest_submission_gets_full_marks_in_the_attack_batch(
        attack_batch: AttackBatch) -> None:
    assert (attack_batch["honest"].score, attack_batch["honest"].max_score) == (4, 4)


@pytest.mark.parametrize("submission_id", [
    "patches_numpy", "patches_builtins", "patches_pytest", "rigged_ndarray",
])
def test_patching_the_checking_tools_in_the_sandbox_does_not_fool_the_checks(
        attack_batch: AttackBatch, submission_id: str) -> None:
    result = attack_batch[submission_id]
    assert (result.status, result.score, result.max_score) == ("graded", 1, 4), result
    assert result.misconceptions == ("TINY-HALF",)


def test_metadata_claiming_more_points_is_ignored(attack_batch: AttackBatch) -> None:
    result = attack_batch["tampered_metadata"]
    assert (result.score, result.max_score) == (1, 4)
    assert [t.max_points for t in result.tests] == [3, 1]


def test_an_object_equal_to_anything_scores_zero_and_its_type_is_named(
        attack_batch: AttackBatch) -> None:
    result = attack_batch["equal_to_anything"]
    assert (result.score, result.max_score) == (0, 4)
    messages = sorted(t.message for t in result.tests)
    assert "double returned an object of type AlwaysEqual" in messages[0]
    assert "double returned an object of type Anything" in messages[1]


def test_oversized_or_deeply_nested_results_are_refused(attack_batch: AttackBatch) -> None:
    huge, deep = attack_batch["huge_reply"], attack_batch["deep_reply"]
    assert huge.score == deep.score == 0
    assert all("returned data the grader cannot accept" in t.message for t in huge.tests)
    assert all("nested more than 32 levels deep" in t.message for t in deep.tests)


def test_a_forged_reply_on_the_grader_channel_costs_only_that_submission(
        attack_batch: AttackBatch) -> None:
    """The sandbox's end of the channel lives in the student's process: code run at load time
    can write its own reply to "load". That must not crash the grader (and the batch)."""
    result = attack_batch["forges_load_reply"]
    assert (result.status, result.score, result.max_score) == ("graded", 0, 4)
    assert all("malformed reply" in t.message for t in result.tests), result.tests
    assert attack_batch["honest"].score == 4  # graded after it, by the same worker


def test_reading_the_hidden_tests_or_reference_is_blocked_and_the_honest_part_scores(
        attack_batch: AttackBatch) -> None:
    """The attack knows the exact paths, runs at load time (a class body runs even in defs
    mode) and puts whatever it read into its own feedback: it must read nothing."""
    result = attack_batch["steals_at_load"]
    assert (result.score, result.max_score) == (4, 4)
    text = text_of(result)
    # The sandbox's file system is an allow-list: the hidden files are simply not there.
    assert "BLOCKED: FileNotFoundError" in text, text
    _no_leak(text)


def test_importing_the_hidden_tests_fails_and_scores_zero(attack_batch: AttackBatch) -> None:
    result = attack_batch["imports_hidden_tests"]
    assert (result.score, result.max_score) == (0, 4)
    text = text_of(result)
    assert "BLOCKED: ModuleNotFoundError" in text, text
    _no_leak(text)


def test_hunting_for_the_hidden_tests_finds_nothing(attack_batch: AttackBatch) -> None:
    """Paths from /proc/self/mountinfo, every /proc/*/cmdline, sys.path, module __file__s and
    a walk from /: in the sandbox's allow-list file system there is no solutions/ at all."""
    result = attack_batch["hunts_for_hidden_tests"]
    assert (result.score, result.max_score) == (4, 4)
    text = text_of(result)
    assert "folders=[]" in text and "read=[]" in text, text  # not even the folder is there
    assert f"{attack_batch.root}/solutions/tiny/" not in text
    _no_leak(text)


def test_a_sample_solution_kept_in_the_project_cannot_be_replayed(
        attack_batch: AttackBatch) -> None:
    """Like the repository's examples/, the project keeps a correct sample submission (the
    reference's code) outside solutions/. Student code must not be able to read and run it."""
    result = attack_batch["replays_sample_solution"]
    assert (result.score, result.max_score) == (0, 4), "the sample solution was replayed"
    assert "BLOCKED" in text_of(result)


def test_a_submission_cannot_learn_who_else_is_in_the_batch(attack_batch: AttackBatch) -> None:
    result = attack_batch["lists_classmates"]
    text = text_of(result)
    assert "CLASSMATES" in text
    for classmate in ("honest", "patches_numpy", "passes_answers_on"):
        assert classmate not in text, text


def test_a_classmates_ungraded_files_cannot_be_copied(attack_batch: AttackBatch) -> None:
    """zoe's folder holds her graded tiny.ipynb and an ungraded draft.py with a correct
    double(). The sandbox hides the graded file; the draft beside it must be out of reach too."""
    assert attack_batch["zoe"].score == 4
    result = attack_batch["copies_a_classmate"]
    assert (result.score, result.max_score) == (0, 4), "a classmate's work was copied"


def test_setuid_programs_cannot_give_the_sandbox_root_rights(attack_batch: AttackBatch) -> None:
    """The system has setuid-root programs (su, mount, passwd...): with no_new_privs set,
    executing one cannot raise the sandbox's privileges."""
    text = text_of(attack_batch["checks_privileges"])
    assert "STATUS Uid=" in text
    assert "CapEff=none" in text, text
    assert "NoNewPrivs=1" in text, text


def _stored_score(attack_batch: AttackBatch, submission_id: str) -> tuple[float, float, float]:
    out = attack_batch.batch.out
    stored = json.loads((out / "submissions" / submission_id / "result.json").read_text())
    with sqlite3.connect(out / "gradebook.sqlite") as db:
        (in_db,) = db.execute("SELECT score FROM submissions WHERE submission_id=?",
                              (submission_id,)).fetchone()
    rows = [line.split(",") for line in (out / "grades.csv").read_text().splitlines()]
    (in_csv,) = [float(row[9]) for row in rows if row[3] == submission_id]
    return stored["score"], in_db, in_csv


def test_writing_results_the_gradebook_or_the_hidden_suite_is_blocked(
        attack_batch: AttackBatch) -> None:
    result = attack_batch["overwrites_results"]
    assert (result.score, result.max_score) == (1, 4)
    text = text_of(result)
    assert "WROTE" not in text and "FileNotFoundError" in text, text
    assert _stored_score(attack_batch, "overwrites_results") == (1, 1, 1)
    assert _stored_score(attack_batch, "honest") == (4, 4, 4)
    assert not (attack_batch.batch.out / "planted.txt").exists()
    tiny = attack_batch.root / "solutions" / "tiny"
    assert {str(p): p.read_text() for p in tiny.rglob("*") if p.is_file()} == attack_batch.before


def test_a_daemon_dies_with_its_submission_and_changes_nothing(
        attack_batch: AttackBatch) -> None:
    result = attack_batch["daemon"]
    assert (result.score, result.max_score) == (1, 4)
    assert wait_until_no_sandbox_processes() == []
    assert _stored_score(attack_batch, "daemon") == (1, 1, 1)
    assert _stored_score(attack_batch, "honest") == (4, 4, 4)
    assert not (attack_batch.batch.out / "daemon-was-here").exists()
    tiny = attack_batch.root / "solutions" / "tiny"
    assert not (tiny / "hidden_tests" / "conftest.py").exists()


def test_connections_to_loopback_or_the_internet_fail_inside_the_sandbox(
        attack_batch: AttackBatch) -> None:
    for submission_id in ("net_loopback", "net_external"):
        result = attack_batch[submission_id]
        assert (result.score, result.max_score) == (0, 4), submission_id
        assert all("BLOCKED" in t.message for t in result.tests), result.tests
    assert attack_batch.listeners["tcp"].accepted == []
    assert attack_batch.listeners["abstract"].accepted == []


def test_a_unix_socket_of_the_host_is_out_of_reach(attack_batch: AttackBatch) -> None:
    """A network namespace does not cover UNIX sockets in the file system (databases, D-Bus,
    the system log...): the test listens on one that any user may connect to."""
    result = attack_batch["net_unix_socket"]
    assert attack_batch.listeners["unix"].accepted == [], "the sandbox reached a host socket"
    assert (result.score, result.max_score) == (0, 4)


def test_a_submission_leaves_nothing_behind_on_the_machine(attack_batch: AttackBatch) -> None:
    """It wrote to /var/tmp, /dev/shm and /tmp and created a System V shared-memory segment."""
    result = attack_batch["leaves_litter"]
    assert (result.score, result.max_score) == (4, 4)
    left = [str(p) for p in litter_paths(attack_batch.token) if p.exists()]
    left += [f"System V shared memory segment {shmid}" for shmid in sysv_segments_of_sandboxes()]
    assert left == [], f"what the sandbox left outlives it: {left}"


def test_a_file_left_in_tmp_is_not_visible_to_the_next_student(
        attack_batch: AttackBatch) -> None:
    """passes_answers_on writes a correct double() to /tmp; picks_up_answers, graded next by
    the same worker, runs whatever it finds there. It must find nothing."""
    assert attack_batch["passes_answers_on"].score == 4
    result = attack_batch["picks_up_answers"]
    assert (result.score, result.max_score) == (0, 4), "answers passed between students"
    assert all("BLOCKED: FileNotFoundError" in t.message for t in result.tests)
