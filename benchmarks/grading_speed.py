"""How fast each way of grading the same submissions is, measured side by side in one run.

Usage (from the project root):

    .venv/bin/python benchmarks/grading_speed.py [--n 100] [--nbgrader-n K] [--kernel-n K]
                                                  [--seed 0] [--workers 2] [--json PATH]
                                                  [--profile] [--keep]

or `make bench`. It generates N submissions of `one_hidden_layer` from the student release
(assignments/one_hidden_layer/): about 40% with every solution cell filled by the reference
code, the rest with one or two functions replaced by a corpus mutant's
(solutions/one_hidden_layer/corpora/mutants/). The mix is seeded, so every run grades the
same notebooks. They are written in nbgrader's layout, `<course>/submitted/<id>/<assignment>/`.
Then it times, one after the other in the same run (the machine is shared: compare within a
run, never across runs):

1. in-process: the hidden suite run by our pytest session (`run_session`) in this process
   against a `student` that calls the reference functions directly (arguments deep-copied),
   N times. No sandbox, no notebook: the cost of the checks alone.
2. sandboxed reference: our `Grader` (warm zygote, one sandboxed process per submission,
   every protection the OS allows) on N copies of the reference solution's notebook, in this
   process. The ratio 2 / 1 is the price of isolation (target: at most 3).
3. ours: `autograder.api.grade(..., workers=W)` on all N generated submissions, the whole
   batch timed from the call (worker start-up included) to its return.
4. kernel floor: plain nbclient execution of each notebook, one `python3` kernel per notebook,
   in a folder holding the release's helper files. Any kernel-based grader pays at least this.
   A subset of the submissions (`--kernel-n`, default min(N, 20), same seeded mix).
5. nbgrader: `nbgrader generate_assignment` once (reported, not counted), then ONE
   `nbgrader autograde one_hidden_layer --force` over `--nbgrader-n` submissions (default:
   all N). nbgrader executes every cell, the notebook's training experiment and plots
   included: that is what it really costs. Per-notebook times come from its log lines,
   timestamped as they arrive. All N take about 15 minutes for N = 100 on a 2-core machine
   (~9 s per notebook: the notebook trains networks for its experiment). A subset
   (`--nbgrader-n K`) is quicker, and its batch time for N is extrapolated (said so in the
   output: command overhead + N x mean per-notebook time), but a subset misleads: a few
   mutants make the notebook's own training slow (a cost computed as an m x m matrix: 46 s
   under nbgrader instead of 9), and the first 10 of the default mix hold one of the two,
   so they extrapolate 12.4 s per notebook where all 100 average 9.1 s (measured).

Per-submission figures: "median" is the median of the per-submission times each method can
measure (our `SubmissionResult.duration_s`, nbgrader's per-notebook log span, the kernel run
of one notebook); "mean" is wall time / count, start-up included. Ratios use the mean for
whole tools (what a batch of N really costs) and the median for the isolation price.
"""

from __future__ import annotations

import argparse
import ast
import copy
import cProfile
import importlib.util
import io
import json
import os
import platform
import pstats
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import nbformat
import numpy as np

from autograder import api
from autograder.assignment import Assignment
from autograder.generate import generate_course
from autograder.grading.grade import Grader
from autograder.grading.results import SubmissionResult
from autograder.grading.session import Job, run_session
from autograder.notebook import cells
from autograder.notebook.read import read_notebook
from autograder.reference import load_reference
from autograder.submissions import Submission
from autograder.testing import StudentError

ROOT = Path(__file__).resolve().parents[1]
ASSIGNMENT = "one_hidden_layer"
CORRECT_SHARE = 0.4
NOTEBOOK_TIMEOUT_S = 600
# nbgrader's own per-notebook log lines (0.9.x), used to time each notebook inside one command
NBGRADER_START = re.compile(r"Creating/updating student with ID '([^']+)'")
NBGRADER_AUTOGRADING = re.compile(r"Autograding \S+")
NBGRADER_WRITTEN = re.compile(r"Setting destination file permissions")


# ---- figures ------------------------------------------------------------------------------

