"""An nbgrader course folder as the export reads it: nbgrader's configuration (the
course's own file wins), its late-submission plugin, submission times, and problems said
in one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from autograder.platforms.nbgrader_course import Course


def _course(tmp_path: Path, config: str = "") -> Path:
    course = tmp_path / "course"
    course.mkdir()
    if config:
        (course / "nbgrader_config.py").write_text("c = get_config()\n" + config)
    return course


@pytest.fixture(autouse=True)
def no_user_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Jupyter config folders of this machine's user stay out of these tests."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(tmp_path / "home" / ".jupyter"))
    monkeypatch.setenv("JUPYTER_PREFER_ENV_PATH", "0")


def test_the_courses_config_sets_the_database_the_id_and_the_late_policy(tmp_path: Path
                                                                          ) -> None:
    course = Course(_course(tmp_path, 'c.CourseDirectory.course_id = "nn101"\n'
                                      'c.LateSubmissionPlugin.penalty_method = "zero"\n'))
    assert course.course_id == "nn101"
    assert course.db_url == f"sqlite:///{tmp_path / 'course' / 'gradebook.db'}"
    assert course.late_policy()("bob", 7.5, 30.0) == 7.5        # "zero": all points


def test_without_a_policy_a_late_submission_keeps_its_points(tmp_path: Path) -> None:
    assert Course(_course(tmp_path)).late_policy()("bob", 7.5, 30.0) is None


def test_a_user_config_applies_unless_the_course_says_otherwise(tmp_path: Path) -> None:
    user = tmp_path / "home" / ".jupyter"
    user.mkdir(parents=True)
    (user / "nbgrader_config.py").write_text(
        'c = get_config()\nc.LateSubmissionPlugin.penalty_method = "zero"\n'
        'c.CourseDirectory.course_id = "from-user"\n')
    course = Course(_course(tmp_path, 'c.CourseDirectory.course_id = "nn101"\n'))
    assert course.course_id == "nn101"
    assert course.late_policy()("bob", 2.0, 1.0) == 2.0


def test_a_broken_config_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"nbgrader_config.py could not be read: NameError"):
        Course(_course(tmp_path, "c.Oops = undefined_name\n"))


def test_submission_times_come_from_timestamp_txt_and_a_bad_one_is_named(tmp_path: Path
                                                                          ) -> None:
    root = _course(tmp_path)
    for student, text in {"alice": "2024-03-01 10:00:00.000000 UTC",
                          "bob": "not a time at all"}.items():
        folder = root / "submitted" / student / "hw1"
        folder.mkdir(parents=True)
        (folder / "timestamp.txt").write_text(text)
    times, problems = Course(root).submission_times("hw1", ["alice", "bob", "carol"])
    assert {student: str(when) for student, when in times.items()} == {
        "alice": "2024-03-01 10:00:00"}
    assert len(problems) == 1 and "bob" in problems[0] and "no late penalty" in problems[0]


def test_a_course_that_is_not_a_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="is not a folder"):
        Course(tmp_path / "missing")
