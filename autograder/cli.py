"""`autograder` command line: a thin shell over `autograder.api`.

Every command prints a clear message and exits non-zero on failure instead of a traceback.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from autograder import api, outputs
from autograder.assignment import AssignmentNotFound, find_project_root
from autograder.grading.results import SubmissionResult
from autograder.intake import Ignored
from autograder.intake.names import shown
from autograder.notebook.mode import Mode
from autograder.platforms import commands as platform_commands
from autograder.progress import ProgressBar
from autograder.sandbox.config import SandboxConfig
from autograder.sandbox.isolation import CGROUPS

__all__ = ["main"]

ASSIGNMENT_HELP = "the assignment's name (its folder under solutions/)"
ROOT_HELP = "project folder holding solutions/ (default: found from the working folder up)"


def _cmd_generate(args: argparse.Namespace) -> int:
    if args.course_dir is not None:
        if args.out is not None:
            print("error: give --out or --course-dir, not both", file=sys.stderr)
            return 2
        course = api.generate_course(args.assignment, args.course_dir, args.root)
        print(f"Wrote {args.assignment} into the nbgrader course {shown(str(args.course_dir))}:")
        print(f"  {course.source} (for nbgrader generate_assignment)")
        print(f"  {course.release}: {', '.join(course.files)}")
        if course.kept:
            print(f"  kept in source/ and copied to release/: {', '.join(course.kept)}")
        return 0
    release = api.generate(args.assignment, args.root, args.out)
    print(f"Wrote the release of {args.assignment} to {release.directory}:")
    for name in release.files:
        print(f"  {name}")
    return 0


def _cmd_new(args: argparse.Namespace) -> int:
    from autograder.scaffold import write_skeleton

    root = args.root or _project_root_or_here()
    written = write_skeleton(root, args.assignment)
    print(f"Wrote the skeleton of {args.assignment} in {root / 'solutions' / args.assignment}:")
    for path in written:
        print(f"  {path.relative_to(root)}")
    release = api.generate(args.assignment, root)
    print(f"and its student release in {release.directory}.\nNext: autograder validate "
          f"{args.assignment}, then make it your own (docs/authoring.md).")
    return 0


def _project_root_or_here() -> Path:
    try:
        return find_project_root()
    except AssignmentNotFound:
        return Path.cwd()


def _cmd_validate(args: argparse.Namespace) -> int:
    progress = ProgressBar()
    report = api.validate(args.assignment, args.root, progress)
    progress.close()
    for finding in report.findings:
        mark = "ok  " if finding.ok else "FAIL"
        print(f"{mark} {finding.subject}: {finding.detail}")
    valid = sum(1 for f in report.findings if f.subject.startswith("valid/"))
    mutants = sum(1 for f in report.findings if f.subject.startswith("mutant/"))
    failures = len(report.failures())
    print(f"\n{args.assignment}: {valid} valid variants, {mutants} mutants, "
          f"{failures} problem{'s' if failures != 1 else ''}.")
    return 0 if report.ok else 1


def score_table(results: Sequence[SubmissionResult]) -> str:
    """A plain-text table: one row per submission, the failing tests' first message. Ids
    and messages are shown with control characters escaped: a student's text never moves
    the terminal's cursor or rewrites a line."""
    ids = [shown(r.submission_id)[:60] for r in results]
    width = max([len("submission"), *(len(i) for i in ids)])
    lines = [f"{'submission':<{width}}  {'score':>9}  status   first problem",
             f"{'-' * width}  {'-' * 9}  -------  {'-' * 40}"]
    for sid, result in zip(ids, results, strict=True):
        problem = shown(" ".join(result.first_problem.split()))
        score = f"{result.score:g}/{result.max_score:g}"
        lines.append(f"{sid:<{width}}  {score:>9}  {result.status:<7}  {problem[:70]}")
    return "\n".join(lines)