@dataclass
class Figures:
    """What one method cost: whole wall time, and each submission's own time where known."""

    method: str
    count: int
    wall_s: float
    items_s: list[float] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def median_s(self) -> float:
        return statistics.median(self.items_s) if self.items_s else self.mean_s

    @property
    def mean_s(self) -> float:
        """Wall time / count: the per-submission cost with start-up amortized."""
        return self.wall_s / self.count if self.count else float("nan")

    @property
    def throughput(self) -> float:
        return self.count / self.wall_s if self.wall_s > 0 else float("nan")

    def to_dict(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "count": self.count,
            "wall_s": round(self.wall_s, 4),
            "median_s": round(self.median_s, 5),
            "mean_s": round(self.mean_s, 5),
            "throughput_per_s": round(self.throughput, 3),
            "items_s": [round(value, 5) for value in self.items_s],
            "notes": self.notes,
        }


def _ratio(numerator: float, denominator: float) -> float:
    return numerator / denominator if denominator > 0 else float("nan")


# ---- generating the submissions -----------------------------------------------------------

def _make_examples() -> ModuleType:
    """examples/make_examples.py, imported as a file (it is not part of the package)."""
    path = ROOT / "examples" / "make_examples.py"
    spec = importlib.util.spec_from_file_location("make_examples", path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)
    spec.loader.exec_module(module)
    return module


@dataclass(frozen=True)
class Plan:
    """One generated submission: its id and the mutant files it uses (none: correct)."""

    student_id: str
    mutants: tuple[str, ...]

    @property
    def correct(self) -> bool:
        return not self.mutants


def _mutant_functions(assignment: Assignment, graded: set[str]) -> dict[str, str]:
    """mutant file name -> the graded function it overrides (files defining one such)."""
    found: dict[str, str] = {}
    for path in sorted((assignment.corpora_dir / "mutants").glob("*.py")):
        names = [node.name for node in ast.parse(path.read_text(encoding="utf-8")).body
                 if isinstance(node, ast.FunctionDef) and node.name in graded]
        if len(names) == 1:
            found[path.name] = names[0]
    return found


def plan_submissions(n: int, mutants: dict[str, str], seed: int) -> list[Plan]:
    """A seeded mix: round(40% of n) correct, the rest with one or two mutant functions."""
    rng = random.Random(seed)
    n_correct = round(n * CORRECT_SHARE)
    kinds = [True] * n_correct + [False] * (n - n_correct)
    rng.shuffle(kinds)
    files = sorted(mutants)
    plans = []
    for index, correct in enumerate(kinds):
        chosen: list[str] = []
        if not correct:
            wanted = rng.choice((1, 2))
            for name in rng.sample(files, len(files)):
                if all(mutants[name] != mutants[other] for other in chosen):
                    chosen.append(name)
                if len(chosen) == wanted:
                    break
        plans.append(Plan(f"s{index:03d}", tuple(chosen)))
    return plans


class NotebookFactory:
    """Fills the release's solution cells with the reference's code or a mutant's function."""

    def __init__(self, assignment: Assignment) -> None:
        self._assignment = assignment
        self._examples = _make_examples()
        source = read_notebook(assignment.source_notebook)
        self.solutions: dict[str, str] = {
            str(cells.grade_id(cell)): str(self._examples._solution_without_markers(cell.source))
            for cell in source.cells if cells.is_solution(cell)
        }

    def build(self, mutant_files: tuple[str, ...], mutants: dict[str, str]) -> Any:
        overrides = {mutants[name]: name for name in mutant_files}
        nb = read_notebook(self._assignment.release_notebook)
        for cell in nb.cells:
            function = cells.grade_id(cell)
            if not cells.is_solution(cell) or function is None:
                continue
            if function in overrides:
                corpus = self._assignment.corpora_dir / "mutants" / overrides[function]
                cell.source = str(self._examples._function_source(corpus, function))
            else:
                cell.source = self.solutions[function]
        return nb


def write_submissions(factory: NotebookFactory, plans: list[Plan], mutants: dict[str, str],
                      submitted: Path) -> dict[str, Path]:
    paths = {}
    for plan in plans:
        path = submitted / plan.student_id / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(factory.build(plan.mutants, mutants), path)
        paths[plan.student_id] = path
    return paths


def copy_helpers(assignment: Assignment, destination: Path) -> None:
    """Everything the release ships beside the notebook (helpers, public checks, data)."""
    destination.mkdir(parents=True, exist_ok=True)
    for path in assignment.release_dir.iterdir():
        if path.is_file() and path.suffix != ".ipynb":
            shutil.copy(path, destination / path.name)


