"""The command line of the integrations (`package`, `platform`, `serve`, `publish`,
`export`): argument parsing only; each command calls one typed function."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path
from types import FrameType
from typing import Any

from autograder.assignment import Assignment, find_project_root
from autograder.reporters.gradescope_json import VISIBILITIES, GradescopeOptions, as_visibility

__all__ = ["register"]

Subparsers = Any  # argparse's _SubParsersAction is private


def _pair(text: str) -> tuple[str, str]:
    key, sep, value = text.partition("=")
    if not sep or not key or not value:
        raise argparse.ArgumentTypeError(f"expected KEY=VALUE, got {text!r}")
    return key, value


def _parts(args: argparse.Namespace, default: str | None = None) -> dict[str, str]:
    parts = {}
    for item in args.part or []:
        key, sep, value = item.partition("=")
        if not sep:
            if default is None:
                raise ValueError(f"--part {item}: name the assignment, --part {item}=NAME")
            value = default
        parts[key] = value
    return parts


def _sandbox_flags(parser: argparse.ArgumentParser, memory: int) -> None:
    parser.add_argument("--timeout", type=float, default=10.0,
                        help="seconds one call into student code may take")
    parser.add_argument("--memory", type=int, default=memory,
                        help="memory limit of the submission (all its processes), MB")


# --- package -----------------------------------------------------------------------------

def _package_gradescope(args: argparse.Namespace) -> int:
    from autograder.platforms import gradescope

    assignment = Assignment.find(args.assignment, args.root)
    options = GradescopeOptions(
        hidden_tests=as_visibility(args.hidden_visibility),
        overrides=tuple((pattern, as_visibility(value)) for pattern, value in args.visibility),
        stdout=as_visibility(args.stdout_visibility))
    settings = gradescope.GradescopeSettings(assignment.name, options, args.timeout,
                                             args.memory)
    archive = gradescope.package(assignment, args.output, settings)
    print(f"Wrote {archive}: upload it as the autograder of a Gradescope programming "
          "assignment.")
    return 0


def _package_coursera(args: argparse.Namespace) -> int:
    from autograder.platforms import coursera

    assignments = [Assignment.find(name, args.root) for name in args.assignments]
    parts = _parts(args, args.assignments[0] if len(args.assignments) == 1 else None)
    dockerfile = coursera.package(assignments, args.output, parts, args.image)
    print(f"Wrote the grader image's build folder {args.output} ({dockerfile.name}, project/, "
          f"python/): docker build -t IMAGE {args.output}")
    return 0


# --- platform ----------------------------------------------------------------------------

def _platform_gradescope(args: argparse.Namespace) -> int:
    from autograder.platforms import gradescope

    return gradescope.run(args.gradescope_root)


def _platform_coursera(args: argparse.Namespace) -> int:
    from autograder.platforms import coursera

    root = args.root or find_project_root()
    config = coursera.sandbox_config(args.shared, call_timeout_s=args.timeout,
                                     memory_mb=args.memory)
    return coursera.run(args.shared, root, part_id=os.environ.get(coursera.PART_VARIABLE),
                        parts=_parts(args), config=config)


def _platform_prairielearn(args: argparse.Namespace) -> int:
    from autograder.platforms import prairielearn

    config = prairielearn.sandbox_config(args.grade_dir, call_timeout_s=args.timeout,
                                         memory_mb=args.memory)
    return prairielearn.run(args.grade_dir, args.root, assignment=args.assignment,
                            config=config)


# --- serve, publish, export --------------------------------------------------------------

def _serve_xqueue(args: argparse.Namespace) -> int:
    from autograder.platforms import xqueue

    password = os.environ.get("XQUEUE_PASSWORD")
    if args.password_file is not None:
        password = args.password_file.read_text(encoding="utf-8").strip()
    settings = xqueue.WorkerSettings(
        url=args.url, queue=args.queue, state_dir=args.state, username=args.username,
        password=password, poll_interval_s=args.poll, exit_when_empty=args.exit_when_empty,
        max_submissions=args.max_submissions)
    stopping = False

    def stop(_signal: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True  # finish the submission in hand, then leave

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    grader = xqueue.XQueueGrader(args.root or find_project_root(), call_timeout_s=args.timeout,
                                 memory_mb=args.memory)
    try:
        report = xqueue.serve(settings, grader, log=lambda line: print(line, flush=True),
                              should_stop=lambda: stopping)
    finally:
        grader.close()
    print(f"answered {len(report.answered)} (replayed {len(report.replayed)}), "
          f"rejected {len(report.rejected)}")
    return 0


def _publish_lti(args: argparse.Namespace) -> int:
    from autograder.platforms import lti
    from autograder.platforms.common import load_results

    name, results = load_results(args.results, args.assignment)
    settings = lti.LtiSettings(
        lineitem=args.lineitem, token_url=args.token_url, client_id=args.client_id,
        private_key_pem=args.key.read_text(encoding="utf-8"), key_id=args.key_id,
        audience=args.audience, max_attempts=args.attempts)
    users = lti.read_users(args.users) if args.users else None
    report = lti.publish(results, settings, args.results / "lti_sent.sqlite", users=users,
                         dry_run=args.dry_run, log=print)
    verb = "would send" if args.dry_run else "sent"
    print(f"{name}: {verb} {len(report.sent)}, unchanged {len(report.unchanged)}, "
          f"failed {len(report.failed)}")
    for student, reason in report.failed:
        print(f"error: {student}: {reason}", file=sys.stderr)
    return 1 if report.failed else 0


def _export(args: argparse.Namespace) -> int:
    from autograder.exports import export
    from autograder.intake.names import shown

    if not (args.junit or args.tests_csv or args.nbgrader_db or args.course_dir):
        print("error: name at least one export: --junit, --tests-csv, --nbgrader-db or "
              "--course-dir", file=sys.stderr)
        return 2
    report = export(args.results, assignment=args.assignment, junit=args.junit,
                    checks_csv=args.tests_csv, nbgrader_db=args.nbgrader_db,
                    course_dir=args.course_dir, notebook=args.notebook)
    for path in report.written:
        print(f"Wrote {path}")
    for warning in report.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    if report.nbgrader is not None:
        print(f"nbgrader gradebook: {len(report.nbgrader.students)} submissions of "
              f"{report.nbgrader.assignment} ({report.nbgrader.grade_cells} grade cells)")
        late = report.nbgrader.late
        if late:
            print("Late, penalised as the course's nbgrader config says: "
                  + ", ".join(f"{shown(row.student_id)} -{row.late_submission_penalty:g}"
                              for row in late))
    if args.course_dir is not None:
        print(f"autograded/: results notebooks for {len(report.autograded)} submissions")
    if report.kept:
        print(f"warning: kept {len(report.kept)} notebooks nbgrader autograde wrote (their "
              f"formgrader page and feedback show nbgrader's run, not each check; the "
              f"gradebook has every check): {shown(str(report.kept[0]))}"
              + (f" and {len(report.kept) - 1} more" if len(report.kept) > 1 else ""),
              file=sys.stderr)
    return 0


def register(commands: Subparsers) -> None:
    """Add the integration commands to the `autograder` parser's subcommands."""
    visibilities = ", ".join(VISIBILITIES)

    package = commands.add_parser("package", help="build what a platform needs to grade")
    kinds = package.add_subparsers(dest="platform", required=True)
    gs = kinds.add_parser("gradescope", help="the Gradescope autograder zip")
    gs.add_argument("assignment", help="the assignment to grade (a folder of solutions/)")
    gs.add_argument("-o", "--output", type=Path, default=Path("autograder.zip"),
                    help="the zip to write")
    gs.add_argument("--hidden-visibility", default="after_published",
                    help=f"visibility of the hidden tests ({visibilities})")
    gs.add_argument("--visibility", type=_pair, action="append", default=[],
                    metavar="PATTERN=VISIBILITY",
                    help="override for the tests whose whole name matches PATTERN "
                         "('test_activations::*'); a pattern matching no test is an error")
    gs.add_argument("--stdout-visibility", default="hidden",
                    help="only 'hidden': stdout is the staff's log (tracebacks, missing "
                         "sandbox protections, the total)")
    _sandbox_flags(gs, 1024)
    gs.set_defaults(run=_package_gradescope)
    cs = kinds.add_parser("coursera", help="the Coursera grader image's build folder")
    cs.add_argument("assignments", nargs="+", metavar="ASSIGNMENT",
                    help="the assignments the image grades")
    cs.add_argument("-o", "--output", type=Path, required=True,
                    help="the build folder to write (docker build it)")
    cs.add_argument("--part", action="append", required=True,
                    metavar="PARTID[=ASSIGNMENT]", help="a Coursera part and what it grades")
    cs.add_argument("--image", default=None, help="the image name in the build hint")
    cs.set_defaults(run=_package_coursera)

    platform = commands.add_parser("platform", help="grade one submission inside a platform")
    where = platform.add_subparsers(dest="platform", required=True)
    gs_run = where.add_parser("gradescope", help="run inside Gradescope (run_autograder)")
    gs_run.add_argument("--gradescope-root", type=Path, default=Path(os.environ.get(
        "AUTOGRADER_GRADESCOPE_ROOT", "/autograder")),
        help="Gradescope's folder, holding submission/ and results/ "
             "(or $AUTOGRADER_GRADESCOPE_ROOT)")
    gs_run.set_defaults(run=_platform_gradescope)
    cs_run = where.add_parser("coursera", help="run as Coursera's custom grader")
    cs_run.add_argument("--shared", type=Path, default=Path(os.environ.get(
        "AUTOGRADER_COURSERA_SHARED", "/shared")),
        help="Coursera's folder, holding submission/ and feedback.json "
             "(or $AUTOGRADER_COURSERA_SHARED)")
    cs_run.add_argument("--part", action="append", metavar="PARTID=ASSIGNMENT",
                        help="which assignment a Coursera part grades (repeat per part); "
                             "the part comes from $partId")
    _sandbox_flags(cs_run, 512)
    cs_run.set_defaults(run=_platform_coursera)
    pl_run = where.add_parser("prairielearn", help="run as PrairieLearn's external grader")
    pl_run.add_argument("--grade-dir", type=Path, default=Path(os.environ.get(
        "AUTOGRADER_PRAIRIELEARN_GRADE", "/grade")),
        help="PrairieLearn's folder, holding student/, tests/ and results/ "
             "(or $AUTOGRADER_PRAIRIELEARN_GRADE)")
    pl_run.add_argument("--assignment", default=None,
                        help="the assignment (default: data.json's params.assignment, else "
                             "the only one)")
    _sandbox_flags(pl_run, 1024)
    pl_run.set_defaults(run=_platform_prairielearn)

    serve = commands.add_parser("serve", help="long-running graders")
    servers = serve.add_subparsers(dest="server", required=True)
    xq = servers.add_parser("xqueue", help="pull submissions from edX's XQueue and answer them")
    xq.add_argument("--url", required=True, help="the XQueue server, e.g. https://xqueue.example")
    xq.add_argument("--queue", required=True, help="the queue's name on the XQueue server")
    xq.add_argument("--username", default=os.environ.get("XQUEUE_USERNAME"),
                    help="the XQueue user (or $XQUEUE_USERNAME)")
    xq.add_argument("--password-file", type=Path, default=None,
                    help="file holding the password (default: $XQUEUE_PASSWORD)")
    xq.add_argument("--state", type=Path, default=Path("xqueue-state"),
                    help="folder of the journal of fetched submissions")
    xq.add_argument("--poll", type=float, default=2.0, help="seconds between empty polls")
    xq.add_argument("--exit-when-empty", action="store_true",
                    help="stop when the queue is empty (batch runs)")
    xq.add_argument("--max-submissions", type=int, default=None,
                    help="stop after grading this many (default: no limit)")
    _sandbox_flags(xq, 1024)
    xq.set_defaults(run=_serve_xqueue)

    publish = commands.add_parser("publish", help="send grades to a learning platform")
    targets = publish.add_subparsers(dest="target", required=True)
    lti = targets.add_parser("lti", help="LTI 1.3 Assignment and Grade Services scores")
    lti.add_argument("results", type=Path, help="the --out folder of `autograder grade`")
    lti.add_argument("--assignment", default=None,
                     help="the assignment (needed only if the gradebook holds several)")
    lti.add_argument("--lineitem", required=True, help="the line item URL")
    lti.add_argument("--token-url", required=True, help="the platform's OAuth2 token URL")
    lti.add_argument("--client-id", required=True,
                     help="the tool's client id registered with the platform")
    lti.add_argument("--key", type=Path, required=True, help="the tool's private key (PEM)")
    lti.add_argument("--key-id", default=None, help="the key's kid in the tool's JWKS")
    lti.add_argument("--audience", default=None, help="JWT aud (default: the token URL)")
    lti.add_argument("--users", type=Path, default=None,
                     help="CSV student_id,lti_user_id (default: ids are LTI user ids)")
    lti.add_argument("--attempts", type=int, default=5, help="tries per request")
    lti.add_argument("--dry-run", action="store_true", help="print, send nothing")
    lti.set_defaults(run=_publish_lti)

    export = commands.add_parser("export", help="JUnit XML, per-check CSV, nbgrader gradebook")
    export.add_argument("results", type=Path, help="the --out folder of `autograder grade`")
    export.add_argument("--assignment", default=None,
                        help="the assignment (needed only if the gradebook holds several)")
    export.add_argument("--junit", type=Path, default=None,
                        help="write JUnit XML here (a testsuite per submission)")
    export.add_argument("--tests-csv", type=Path, default=None,
                        help="write the per-check CSV here (a row per submission and check)")
    export.add_argument("--nbgrader-db", default=None, help="database URL or SQLite path")
    export.add_argument("--course-dir", type=Path, default=None,
                        help="an nbgrader course: scores into its gradebook (late penalties "
                             "as its config says), results notebooks into autograded/ (never "
                             "over nbgrader's), DIR/grades.csv with nbgrader's values")
    export.add_argument("--notebook", default=None,
                        help="nbgrader notebook name (default: the assignment's name)")
    export.set_defaults(run=_export)
