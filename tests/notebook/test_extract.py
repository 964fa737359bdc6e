"""Choosing what runs: definitions only by default, never magics or shell escapes."""

from __future__ import annotations

from autograder.notebook.extract import Mode, extract
from autograder.notebook.read import CodeCell


def _cells(*sources: str) -> list[CodeCell]:
    return [CodeCell(index=i, source=s, grade_id=None) for i, s in enumerate(sources)]


def test_defs_mode_keeps_imports_definitions_and_constants_in_order() -> None:
    code = extract(_cells(
        "import numpy as np\nX = np.ones(3)\nLIMIT = 10",
        "def f(x):\n    return x\nf(X)",
        "class Net:\n    pass",
    ))
    assert [s.kind for s in code.snippets] == ["import", "assign", "def", "class"]
    assert code.snippets[2].code == "def f(x):\n    return x"


def test_defs_mode_skips_training_loops_and_calls() -> None:
    code = extract(_cells("for i in range(10**9):\n    pass\nmodel = train(X)"))
    assert code.snippets == ()


def test_full_mode_keeps_every_statement() -> None:
    code = extract(_cells("x = compute()\nprint(x)"), Mode.FULL)
    assert [s.kind for s in code.snippets] == ["statement", "statement"]


def test_magics_and_shell_escapes_never_run_in_any_mode() -> None:
    for mode in Mode:
        code = extract(_cells("%matplotlib inline\n!rm -rf /\nimport numpy as np"), mode)
        assert [s.code for s in code.snippets] == ["import numpy as np"]


def test_decorators_stay_with_their_function() -> None:
    code = extract(_cells("@cache\ndef f():\n    return 1"))
    assert code.snippets[0].code == "@cache\ndef f():\n    return 1"
    assert code.snippets[0].line == 1


def test_a_cell_with_a_syntax_error_is_reported_and_the_others_still_load() -> None:
    code = extract(_cells("def f(:\n    pass", "def g():\n    return 2"))
    assert [s.code.split("(")[0] for s in code.snippets] == ["def g"]
    assert code.syntax_errors and "cell 0" in code.syntax_errors[0]


def test_lookup_tables_and_lambdas_load_but_calls_do_not() -> None:
    code = extract(_cells(
        "import numpy as np\n"
        'ACTS = {"tanh": np.tanh, "relu": lambda z: np.maximum(z, 0)}\n'
        "SCALE = 1 / 100\n"
        "X, Y = load_flower_dataset()\n"
        "sizes = [len(x) for x in data]\n"
    ))
    assert [s.code.split(" =")[0] for s in code.snippets] == ["import numpy as np", "ACTS", "SCALE"]


def test_an_assignment_that_reads_skipped_results_is_skipped_too() -> None:
    code = extract(_cells(
        "import numpy as np\nparams = train(X)\n",
        'trained = {"zeros": params}\nTABLE = {"tanh": np.tanh}\n',
    ))
    assert [s.code.split(" =")[0] for s in code.snippets] == ["import numpy as np", "TABLE"]


def test_a_cell_seen_before_gives_the_same_snippets_in_its_own_place() -> None:
    """Cells are parsed once per distinct source (notebooks of one class share most of
    them); the cached facts never carry another notebook's cell numbers or context."""
    shared = "import numpy as np\nSCALE = np.pi\nX = load()"
    first = extract(_cells(shared, "def f():\n    return SCALE"))
    second = extract(_cells("y = 1", "z = 2", shared))
    assert [(s.cell_index, s.line, s.code) for s in first.snippets] == [
        (0, 1, "import numpy as np"), (0, 2, "SCALE = np.pi"), (1, 1, "def f():\n    return SCALE")]
    assert [(s.cell_index, s.code) for s in second.snippets] == [
        (0, "y = 1"), (1, "z = 2"), (2, "import numpy as np"), (2, "SCALE = np.pi")]
    # Context still decides: SCALE's value reads np, bound only if the import came first.
    alone = extract(_cells("SCALE = np.pi", shared))
    assert [s.code for s in alone.snippets] == ["import numpy as np", "SCALE = np.pi"]
    assert alone.snippets[1].cell_index == 1


def test_huge_cells_are_parsed_but_not_kept() -> None:
    from autograder.notebook import extract as module

    huge = "x = 1\n" * 5_000
    before = module._parse_cached.cache_info().currsize
    code = extract(_cells(huge))
    assert len(code.snippets) == 5_000
    assert module._parse_cached.cache_info().currsize == before


def test_defs_mode_leaves_out_assignments_that_change_objects() -> None:
    """`plt.rcParams[...] = ...` would import pyplot in every sandbox (0.7 s): only
    assignments that bind names are definitions."""
    code = extract(_cells("import matplotlib.pyplot as plt\n"
                          "plt.rcParams['figure.figsize'] = (5, 4)\nplt.style = 'x'\n"
                          "A, (B, *C) = 1, (2, 3, 4)\nLIMIT: int = 3"), Mode.DEFS)
    kept = [snippet.code for snippet in code.snippets]
    assert kept == ["import matplotlib.pyplot as plt", "A, (B, *C) = 1, (2, 3, 4)",
                    "LIMIT: int = 3"]