# ---- 1. in-process: the hidden suite on the reference, no sandbox ------------------------

class InProcessStudent:
    """The `student` fixture's interface, calling trusted functions directly in this process."""

    def __init__(self, functions: dict[str, Callable[..., Any]]) -> None:
        self._functions = functions

    def has(self, name: str) -> bool:
        return name in self._functions

    def uses(self, function: str, name: str) -> bool:
        """As the sandbox tells: `function`'s code refers to `name`."""
        code = getattr(self._functions.get(function), "__code__", None)
        pending, seen = ([code] if code is not None else []), set()
        while pending:
            current = pending.pop()
            seen.update(current.co_names)
            pending += [c for c in current.co_consts if hasattr(c, "co_names")]
        return name in seen

    def set_seed(self, seed: int) -> None:
        np.random.seed(seed)

    def call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        function = self._functions.get(name)
        if function is None:
            raise StudentError(f"{name} is not defined")
        args_copy, kwargs_copy = copy.deepcopy(args), copy.deepcopy(kwargs)
        try:
            return function(*args_copy, **kwargs_copy)
        except Exception as error:  # the sandbox turns these into StudentError too
            raise StudentError(f"{name} raised {type(error).__name__}: {error}") from None

    def call_within(self, limit_s: float, name: str, *args: Any, **kwargs: Any) -> Any:
        return self.call(name, *args, **kwargs)  # trusted code: no limit to enforce

    def __getattr__(self, name: str) -> Callable[..., Any]:
        if name.startswith("_"):
            raise AttributeError(name)

        def call(*args: Any, **kwargs: Any) -> Any:
            return self.call(name, *args, **kwargs)

        return call


def time_in_process(assignment: Assignment, n: int) -> tuple[Figures, list[SubmissionResult]]:
    started = time.perf_counter()
    reference = load_reference(assignment)
    functions = {name: value for name, value in vars(load_reference(assignment)).items()
                 if callable(value)}
    results: list[SubmissionResult] = []
    jobs: Iterator[Job] = (Job(f"ref{i:03d}", InProcessStudent(functions)) for i in range(n))
    run_session(assignment.hidden_tests_dir, jobs, reference, assignment=assignment.name,
                on_result=results.append)
    wall = time.perf_counter() - started
    return Figures("in-process (reference, no sandbox)", n, wall,
                   [r.duration_s for r in results]), results


# ---- 2. our sandboxed Grader on the reference, in this process ---------------------------

def time_sandboxed_reference(assignment: Assignment, notebook: Path, n: int
                             ) -> tuple[Figures, list[SubmissionResult], tuple[str, ...]]:
    results: list[SubmissionResult] = []
    started = time.perf_counter()
    with Grader(assignment, hidden_paths=(notebook.parent,)) as grader:
        missing = grader.missing_protections
        grader.grade_many((Submission(f"ref{i:03d}", notebook) for i in range(n)),
                          results.append)
    wall = time.perf_counter() - started
    return Figures("ours, sandboxed (reference), 1 process", n, wall,
                   [r.duration_s for r in results]), results, missing


# ---- 3. ours: the batch API -------------------------------------------------------------

def time_ours(submitted: Path, out: Path, n: int, workers: int
              ) -> tuple[Figures, list[SubmissionResult], tuple[str, ...]]:
    started = time.perf_counter()
    report = api.grade(ASSIGNMENT, [submitted], out, root=ROOT, workers=workers)
    wall = time.perf_counter() - started
    figures = Figures(f"ours: autograder.api.grade, {workers} workers", n, wall,
                      [r.duration_s for r in report.results])
    if len(report.results) != n:
        figures.notes.append(f"only {len(report.results)} of {n} results came back")
    return figures, report.results, report.missing_protections


# ---- 4. the kernel floor ----------------------------------------------------------------

def time_kernel(paths: list[Path], workdir: Path) -> Figures:
    from nbclient import NotebookClient

    times = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(nb, kernel_name="python3", timeout=NOTEBOOK_TIMEOUT_S,
                                allow_errors=True, resources={"metadata": {"path": str(workdir)}})
        started = time.perf_counter()
        client.execute(stderr=subprocess.DEVNULL)  # one fresh kernel per notebook
        times.append(time.perf_counter() - started)
    return Figures("kernel floor: nbclient, 1 kernel per notebook", len(paths), sum(times),
                   times)


