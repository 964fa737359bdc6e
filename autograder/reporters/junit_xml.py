"""JUnit XML, the report CI servers and dashboards read: one `<testsuite>` per submission,
one `<testcase>` per check; a failed check is a `<failure>` carrying the student's message,
and a submission that could not be graded at all gives an `<error>` in each of its cases.
Points travel as properties, so a consumer can recompute the score.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence

from autograder.grading.results import SubmissionResult
from autograder.reporters.limits import truncate

__all__ = ["junit_xml"]

MESSAGE_BYTES = 4096


def _text(value: str) -> str:
    return truncate(value, 64 * 1024)


def _property(parent: ET.Element, name: str, value: object) -> None:
    ET.SubElement(parent, "property", name=name, value=str(value))


def _suite(result: SubmissionResult) -> ET.Element:
    failures = 0 if result.status == "error" else sum(1 for t in result.tests if not t.passed)
    errors = len(result.tests) if result.status == "error" else 0
    suite = ET.Element("testsuite", {
        "name": truncate(result.submission_id, 512),
        "tests": str(len(result.tests)),
        "failures": str(failures),
        "errors": str(errors),
        "skipped": "0",
        "time": f"{result.duration_s:.3f}",
    })
    properties = ET.SubElement(suite, "properties")
    _property(properties, "assignment", result.assignment)
    _property(properties, "score", f"{result.score:g}")
    _property(properties, "max_score", f"{result.max_score:g}")
    _property(properties, "status", result.status)
    if result.status == "error" and not result.tests:
        case = ET.SubElement(suite, "testcase", classname=result.assignment, name="submission",
                             time="0")
        error = ET.SubElement(case, "error", message=truncate(result.error or "", MESSAGE_BYTES),
                              type="SubmissionError")
        error.text = _text(result.error or "")
        suite.set("tests", "1")
        suite.set("errors", "1")
    for test in result.tests:
        module, _, name = test.name.partition("::")
        case = ET.SubElement(suite, "testcase", {
            "classname": f"{result.assignment}.{module}" if name else result.assignment,
            "name": name or module,
            "time": "0",
        })
        detail = (f"{test.points:g}/{test.max_points:g} points"
                  + (f"; misconceptions: {', '.join(test.misconceptions)}"
                     if test.misconceptions else ""))
        if result.status == "error":
            error = ET.SubElement(case, "error", type="SubmissionError",
                                  message=truncate(result.error or "", MESSAGE_BYTES))
            error.text = _text(result.error or "")
        elif not test.passed:
            failure = ET.SubElement(case, "failure", message=truncate(test.message, MESSAGE_BYTES),
                                    type="CheckFailed")
            failure.text = _text(f"{test.message}\n({detail})")
        out = ET.SubElement(case, "system-out")
        out.text = detail
    if result.notes:
        out = ET.SubElement(suite, "system-out")
        out.text = _text("\n".join(result.notes))
    return suite


def junit_xml(results: Sequence[SubmissionResult], *, name: str = "autograder") -> str:
    """The whole report as text (UTF-8 XML with its declaration)."""
    root = ET.Element("testsuites", {
        "name": name,
        "time": f"{sum(r.duration_s for r in results):.3f}",
    })
    for key in ("tests", "failures", "errors"):
        root.set(key, "0")
    for result in results:
        suite = _suite(result)
        root.append(suite)
        for key in ("tests", "failures", "errors"):
            root.set(key, str(int(root.get(key, "0")) + int(suite.get(key, "0"))))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
