"""The students' `check(...)` cells: quick, clear, and standalone (numpy only)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from autograder.assignment import Assignment
from autograder.notebook.extract import Mode, extract
from autograder.notebook.read import read_source_code
from autograder.validation import graded_function_names
from tests.conftest import one_hidden_layer_catalog

HINTS = one_hidden_layer_catalog().by_id

SCRIPT_PREAMBLE = """
import sys
sys.modules["autograder"] = None  # the student's machine has no autograder: prove we need none
sys.path.insert(0, {release!r})
from public_checks import check
"""


def _run_in_release(assignment: Assignment, body: str, namespace_from: Path | None = None) -> str:
    """Run `body` in a fresh interpreter beside the release, with the reference's code if given."""
    preamble = SCRIPT_PREAMBLE.format(release=str(assignment.release_dir))
    definitions = ""
    if namespace_from is not None:
        # What the grader runs of the notebook (imports, definitions, constants): graded
        # functions may call given ones (a forward pass defined in a locked cell).
        snippets = extract(read_source_code(namespace_from), Mode.DEFS).snippets
        definitions = "\n\n".join(snippet.code for snippet in snippets
                                    if "public_checks" not in snippet.code)
    script = preamble + "\nimport numpy as np\n" + definitions + "\n" + textwrap.dedent(body)
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                               timeout=120, check=False, cwd=assignment.release_dir)
    assert completed.returncode == 0, completed.stderr[-3000:]
    return completed.stdout


def test_every_graded_function_has_public_checks_that_the_reference_passes(
    assignment: Assignment,
) -> None:
    names = graded_function_names(assignment)
    body = "\n".join(f"check({name!r})" for name in names)
    output = _run_in_release(assignment, body, namespace_from=assignment.source_notebook)
    lines = output.strip().splitlines()
    assert len(lines) == len(names)
    for name, line in zip(names, lines, strict=True):
        assert line.startswith(f"✓ {name}: all"), line


def test_a_wrong_shape_is_reported_in_the_students_terms(one_hidden_layer: Assignment) -> None:
    body = """
    _reference = backward_propagation
    def backward_propagation(*args, **kwargs):
        grads = _reference(*args, **kwargs)
        grads["dW1"] = grads["dW1"].T
        return grads
    check("backward_propagation")
    """
    output = _run_in_release(one_hidden_layer, body,
                             namespace_from=one_hidden_layer.source_notebook)
    assert output.startswith("✗ backward_propagation")
    assert "dW1 has shape" in output and "transpose" in output


def test_an_unimplemented_function_is_named(one_hidden_layer: Assignment) -> None:
    body = """
    def compute_cost(A2, Y):
        raise NotImplementedError()
    check("compute_cost")
    """
    output = _run_in_release(one_hidden_layer, body)
    assert output.strip() == "✗ compute_cost is not implemented yet (it raises NotImplementedError)"


def test_a_function_not_yet_defined_is_reported(one_hidden_layer: Assignment) -> None:
    output = _run_in_release(one_hidden_layer, 'check("predict")')
    assert "predict is not defined" in output


def test_an_exception_in_student_code_is_shown_not_raised(one_hidden_layer: Assignment) -> None:
    body = """
    def layer_sizes(X, Y):
        return X.shape[0], 4, Y.shape[3]
    check("layer_sizes")
    """
    output = _run_in_release(one_hidden_layer, body)
    assert "✗ layer_sizes" in output and "IndexError" in output


def test_zero_initialization_fails_the_random_initialization_check(
        one_hidden_layer: Assignment) -> None:
    body = """
    def initialize_parameters(n_x, n_h, n_y):
        return {"W1": np.zeros((n_h, n_x)), "b1": np.zeros((n_h, 1)),
                "W2": np.zeros((n_y, n_h)), "b2": np.zeros((n_y, 1))}
    check("initialize_parameters")
    """
    output = _run_in_release(one_hidden_layer, body)
    assert output.startswith("✗") and "identical gradients" in output


def _with_corpus(assignment: Assignment, corpus_file: str, *checks: str) -> str:
    """The release's checks run on the reference with one corpus file's functions on top."""
    code = (assignment.corpora_dir / corpus_file).read_text(encoding="utf-8")
    body = code + "\n" + "\n".join(f"check({name!r})" for name in checks) + "\n"
    return _run_in_release(assignment, body, namespace_from=assignment.source_notebook)


def test_a_known_mistake_is_named_with_its_hint_before_submitting(
    one_hidden_layer: Assignment,
) -> None:
    output = _with_corpus(one_hidden_layer, "mutants/bp_no_gprime.py", "backward_propagation")
    assert output.startswith("✗ backward_propagation")
    assert f" — BP-NO-GPRIME: {HINTS('BP-NO-GPRIME').hint}" in output


def test_a_mistake_in_a_helper_is_not_blamed_on_the_function_that_calls_it(
    one_hidden_layer: Assignment,
) -> None:
    output = _with_corpus(one_hidden_layer, "mutants/act_tanh_deriv_z.py", "activation_derivative",
                          "backward_propagation")
    first, second = output.strip().splitlines()
    assert f" — ACT-TANH-DERIV-Z: {HINTS('ACT-TANH-DERIV-Z').hint}" in first
    assert "your activation_derivative fails its own public checks: fix it first" in second
    assert " — " not in second    # no misconception of backward_propagation is named


def test_a_property_check_names_the_initialization_mistake(one_hidden_layer: Assignment) -> None:
    output = _with_corpus(one_hidden_layer, "mutants/init_zeros__2.py", "initialize_parameters")
    assert f" — INIT-ZEROS: {HINTS('INIT-ZEROS').hint}" in output


def test_valid_variants_pass_every_public_check_and_are_never_diagnosed(
    assignment: Assignment,
) -> None:
    """No false diagnosis before submitting either: each valid variant, on top of the
    reference, passes every function's public checks."""
    names = graded_function_names(assignment)
    valid = sorted((assignment.corpora_dir / "valid").glob("*.py"))
    runs = []
    for path in valid:
        runs.append(f"namespace = dict(reference)\n"
                    f"exec(compile({path.read_text(encoding='utf-8')!r}, {path.name!r}, "
                    f"'exec'), namespace)\n"
                    f"for name in {list(names)!r}:\n"
                    f"    print({path.stem!r}, end=' ')\n"
                    f"    check(name, namespace)\n")
    body = "reference = dict(globals())\n" + "".join(runs)
    output = _run_in_release(assignment, body, namespace_from=assignment.source_notebook)
    lines = output.strip().splitlines()
    verdicts = [line for line in lines if "✓" in line or "✗" in line]
    assert len(verdicts) == len(valid) * len(names)
    failing = [line for line in lines if "✗" in line or " — " in line]
    assert failing == []
