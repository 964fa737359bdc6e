"""Pictures for the student's report: worth 0 points, so they never change a score.

All of them show the student's own initializations at work in the notebook's network,
trained in the grader on the notebook's (public) circles: the cost curves from each start,
the hidden weights after training from zeros and from He, and the decision boundary He's
start leads to. Informational tests run after every graded one (see conftest.py).
"""

from __future__ import annotations

import numpy as np

from autograder.testing import CheckFailure, StudentError, fail, points

GRID = 60   # cells per side of the decision-boundary picture
STARTS = {"zeros": "your zeros", "random": "your random", "he": "your He"}


def _runs(training, judge):
    """The runs that exist (a function that failed has none); He's best of its draws."""
    runs = {}
    for kind in STARTS:
        seeds = judge.SEEDS if kind == "he" else (judge.SEEDS[0] if kind == "random" else None,)
        found = []
        for seed in seeds:
            try:
                found.append(training.run(kind, seed))
            except (StudentError, CheckFailure):
                continue
        if found:
            runs[kind] = max(found, key=lambda run: run.accuracy)
    return runs


def _weights_caption(key, kind, W):
    number = int(key[1:])
    inputs = "input" if number == 1 else f"unit of layer {number - 1}"
    where = (f"{key} after training from {STARTS[kind]} initialization: one row per unit of "
             f"layer {number}, one column per {inputs}. ")
    rows = len({row.tobytes() for row in np.round(W, 8)})
    if rows == 1:
        return where + (f"All {W.shape[0]} rows are the same: !!these units are copies of "
                        "each other!!, and training cannot make them differ.")
    return where + f"++{rows} different rows++: every unit has learnt its own feature."


@points(0)
def test_pictures_of_your_initializations_at_work(training, judge, figures, circles):
    runs = _runs(training, judge)
    if not runs:
        raise fail("No points: no picture could be drawn, as none of your initialization "
                   "functions returned parameters for the notebook's network")
    steps = next(iter(runs.values())).steps
    figures.lines(
        {STARTS[kind]: run.costs for kind, run in runs.items()},
        x=list(range(0, steps + 1, judge.COST_EVERY)), log_y=True,
        title="The cost while training from your three initializations",
        caption=(f"The notebook's network trained on the circles from each of your functions "
                 f"(learning rate {judge.LEARNING_RATE:g}), for {steps} steps: until one of "
                 f"your He starts classified {judge.TARGET_ACCURACY:.0%} of the points, or "
                 f"{judge.ITERATIONS} at most. **Zeros** stay at log 2 = 0.69: nothing but "
                 "the output's bias learns. **x10** starts huge and crawls down. **He** starts "
                 "near 0.69 and falls (at this learning rate a step may overshoot: a spike)."),
        x_label="step", y_label="cost (log scale)")
    for kind in ("zeros", "he"):
        if kind not in runs:
            continue
        for key in judge.weight_names(runs[kind].trained)[:-1]:
            W = runs[kind].trained[key]
            figures.heatmap(W, title=f"{key} (from {STARTS[kind]})",
                            caption=_weights_caption(key, kind, W), row_label="unit",
                            column_label="x" if key == "W1" else "in ")
    if "he" in runs:
        X, Y = circles
        x_range = (float(X[0].min()) - 0.3, float(X[0].max()) + 0.3)
        y_range = (float(X[1].min()) - 0.3, float(X[1].max()) + 0.3)
        xx, yy = np.meshgrid(np.linspace(*x_range, GRID), np.linspace(*y_range, GRID))
        decisions = judge.INIT_UTILS.predict_dec(runs["he"].trained,
                                                 np.vstack([xx.ravel(), yy.ravel()]))
        figures.regions(decisions.reshape(GRID, GRID), x_range, y_range,
                        [(x, y, int(label)) for x, y, label in zip(X[0], X[1], Y[0],
                                                                  strict=True)],
                        title="What the network learnt from your He start",
                        caption=f"Training accuracy: **{runs['he'].accuracy:.1%}**.")
