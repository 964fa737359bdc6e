"""Rebuild the sample submissions that `make demo` grades, from the release and the corpora.

Usage: python examples/make_examples.py [ASSIGNMENT ...]  (after `autograder generate`;
default: every assignment listed below)

Each sample is the student release with its solution cells filled in the way one kind of
student would: the reference's code (markers removed), a corpus file's function, or the
untouched stub. Run it again whenever the source notebook or the corpora change.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import nbformat

from autograder.assignment import Assignment
from autograder.notebook import cells
from autograder.notebook.read import read_notebook

ROOT = Path(__file__).resolve().parents[1]
MARKER = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$")

# assignment -> sample name -> {function: corpus file (relative to corpora/) or None for
# "left unimplemented"}; "*" stands for every function not named.
SAMPLES: dict[str, dict[str, dict[str, str | None]]] = {
    "one_hidden_layer": {
        "ada_correct": {},
        "ben_partly_wrong": {
            "backward_propagation": "mutants/bp_no_gprime.py",
            "predict": None,
            "nn_model": None,
        },
        "chloe_common_mistakes": {
            "activation_derivative": "mutants/act_tanh_deriv_z.py",
            "initialize_parameters": "mutants/init_zeros.py",
            "compute_cost": "mutants/cost_no_mean.py",
            "update_parameters": "mutants/upd_sign.py",
        },
        "dan_untouched": {"*": None},
        "erin_valid_variants": {
            "forward_propagation": "valid/valid_matmul_operator.py",
            "backward_propagation": "valid/valid_bp_one_minus_a1_squared.py",
            "initialize_parameters": "valid/valid_init_default_rng.py",
        },
    },
    "deep_network": {
        "ada_correct": {},
        "ben_partly_wrong": {
            "L_model_backward": "mutants/bwd_cache_index.py",
            "compute_cost": None,
            "update_parameters": None,
        },
        "chloe_common_mistakes": {
            "initialize_parameters_deep": "mutants/init_zeros.py",
            "L_model_forward": "mutants/fwd_caches_overwritten.py",
            "linear_backward": "mutants/bwd_db_axis.py",
            "L_model_backward": "mutants/bwd_al_for_dal.py",
        },
        "dan_untouched": {"*": None},
        "erin_valid_variants": {
            "linear_forward": "valid/valid_matmul_operator.py",
            "linear_backward": "valid/valid_matmul_operator.py",
            "initialize_parameters_deep": "valid/valid_init_normal.py",
            "L_model_backward": "valid/valid_loops_forwards_reversed_indices.py",
            "update_parameters": "valid/valid_update_in_place.py",
        },
    },
    "gradient_checking": {
        "ada_correct": {},
        "ben_partly_wrong": {
            "gradient_check": "mutants/gc_one_sided.py",
            "gradient_check_n": "mutants/gc_one_sided__2.py",
            "backward_propagation_n": None,
        },
        "chloe_common_mistakes": {
            "backward_propagation": "mutants/bwd_returns_theta.py",
            "gradient_check": "mutants/gc_hard_coded_gradient.py",
            "gradient_check_n": "mutants/gc_leaked_perturbation.py",
            "backward_propagation_n": "mutants/bpn_dw2_doubled__2.py",
        },
        "dan_untouched": {"*": None},
        "erin_valid_variants": {
            "gradient_check": "valid/valid_explicit_sqrt.py",
            "gradient_check_n": "valid/valid_in_place.py",
            "backward_propagation_n": "valid/valid_course_2018.py",
        },
    },
    "initialization": {
        "ada_correct": {},
        "ben_partly_wrong": {
            "initialize_parameters_random": None,
            "initialize_parameters_he": "mutants/init_he_xavier.py",
        },
        "chloe_common_mistakes": {
            "initialize_parameters_zeros": "mutants/init_bias_flat.py",
            "initialize_parameters_random": "mutants/init_random_no_x10.py",
            "initialize_parameters_he": "mutants/init_he_fan_out.py",
        },
        "dan_untouched": {"*": None},
        "erin_valid_variants": {
            "initialize_parameters_zeros": "valid/valid_comprehensions.py",
            "initialize_parameters_random": "valid/valid_generator.py",
            "initialize_parameters_he": "valid/valid_normal.py",
        },
    },
}


def _function_source(corpus_file: Path, name: str) -> str:
    """The definition of `name` in a corpus file, with the imports it needs."""
    text = corpus_file.read_text(encoding="utf-8")
    tree = ast.parse(text)
    lines = text.splitlines()
    parts = []
    for node in tree.body:
        if isinstance(node, ast.Import | ast.ImportFrom) and "numpy" not in ast.unparse(node):
            parts.append(ast.unparse(node))
        if isinstance(node, ast.FunctionDef) and node.name == name:
            parts.append("\n".join(lines[node.lineno - 1 : node.end_lineno]))
    if len(parts) == 0:
        raise ValueError(f"{corpus_file} does not define {name}")
    return "\n\n".join(parts)


def _solution_without_markers(source: str) -> str:
    return "\n".join(line for line in source.splitlines() if not MARKER.match(line))


def build(assignment: Assignment, out_dir: Path) -> list[Path]:
    source = read_notebook(assignment.source_notebook)
    solutions = {cells.grade_id(c): c.source for c in source.cells if cells.is_solution(c)}
    written = []
    for sample, choices in SAMPLES[assignment.name].items():
        nb = read_notebook(assignment.release_notebook)
        for cell in nb.cells:
            function = cells.grade_id(cell)
            if not cells.is_solution(cell) or function is None:
                continue
            choice = choices.get(function, choices.get("*", ""))
            if choice is None:
                continue  # left as the release's stub
            if choice:
                cell.source = _function_source(assignment.corpora_dir / choice, function)
            else:
                cell.source = _solution_without_markers(solutions[function])
        path = out_dir / f"{sample}.ipynb"
        nbformat.write(nb, path)
        written.append(path)
    return written


if __name__ == "__main__":
    for name in sys.argv[1:] or SAMPLES:
        target = ROOT / "examples" / name
        target.mkdir(parents=True, exist_ok=True)
        for path in build(Assignment.find(name, ROOT), target):
            print(f"wrote {path.relative_to(ROOT)}")