# ---- 5. nbgrader ------------------------------------------------------------------------

def _nbgrader_env() -> dict[str, str]:
    # nbgrader runs its database migrations through the `alembic` script beside Python.
    bin_dir = str(Path(sys.executable).parent)
    return dict(os.environ, PATH=f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")


def _nbgrader(course: Path, *args: str) -> tuple[int, float, list[tuple[float, str]]]:
    """Run one nbgrader command; its exit code, wall time and output lines with arrival times."""
    command = [sys.executable, "-m", "nbgrader", *args, f"--CourseDirectory.root={course}"]
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=course, env=_nbgrader_env(), text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, bufsize=1)
    assert process.stdout is not None
    lines = [(time.perf_counter(), line.rstrip("\n")) for line in process.stdout]
    code = process.wait()
    return code, time.perf_counter() - started, lines


def _per_notebook(lines: list[tuple[float, str]], end: float) -> dict[str, float]:
    """Each student's span: from 'Creating/updating student' to its autograded notebook's
    write (or the next student, or the end of the command)."""
    spans: dict[str, float] = {}
    current: str | None = None
    opened = 0.0
    autograding = False
    for stamp, line in lines:
        if match := NBGRADER_START.search(line):
            if current is not None:
                spans[current] = stamp - opened
            current, opened, autograding = match.group(1), stamp, False
        elif NBGRADER_AUTOGRADING.search(line):
            autograding = True
        elif current is not None and autograding and NBGRADER_WRITTEN.search(line):
            spans[current] = stamp - opened
            current = None
    if current is not None:
        spans[current] = end - opened
    return spans


def time_nbgrader(assignment: Assignment, course: Path, paths: list[Path], n_total: int
                  ) -> tuple[Figures, Figures | None]:
    """The measured command, and (when it graded a subset) its extrapolation to n_total."""
    # The course's source/ as `autograder generate --course-dir` writes it: the public
    # checks are 0-point test cells there, as in the release the submissions come from.
    generate_course(assignment, course)
    for path in paths:  # submitted/<id>/<assignment>/<notebook>
        target = course / "submitted" / path.relative_to(path.parents[2])
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
    code, generate_s, lines = _nbgrader(course, "generate_assignment", ASSIGNMENT, "--force")
    if code != 0:
        tail = "\n".join(line for _, line in lines[-30:])
        raise RuntimeError(f"nbgrader generate_assignment failed ({code}):\n{tail}")
    # Students are created in nbgrader's database as autograde meets them (its default,
    # Autograde.create_student=True), so the timed command does that work too.
    code, wall, lines = _nbgrader(course, "autograde", ASSIGNMENT, "--force",
                                  f"--ExecutePreprocessor.timeout={NOTEBOOK_TIMEOUT_S}")
    spans = _per_notebook(lines, lines[-1][0] if lines else wall)
    figures = Figures("nbgrader autograde (one command)", len(paths), wall,
                      [spans[key] for key in sorted(spans)])
    figures.notes.append(f"generate_assignment took {generate_s:.1f} s (not counted)")
    if code != 0:
        tail = "\n".join(line for _, line in lines[-20:])
        figures.notes.append(f"nbgrader autograde exited with {code}: {tail[-1500:]}")
    if len(spans) != len(paths):
        figures.notes.append(f"timed {len(spans)} of {len(paths)} notebooks from its log")
    overhead = wall - sum(spans.values())
    figures.notes.append(f"command overhead (wall minus per-notebook spans): {overhead:.1f} s")
    if len(paths) >= n_total or not spans:
        return figures, None
    projected = overhead + n_total * statistics.mean(spans.values())
    extrapolated = Figures(f"nbgrader, EXTRAPOLATED to n={n_total}", n_total, projected,
                           figures.items_s)
    extrapolated.notes.append(
        f"graded {len(paths)} of {n_total}; wall for {n_total} = measured command overhead "
        f"{overhead:.1f} s + {n_total} x mean per-notebook span "
        f"{statistics.mean(spans.values()):.2f} s")
    return figures, extrapolated


# ---- profile ----------------------------------------------------------------------------

