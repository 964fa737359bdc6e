"""Turn a failure of student code into the message the student reads."""

from __future__ import annotations

import re

from autograder.grading.redaction import student_text
from autograder.grading.results import MISSING, UNIMPLEMENTED
from autograder.testing import StudentError

__all__ = ["student_error"]

# An exception's type name is the student's choice too (`type("E_5488", (Exception,), {})`):
# shown only when it reads like one.
_TYPE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.]{0,59}")


def _type_name(error_type: str) -> str:
    if not _TYPE_NAME.fullmatch(error_type):
        return "an exception"
    return student_text(error_type)


def student_error(
    function: str,
    error_type: str,
    message: str,
    missing_name: str | None = None,
    notebook_globals: frozenset[str] = frozenset(),
    globals_id: str | None = None,
    failed_import: str | None = None,
) -> StudentError:
    """One wording for every way a call can fail, wherever the code ran. `globals_id` is
    the assignment's catalog id for reading notebook variables (assignment.toml).

    `error_type` and `message` come from the student's process, whose code chose them
    after seeing the test's inputs: they are cut (`student_text`) so that they cannot
    carry those inputs back into the student's feedback."""
    if error_type == "Missing":
        return StudentError(f"{function} {MISSING}")
    if error_type == "NotImplementedError":
        return StudentError(f"{function} {UNIMPLEMENTED}")
    if error_type == "NotPlainData":
        what = student_text(message.removeprefix("the result is "))
        return StudentError(f"{function} returned {what}; "
                            "expected numbers, arrays, lists, tuples or dicts")
    if error_type == "NameError" and missing_name in notebook_globals:
        return StudentError(
            # The catalog's hint for that id follows in the message the student reads.
            f"{function} uses the notebook variable '{missing_name}' instead of its arguments",
            (globals_id,) if globals_id else (),
        )
    if error_type == "NameError" and missing_name and failed_import:
        return StudentError(
            f"{function} raised NameError: {student_text(repr(missing_name))} is not defined: "
            f"your notebook imports it from {student_text(failed_import)}, which this "
            "assignment does not provide")
    return StudentError(f"{function} raised {_type_name(error_type)}: {student_text(message)}")