def _cmd_grade(args: argparse.Namespace) -> int:
    missing = [str(path) for path in args.paths if not path.exists()]
    if missing:
        print(f"error: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    config = SandboxConfig(
        call_timeout_s=args.timeout,
        submission_timeout_s=max(args.timeout * 6, 60.0),
        memory_mb=args.memory,
    )
    progress = ProgressBar()
    report = api.grade(args.assignment, args.paths, args.out, root=args.root,
                       mode=Mode(args.mode), workers=args.workers, config=config,
                       regrade=args.regrade, on_duplicate=args.on_duplicate,
                       progress=progress)
    progress.close()
    if report.migrated:
        print(f"Moved {len(report.migrated)} result folders of an earlier version to "
              f"{args.out}/submissions/.")
    _print_ignored(report.ignored)
    if not report.results:
        print("error: no submissions (.ipynb, .py or .zip) found", file=sys.stderr)
        return 2
    for protection in report.missing_protections:
        print(f"warning: sandbox protection missing: {protection}", file=sys.stderr)
    for protection in report.active_protections:
        if protection.startswith(CGROUPS):   # how the limits hold: the staff's to know
            print(f"sandbox: {protection}", file=sys.stderr)
    if report.suite_errors:
        tests = sorted({test for _, test in report.suite_errors})
        print(f"warning: {len(tests)} hidden test{'s' if len(tests) != 1 else ''} failed by "
              f"themselves ({len(report.suite_errors)} times): {', '.join(tests[:5])}"
              f"{' ...' if len(tests) > 5 else ''}; tracebacks in "
              f"{args.out / outputs.STAFF_LOG}", file=sys.stderr)
    print(score_table(report.results))
    if report.skipped:
        print(f"\n{len(report.skipped)} already graded with the same content were kept "
              "(use --regrade to grade them again).")
    print(f"\nResults: {args.out}/submissions/<submission>/result.json, "
          f"{args.out}/gradebook.sqlite, {args.out}/grades.csv")
    if report.dashboard is not None:
        _print_report_links(report.dashboard, [outputs.feedback_page(args.out, r.submission_id)
                                               for r in report.results])
    return 0


def _print_ignored(ignored: Sequence[Ignored]) -> None:
    """What intake found but did not grade, so nothing found goes unmentioned."""
    if not ignored:
        return
    print(f"Not graded ({len(ignored)}):")
    for item in ignored[:20]:
        print(f"  {shown(item.path)}: {shown(item.reason)}")
    if len(ignored) > 20:
        print(f"  ... and {len(ignored) - 20} more")


def _print_report_links(dashboard: Path, feedback: Sequence[Path]) -> None:
    print(f"Dashboard: {shown(dashboard)}\n  {dashboard.resolve().as_uri()}")
    print("Feedback for each student:")
    for path in feedback[:20]:
        print(f"  {path.resolve().as_uri()}")
    if len(feedback) > 20:
        print(f"  ... and {len(feedback) - 20} more: submissions/<submission>/feedback.html")


