"""How long each public `check(...)` takes for a student (target: under 1 s each).

Usage: python benchmarks/public_checks.py [ASSIGNMENT]
Runs every graded function's public checks against the reference solution, in the release
folder, five times, and prints the median time per function.
"""

from __future__ import annotations

import contextlib
import io
import statistics
import sys
import time
from pathlib import Path

from autograder.assignment import Assignment
from autograder.reference import load_reference
from autograder.validation import graded_function_names


def main(name: str = "one_hidden_layer") -> int:
    assignment = Assignment.find(name, Path(__file__).resolve().parents[1])
    sys.path.insert(0, str(assignment.release_dir))
    from public_checks import check  # the module shipped to students

    namespace = vars(load_reference(assignment))
    worst = 0.0
    for function in graded_function_names(assignment):
        times = []
        for _ in range(5):
            started = time.perf_counter()
            with contextlib.redirect_stdout(io.StringIO()):
                check(function, namespace)
            times.append(time.perf_counter() - started)
        median = statistics.median(times)
        worst = max(worst, median)
        print(f"{function:<30} {median * 1000:8.1f} ms")
    print(f"slowest public check: {worst * 1000:.1f} ms (target < 1000 ms)")
    return 0 if worst < 1.0 else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
