"""Turn a failure of student code into the message the student reads."""

from __future__ import annotations

from autograder.testing import StudentError

__all__ = ["student_error"]


def student_error(
    function: str,
    error_type: str,
    message: str,
    missing_name: str | None = None,
    notebook_globals: frozenset[str] = frozenset(),
    globals_id: str | None = None,
) -> StudentError:
    """One wording for every way a call can fail, wherever the code ran. `globals_id` is
    the assignment's catalog id for reading notebook variables (assignment.toml)."""
    if error_type == "Missing":
        return StudentError(f"{function} is missing: no function of that name was found")
    if error_type == "NotImplementedError":
        return StudentError(f"{function} is not implemented yet (it raises NotImplementedError)")
    if error_type == "NotPlainData":
        return StudentError(f"{function} returned {message.removeprefix('the result is ')}; "
                            "expected numbers, arrays, lists, tuples or dicts")
    if error_type == "NameError" and missing_name in notebook_globals:
        return StudentError(
            # The catalog's hint for that id follows in the message the student reads.
            f"{function} uses the notebook variable '{missing_name}' instead of its arguments",
            (globals_id,) if globals_id else (),
        )
    return StudentError(f"{function} raised {error_type}: {message}")