def _cmd_report(args: argparse.Namespace) -> int:
    reports = api.report(args.out, args.assignment)
    print(f"Rebuilt {len(reports.feedback)} feedback pages and the dashboard.")
    _print_report_links(reports.dashboard, list(reports.feedback))
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="autograder", description="Auto-graded neural-network exercises."
    )
    parser.add_argument("--root", type=Path, default=None, help=ROOT_HELP)
    commands = parser.add_subparsers(dest="command", required=True)

    generate = commands.add_parser("generate", help="write the student release of an assignment")
    generate.add_argument("assignment", help=ASSIGNMENT_HELP)
    generate.add_argument("--out", type=Path, default=None,
                          help="where to write (default: assignments/<assignment>/)")
    generate.add_argument("--course-dir", type=Path, default=None,
                          help="an nbgrader course: write source/<assignment>/ and "
                               "release/<assignment>/ there instead")
    generate.set_defaults(run=_cmd_generate)

    new = commands.add_parser(
        "new", help="write a skeleton assignment that validates and grades at once")
    new.add_argument("assignment", help="its name: lower-case letters, digits, underscores")
    new.set_defaults(run=_cmd_new)

    validate = commands.add_parser(
        "validate", help="prove the hidden suite: reference 100, release 0, corpora as claimed")
    validate.add_argument("assignment", help=ASSIGNMENT_HELP)
    validate.set_defaults(run=_cmd_validate)

    grade = commands.add_parser("grade", help="grade submissions in the sandbox")
    grade.add_argument("assignment", help=ASSIGNMENT_HELP)
    grade.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                       help="notebooks, .py files, zips, or folders of them")
    grade.add_argument("--out", type=Path, required=True, help="folder for the results")
    grade.add_argument("--workers", type=_positive_int, default=os.cpu_count() or 1,
                       help="submissions graded in parallel (default: one per core)")
    grade.add_argument("--timeout", type=float, default=10.0,
                       help="seconds one call into student code may take; a submission gets "
                            "at most max(6 x timeout, 60 s) in all")
    grade.add_argument("--memory", type=_positive_int, default=1024,
                       help="memory limit of a submission (all its processes), in MB")
    grade.add_argument("--mode", choices=[m.value for m in Mode], default=Mode.DEFS.value,
                       help="defs: only imports, definitions and simple assignments run; "
                            "full: every statement")
    grade.add_argument("--regrade", action="store_true",
                       help="grade again submissions already graded with the same content")
    grade.add_argument("--on-duplicate", choices=["error", "newest"], default="error",
                       help="two uploads with one id (bob.ipynb and bob.zip): refuse both, "
                            "naming them (error, the default), or grade the newest")
    grade.set_defaults(run=_cmd_grade)

    report = commands.add_parser(
        "report", help="rebuild the dashboard and the feedback pages from a results folder")
    report.add_argument("out", type=Path, metavar="DIR",
                        help="a folder `autograder grade --out` wrote")
    report.add_argument("--assignment", default=None,
                        help="which assignment (needed only if the gradebook holds several)")
    report.set_defaults(run=_cmd_report)
    platform_commands.register(commands)  # package, platform, serve, publish, export
    return _finish(parser)


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


class _DefaultsShown(argparse.HelpFormatter):
    """Help that says each option's default, unless the text already does (or there is
    none worth saying: None, False, an empty list)."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = action.help or ""
        default = action.default
        if (action.option_strings and "default" not in text
                and default not in (None, False, argparse.SUPPRESS) and default != []):
            text += " (default: %(default)s)"
        return text


def _subparsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """Every parser below `parser` (subcommands and their subcommands), depth first."""
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):
                found += [child, *_subparsers(child)]
    return found


def _finish(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Every subcommand accepts the global options too (`autograder grade X --root DIR`
    as well as `autograder --root DIR grade X`), and every help shows the defaults."""
    parser.formatter_class = _DefaultsShown
    for child in _subparsers(parser):
        child.formatter_class = _DefaultsShown
        if "--root" not in child._option_string_actions:
            child.add_argument("--root", type=Path, default=argparse.SUPPRESS,
                               help=ROOT_HELP)
    return parser


def _one_line(error: BaseException) -> str:
    """An error as one readable line: an OSError names the path and the reason (shutil's
    copy errors list every file: the first is named, the rest counted)."""
    if isinstance(error, shutil.Error) and error.args and isinstance(error.args[0], list):
        failures = error.args[0]
        source, _, why = failures[0]
        more = f" (and {len(failures) - 1} more files)" if len(failures) > 1 else ""
        return f"cannot copy {shown(str(source))}: {shown(str(why))}{more}"
    if isinstance(error, OSError) and error.filename is not None:
        reason = error.strerror or type(error).__name__
        return f"{shown(str(error.filename))}: {reason}"
    text = " ".join(str(error).split()) or type(error).__name__
    return f"{type(error).__name__}: {shown(text)}"


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        code: int = args.run(args)
    except AssignmentNotFound as error:
        print(f"error: {shown(str(error))}", file=sys.stderr)
        return 2
    except (RuntimeError, ValueError, OSError) as error:
        print(f"error: {_one_line(error)}", file=sys.stderr)
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main())
