"""The catalog of known misconceptions for the one-hidden-layer network, as frozen data.

Transcribed from the course's catalog (shared/MISCONCEPTIONS.md), which is the minimum the
grader must catch, plus entries of the grader's own (gradients estimated numerically instead
of backpropagated): each entry is a mistake students make, with the hint the grader shows
when a submission's output matches it.
Ids are stable: results, reports, exports and tests refer to them, so an id is never
renamed or reused; a new mistake gets a new id.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

__all__ = ["CATALOG", "SECTIONS", "Misconception", "by_id", "hint_suffix", "with_hints"]

ACTIVATIONS = "Activations and derivatives"
FORWARD = "Forward propagation"
COST = "Cost"
BACKPROP = "Backpropagation"
INITIALIZATION = "Initialization and symmetry"
TRAINING = "Training loop and prediction"

#: The catalog's sections, in its order.
SECTIONS: tuple[str, ...] = (ACTIVATIONS, FORWARD, COST, BACKPROP, INITIALIZATION, TRAINING)


@dataclass(frozen=True)
class Misconception:
    """One known mistake: what the student did (`wrong`) and what to tell them (`hint`).

    The hint names the idea to revisit without giving the solution away.
    """

    id: str
    section: str
    wrong: str
    hint: str


CATALOG: tuple[Misconception, ...] = (
    Misconception(
        id="ACT-SIGMOID-DERIV",
        section=ACTIVATIONS,
        wrong="sigmoid'(z) returned as s, or as z*(1-z)",
        hint="The derivative of sigmoid is s(1-s) with s = sigmoid(z), not written in z.",
    ),
    Misconception(
        id="ACT-TANH-DERIV-Z",
        section=ACTIVATIONS,
        wrong="tanh'(z) returned as 1 - z**2",
        hint="1 - a**2 holds for a = tanh(z); apply tanh first.",
    ),
    Misconception(
        id="ACT-TANH-DERIV-NOSQUARE",
        section=ACTIVATIONS,
        wrong="tanh'(z) returned as 1 - tanh(z)",
        hint="The derivative of tanh is 1 - tanh(z)**2.",
    ),
    Misconception(
        id="ACT-RELU-DERIV-VALUE",
        section=ACTIVATIONS,
        wrong="relu'(z) returned as relu(z) (or z)",
        hint="relu'(z) is 1 where z > 0 and 0 elsewhere: a mask, not the activation.",
    ),
    Misconception(
        id="ACT-LEAKY-SLOPE",
        section=ACTIVATIONS,
        wrong="leaky relu (or its derivative) without the 0.01 slope for z < 0",
        hint="For z < 0 leaky relu is 0.01*z and its derivative 0.01.",
    ),
    Misconception(
        id="ACT-WRONG-DISPATCH",
        section=ACTIVATIONS,
        wrong="the activation/derivative ignores its `name` argument (always tanh, say)",
        hint="Use the activation named by the argument.",
    ),
    Misconception(
        id="FWD-ELEMENTWISE",
        section=FORWARD,
        wrong="`W1 * X` (broadcast) instead of the matrix product",
        hint="Z1 = W1 X + b1 is a matrix product (np.dot or @).",
    ),
    Misconception(
        id="FWD-NO-BIAS",
        section=FORWARD,
        wrong="b1 or b2 left out of Z",
        hint="Z = W A + b: the bias is part of every layer.",
    ),
    Misconception(
        id="FWD-Z1-INTO-LAYER2",
        section=FORWARD,
        wrong="Z2 computed from Z1 instead of A1",
        hint="Layer 2 takes the activations A1 = g1(Z1), not Z1.",
    ),
    Misconception(
        id="FWD-HIDDEN-SIGMOID",
        section=FORWARD,
        wrong="sigmoid used in the hidden layer where tanh (or the named activation) was asked",
        hint="Apply the hidden activation that the call names.",
    ),
    Misconception(
        id="FWD-OUTPUT-NOT-SIGMOID",
        section=FORWARD,
        wrong="output layer not passed through sigmoid",
        hint="A2 = sigmoid(Z2) for binary outputs.",
    ),
    Misconception(
        id="COST-NO-MEAN",
        section=COST,
        wrong="sum over examples not divided by m",
        hint="The cost is the mean over the m examples.",
    ),
    Misconception(
        id="COST-SIGN",
        section=COST,
        wrong="minus sign missing (cost negative)",
        hint="Cross-entropy is -(1/m) sum(...): it must be positive.",
    ),
    Misconception(
        id="COST-ONE-TERM",
        section=COST,
        wrong="only Y*log(A2) kept, (1-Y)*log(1-A2) dropped",
        hint="Both terms are needed: one for Y=1, one for Y=0.",
    ),
    Misconception(
        id="COST-MATRIX-PRODUCT",
        section=COST,
        wrong="np.dot(Y.T, log A2) summed: an m×m product",
        hint=(
            "Multiply element-wise (or dot with the transpose the other way) so each example "
            "counts once."
        ),
    ),
    Misconception(
        id="BP-NO-GPRIME",
        section=BACKPROP,
        wrong="dZ1 = W2.T dZ2 (the g1'(Z1) factor missing)",
        hint="The chain rule passes through the hidden activation: multiply by g1'(Z1).",
    ),
    Misconception(
        id="BP-SIGMOID-GPRIME",
        section=BACKPROP,
        wrong="dZ1 uses A1*(1-A1) when the hidden layer is tanh",
        hint="g1' must be the derivative of the hidden layer's own activation.",
    ),
    Misconception(
        id="BP-A1-AS-GPRIME",
        section=BACKPROP,
        wrong="dZ1 uses A1 (or 1-A1) in place of g1'(Z1)",
        hint="For tanh, g1'(Z1) = 1 - A1**2.",
    ),
    Misconception(
        id="BP-Z1-SQUARED",
        section=BACKPROP,
        wrong="dZ1 uses 1 - Z1**2",
        hint="1 - A1**2 uses the activations, not Z1.",
    ),
    Misconception(
        id="BP-OUTER-PRODUCT",
        section=BACKPROP,
        wrong="W2.T * dZ2 (broadcast) instead of W2.T @ dZ2",
        hint="W2.T dZ2 is a matrix product; it only coincides with broadcasting when n_y = 1.",
    ),
    Misconception(
        id="BP-DW2-FOR-W2",
        section=BACKPROP,
        wrong="dW2 used instead of W2 inside dZ1",
        hint="dZ1 is carried back through the weights W2, not their gradient.",
    ),
    Misconception(
        id="BP-DZ2-SIGN",
        section=BACKPROP,
        wrong="dZ2 = Y - A2",
        hint="For sigmoid + cross-entropy, dZ2 = A2 - Y.",
    ),
    Misconception(
        id="BP-NO-1-OVER-M",
        section=BACKPROP,
        wrong="dW or db not divided by m",
        hint="Gradients of a mean cost carry the 1/m factor.",
    ),
    Misconception(
        id="BP-DOUBLE-1-OVER-M",
        section=BACKPROP,
        wrong="1/m applied to dZ1 and again to dW1/db1",
        hint="Apply 1/m once, in dW and db.",
    ),
    Misconception(
        id="BP-DW-TRANSPOSED",
        section=BACKPROP,
        wrong="dW1 = X dZ1.T (shape of W1 transposed) or dW2 = A1 dZ2.T",
        hint="dW has W's shape: dW1 = dZ1 X.T / m.",
    ),
    Misconception(
        id="BP-DB-AXIS",
        section=BACKPROP,
        wrong="db summed over axis 0 or over everything",
        hint="db sums over the examples: axis=1, keepdims=True.",
    ),
    Misconception(
        id="BP-DB-NO-KEEPDIMS",
        section=BACKPROP,
        wrong="db of shape (n,) instead of (n, 1)",
        hint=(
            "Keep db as a column (keepdims=True); a (n,) vector broadcasts b into a matrix on "
            "update."
        ),
    ),
    Misconception(
        id="BP-FIXED-ACTIVATION",
        section=BACKPROP,
        wrong="backprop ignores the hidden activation argument",
        hint="Use the derivative of the activation that the call names.",
    ),
    Misconception(
        id="BP-NUMERICAL-GRADIENT",
        section=BACKPROP,
        wrong="gradients estimated by finite differences of the cost through the forward "
              "pass instead of backpropagated",
        hint="Backpropagation computes the gradients with the chain rule from the cache; a "
             "numerical estimate only checks them.",
    ),
    Misconception(
        id="INIT-ZEROS",
        section=INITIALIZATION,
        wrong="W1 (or W2) initialized to zeros",
        hint=(
            "Identical (zero) rows get identical gradients and never differ: symmetry is "
            "never broken."
        ),
    ),
    Misconception(
        id="INIT-CONSTANT",
        section=INITIALIZATION,
        wrong="every weight the same non-zero constant",
        hint="Any identical rows stay identical under gradient descent; weights must be random.",
    ),
    Misconception(
        id="INIT-UNIFORM-POSITIVE",
        section=INITIALIZATION,
        wrong="np.random.rand (all weights positive, mean 0.5 scale)",
        hint="Use a zero-mean Gaussian (np.random.randn) so weights have both signs.",
    ),
    Misconception(
        id="INIT-NOT-SCALED",
        section=INITIALIZATION,
        wrong="randn without the 0.01 scale",
        hint="Large weights saturate tanh/sigmoid and slow learning: scale by 0.01.",
    ),
    Misconception(
        id="INIT-TRANSPOSED",
        section=INITIALIZATION,
        wrong="W1 of shape (n_x, n_h)",
        hint="W1 maps n_x inputs to n_h units: shape (n_h, n_x).",
    ),
    Misconception(
        id="INIT-BIAS-NONZERO",
        section=INITIALIZATION,
        wrong="biases random instead of zeros",
        hint="Biases can start at zero: the random weights already break symmetry.",
    ),
    Misconception(
        id="UPD-SIGN",
        section=TRAINING,
        wrong="parameters moved up the gradient (W + lr*dW)",
        hint="Gradient descent subtracts: W = W - learning_rate * dW.",
    ),
    Misconception(
        id="UPD-IGNORES-LR",
        section=TRAINING,
        wrong="learning_rate argument ignored",
        hint="Use the learning rate passed in.",
    ),
    Misconception(
        id="MODEL-GLOBALS",
        section=TRAINING,
        wrong="function reads notebook globals (X, Y, parameters) instead of its arguments",
        hint="A graded function must use only its arguments.",
    ),
    Misconception(
        id="MODEL-IGNORES-ITERATIONS",
        section=TRAINING,
        wrong="nn_model ignores num_iterations (or trains once)",
        hint="Loop num_iterations times.",
    ),
    Misconception(
        id="PRED-THRESHOLD",
        section=TRAINING,
        wrong="predictions thresholded at a value other than 0.5, or returned as probabilities",
        hint="Predict 1 where A2 > 0.5, else 0.",
    ),
)

_BY_ID: Mapping[str, Misconception] = MappingProxyType({m.id: m for m in CATALOG})


def by_id(misconception_id: str) -> Misconception:
    """The catalog entry with this id; KeyError naming the id if there is none."""
    try:
        return _BY_ID[misconception_id]
    except KeyError:
        raise KeyError(
            f"no misconception with id {misconception_id!r} in the catalog "
            f"({len(CATALOG)} ids, e.g. {CATALOG[0].id!r}); ids are upper-case, "
            "like 'BP-NO-GPRIME'"
        ) from None


def hint_suffix(misconception_ids: Iterable[str]) -> str:
    """What a failure's message gains for the misconceptions it matched:
    " — BP-NO-GPRIME: The chain rule passes ..." per catalog id, in order. Ids outside the
    catalog (another assignment's) add nothing: there is no hint to give for them."""
    parts = [f" — {item}: {_BY_ID[item].hint}" for item in misconception_ids if item in _BY_ID]
    return "".join(parts)


def with_hints(message: str, misconception_ids: Iterable[str]) -> str:
    """The message the student reads: the check's own words, then each id and its hint."""
    return message + hint_suffix(misconception_ids)