def profile_grader(assignment: Assignment, paths: list[Path], top: int = 25) -> str:
    """cProfile of one worker's job (Grader.grade_many) over the generated submissions."""
    profiler = cProfile.Profile()
    submissions = [Submission(path.parents[1].name, path) for path in paths]
    hidden = tuple(sorted({path.parents[2] for path in paths}))
    results: list[SubmissionResult] = []
    profiler.enable()
    with Grader(assignment, hidden_paths=hidden) as grader:
        grader.grade_many(submissions, results.append)
    profiler.disable()
    sink = io.StringIO()
    stats = pstats.Stats(profiler, stream=sink)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    return sink.getvalue()


# ---- the report -------------------------------------------------------------------------

def _table(rows: list[Figures]) -> str:
    header = (f"{'method':<50} {'n':>4} {'wall s':>8} {'median s':>9} {'mean s':>8} "
              f"{'subs/s':>8}")
    lines = [header, "-" * len(header)]
    for row in rows:
        lines.append(f"{row.method:<50} {row.count:>4} {row.wall_s:>8.2f} {row.median_s:>9.4f} "
                     f"{row.mean_s:>8.4f} {row.throughput:>8.2f}")
    return "\n".join(lines)


def _scores(results: list[SubmissionResult], plans: dict[str, Plan]) -> str:
    correct = [r for r in results if plans[r.submission_id].correct]
    buggy = [r for r in results if not plans[r.submission_id].correct]
    full_correct = sum(r.score == r.max_score for r in correct)
    below_buggy = sum(r.score < r.max_score for r in buggy)
    errors = sum(r.status == "error" for r in results)
    return (f"correct submissions at full marks: {full_correct}/{len(correct)}; "
            f"mutant submissions below full marks: {below_buggy}/{len(buggy)}; "
            f"errors: {errors}")


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--n", type=int, default=100, help="submissions to generate (>= 1)")
    parser.add_argument("--nbgrader-n", type=int, default=None,
                        help="how many of them nbgrader grades (default: all N; fewer "
                             "are extrapolated, see above)")
    parser.add_argument("--kernel-n", type=int, default=None,
                        help="how many the kernel floor executes (default: min(N, 20))")
    parser.add_argument("--workers", type=int, default=2, help="workers for our batch")
    parser.add_argument("--seed", type=int, default=0, help="seed of the correct/mutant mix")
    parser.add_argument("--json", type=Path, default=None, help="also save the figures here")
    parser.add_argument("--skip-nbgrader", action="store_true")
    parser.add_argument("--skip-kernel", action="store_true")
    parser.add_argument("--profile", action="store_true",
                        help="also cProfile one worker's grading of all N submissions")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("--n must be at least 1")
    args.nbgrader_n = min(args.n, args.n if args.nbgrader_n is None else args.nbgrader_n)
    args.kernel_n = min(args.n, 20 if args.kernel_n is None else args.kernel_n)
    return args


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    assignment = Assignment.find(ASSIGNMENT, ROOT)
    tmp = Path(tempfile.mkdtemp(prefix="grading_speed_"))
    try:
        return _run(args, assignment, tmp)
    finally:
        if args.keep:
            print(f"\nkept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _run(args: argparse.Namespace, assignment: Assignment, tmp: Path) -> int:
    graded = {str(cells.grade_id(c)) for c in read_notebook(assignment.release_notebook).cells
              if cells.is_solution(c) and cells.grade_id(c)}
    mutants = _mutant_functions(assignment, graded)
    plans = plan_submissions(args.n, mutants, args.seed)
    by_id = {plan.student_id: plan for plan in plans}
    factory = NotebookFactory(assignment)
    _say(f"writing {args.n} submissions ({sum(p.correct for p in plans)} correct, "
         f"{sum(not p.correct for p in plans)} with mutants from {len(mutants)} files) "
         f"under {tmp}")
    paths = write_submissions(factory, plans, mutants, tmp / "course" / "submitted")
    reference_nb = tmp / "reference" / f"{ASSIGNMENT}.ipynb"
    reference_nb.parent.mkdir()
    nbformat.write(factory.build((), mutants), reference_nb)
    ordered = [paths[plan.student_id] for plan in plans]

    rows: list[Figures] = []
    _say(f"[1/5] in-process hidden suite on the reference, {args.n} times")
    in_process, _ = time_in_process(assignment, args.n)
    rows.append(in_process)

    _say(f"[2/5] our sandboxed Grader on {args.n} copies of the reference notebook")
    sandboxed_ref, ref_results, missing = time_sandboxed_reference(assignment, reference_nb,
                                                                   args.n)
    rows.append(sandboxed_ref)
    ref_full = sum(r.score == r.max_score for r in ref_results)

    _say(f"[3/5] ours: api.grade over {args.n} submissions, {args.workers} workers")
    ours, our_results, batch_missing = time_ours(tmp / "course" / "submitted", tmp / "out",
                                                 args.n, args.workers)
    rows.append(ours)
    busy = sum(ours.items_s) / max(1, min(args.workers, args.n))
    ours.notes.append(f"sum of per-submission times / workers = {busy:.1f} s; the other "
                      f"{ours.wall_s - busy:.1f} s of the wall time is start-up (workers, "
                      "sandbox parents, suite collection) and coordination")

    kernel: Figures | None = None
    if not args.skip_kernel:
        _say(f"[4/5] kernel floor: {args.kernel_n} notebooks, one kernel each")
        workdir = tmp / "kernel_workdir"
        copy_helpers(assignment, workdir)
        kernel = time_kernel(ordered[: args.kernel_n], workdir)
        rows.append(kernel)

    nbgrader: Figures | None = None
    if not args.skip_nbgrader:
        _say(f"[5/5] nbgrader autograde over {args.nbgrader_n} submissions "
             "(every cell runs; seconds each)")
        measured, extrapolated = time_nbgrader(assignment, tmp / "nbgrader_course",
                                               ordered[: args.nbgrader_n], args.n)
        rows.append(measured)
        if extrapolated is not None:
            rows.append(extrapolated)
        nbgrader = extrapolated or measured

    ratios: dict[str, float] = {}
    if nbgrader is not None:
        which = "extrapolated nbgrader" if "EXTRAPOLATED" in nbgrader.method else "mean"
        ratios[f"nbgrader / ours ({which}, per submission; target >= 100)"] = _ratio(
            nbgrader.mean_s, ours.mean_s)
        ratios["nbgrader / ours (median per submission)"] = _ratio(
            nbgrader.median_s, ours.median_s)
    if kernel is not None:
        ratios["kernel floor / ours (mean per submission)"] = _ratio(kernel.mean_s, ours.mean_s)
        ratios["kernel floor / ours (median per submission)"] = _ratio(
            kernel.median_s, ours.median_s)
    ratios["ours sandboxed / in-process, reference (median; target <= 3)"] = _ratio(
        sandboxed_ref.median_s, in_process.median_s)
    ratios["ours sandboxed / in-process, reference (mean, start-up included)"] = _ratio(
        sandboxed_ref.mean_s, in_process.mean_s)

    print(f"\ngrading_speed: {args.n} submissions of {ASSIGNMENT} "
          f"(seed {args.seed}, {CORRECT_SHARE:.0%} correct), {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}, "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}")
    print("median = median of per-submission times; mean = wall / n (start-up included)\n")
    print(_table(rows))
    print()
    for name, value in ratios.items():
        print(f"{name:<68} {value:>9.1f}x")
    print()
    print(f"missing protections (ours, batch): {', '.join(batch_missing) or 'none'}")
    print(f"missing protections (ours, in this process): {', '.join(missing) or 'none'}")
    print(f"ours, scores: {_scores(our_results, by_id)}")
    print(f"ours on the reference: {ref_full}/{len(ref_results)} at full marks")
    for row in rows:
        for note in row.notes:
            print(f"note [{row.method}]: {note}")

    profile = ""
    if args.profile:
        _say("profiling one worker's grading of all submissions (Grader.grade_many)")
        profile = profile_grader(assignment, ordered)
        print("\n" + profile)

    if args.json is not None:
        data = {
            "assignment": ASSIGNMENT,
            "n": args.n,
            "seed": args.seed,
            "correct": sum(p.correct for p in plans),
            "workers": args.workers,
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "openblas_coretype": os.environ.get("OPENBLAS_CORETYPE"),
            "missing_protections": list(batch_missing),
            "methods": [row.to_dict() for row in rows],
            "ratios": {name: round(value, 3) for name, value in ratios.items()},
            "submissions": [{"id": p.student_id, "mutants": list(p.mutants)} for p in plans],
            "profile": profile or None,
        }
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
        print(f"figures saved to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
