"""Students' notebooks in the Deep Learning Specialization's format for "Building your Deep
Neural Network: Step by Step", written here from the course's published function names,
signatures and conventions, in two of its versions:

- `write_notebook_2018(path)`: the 2018-2020 notebooks, right. `from dnn_utils_v2 import
  ...` and `from testCases_v4a import *` (a module no grader has), `np.random.seed` inside
  the initializations, the template's own asserts (`assert(AL.shape == (1,X.shape[1]))`,
  `assert(cost.shape == ())` after a cost written with `np.dot`), L_model_backward's dA
  keys one layer up (`grads["dA" + str(L)]` holds dA[L-1]), update_parameters in place.
- `write_notebook_2021(path, mistakes=...)`: the notebooks since 2021: `from dnn_utils
  import ...`, `from public_tests import *`, `# YOUR CODE STARTS HERE` markers, dA keys
  `dA0 .. dA(L-1)`, `update_parameters(params, grads, learning_rate)` on `params.copy()`,
  test cells calling the course's checks. `MISTAKES` puts two bugs that real students
  make into L_model_backward: AL passed where dAL belongs, and the hidden layers' caches
  read backwards (`caches[L-2-l]`, right for the course's 2-layer test case only).

Both end with the course's exploration cells, which the grader's defs mode never runs.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

TITLE = "# Building your Deep Neural Network: Step by Step"

IMPORTS_2018 = '''import numpy as np
import h5py
import matplotlib.pyplot as plt
from testCases_v4a import *
from dnn_utils_v2 import sigmoid, sigmoid_backward, relu, relu_backward

%matplotlib inline
plt.rcParams['figure.figsize'] = (5.0, 4.0) # set default size of plots
plt.rcParams['image.interpolation'] = 'nearest'
plt.rcParams['image.cmap'] = 'gray'

%load_ext autoreload
%autoreload 2

np.random.seed(1)'''

IMPORTS_2021 = IMPORTS_2018.replace(
    "from testCases_v4a import *\nfrom dnn_utils_v2 import sigmoid, sigmoid_backward, relu, "
    "relu_backward",
    "from testCases import *\nfrom dnn_utils import sigmoid, sigmoid_backward, relu, "
    "relu_backward\nfrom public_tests import *")

# ---- the 2018-2020 notebook -----------------------------------------------------------------

FUNCTIONS_2018 = [
    '''# GRADED FUNCTION: initialize_parameters

def initialize_parameters(n_x, n_h, n_y):
    """
    Argument:
    n_x -- size of the input layer
    n_h -- size of the hidden layer
    n_y -- size of the output layer

    Returns:
    parameters -- python dictionary containing your parameters W1, b1, W2, b2
    """

    np.random.seed(1)

    ### START CODE HERE ### (≈ 4 lines of code)
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    ### END CODE HERE ###

    assert(W1.shape == (n_h, n_x))
    assert(b1.shape == (n_h, 1))
    assert(W2.shape == (n_y, n_h))
    assert(b2.shape == (n_y, 1))

    parameters = {"W1": W1,
                  "b1": b1,
                  "W2": W2,
                  "b2": b2}

    return parameters''',
    '''# GRADED FUNCTION: initialize_parameters_deep

def initialize_parameters_deep(layer_dims):
    """
    Arguments:
    layer_dims -- python array (list) containing the dimensions of each layer in our network

    Returns:
    parameters -- python dictionary containing your parameters "W1", "b1", ..., "WL", "bL"
    """

    np.random.seed(3)
    parameters = {}
    L = len(layer_dims)            # number of layers in the network

    for l in range(1, L):
        ### START CODE HERE ### (≈ 2 lines of code)
        parameters['W' + str(l)] = np.random.randn(layer_dims[l], layer_dims[l-1]) * 0.01
        parameters['b' + str(l)] = np.zeros((layer_dims[l], 1))
        ### END CODE HERE ###

        assert(parameters['W' + str(l)].shape == (layer_dims[l], layer_dims[l-1]))
        assert(parameters['b' + str(l)].shape == (layer_dims[l], 1))

    return parameters''',
    '''# GRADED FUNCTION: linear_forward

def linear_forward(A, W, b):
    """
    Implement the linear part of a layer's forward propagation.

    Returns:
    Z -- the input of the activation function, also called pre-activation parameter
    cache -- a python tuple containing "A", "W" and "b"
    """

    ### START CODE HERE ### (≈ 1 line of code)
    Z = np.dot(W, A) + b
    ### END CODE HERE ###

    assert(Z.shape == (W.shape[0], A.shape[1]))
    cache = (A, W, b)

    return Z, cache''',
    '''# GRADED FUNCTION: linear_activation_forward

def linear_activation_forward(A_prev, W, b, activation):
    """
    Implement the forward propagation for the LINEAR->ACTIVATION layer

    Returns:
    A -- the output of the activation function, also called the post-activation value
    cache -- a python tuple containing "linear_cache" and "activation_cache"
    """

    if activation == "sigmoid":
        # Inputs: "A_prev, W, b". Outputs: "A, activation_cache".
        ### START CODE HERE ### (≈ 2 lines of code)
        Z, linear_cache = linear_forward(A_prev, W, b)
        A, activation_cache = sigmoid(Z)
        ### END CODE HERE ###

    elif activation == "relu":
        # Inputs: "A_prev, W, b". Outputs: "A, activation_cache".
        ### START CODE HERE ### (≈ 2 lines of code)
        Z, linear_cache = linear_forward(A_prev, W, b)
        A, activation_cache = relu(Z)
        ### END CODE HERE ###

    assert (A.shape == (W.shape[0], A_prev.shape[1]))
    cache = (linear_cache, activation_cache)

    return A, cache''',
    '''# GRADED FUNCTION: L_model_forward

def L_model_forward(X, parameters):
    """
    Implement forward propagation for the [LINEAR->RELU]*(L-1)->LINEAR->SIGMOID computation

    Returns:
    AL -- last post-activation value
    caches -- list of caches containing every cache of linear_activation_forward()
    """

    caches = []
    A = X
    L = len(parameters) // 2                  # number of layers in the neural network

    # Implement [LINEAR -> RELU]*(L-1). Add "cache" to the "caches" list.
    for l in range(1, L):
        A_prev = A
        ### START CODE HERE ### (≈ 2 lines of code)
        A, cache = linear_activation_forward(A_prev, parameters['W' + str(l)],
                                             parameters['b' + str(l)], activation = "relu")
        caches.append(cache)
        ### END CODE HERE ###

    # Implement LINEAR -> SIGMOID. Add "cache" to the "caches" list.
    ### START CODE HERE ### (≈ 2 lines of code)
    AL, cache = linear_activation_forward(A, parameters['W' + str(L)],
                                          parameters['b' + str(L)], activation = "sigmoid")
    caches.append(cache)
    ### END CODE HERE ###

    assert(AL.shape == (1,X.shape[1]))

    return AL, caches''',
    '''# GRADED FUNCTION: compute_cost

def compute_cost(AL, Y):
    """
    Implement the cost function defined by equation (7).

    Returns:
    cost -- cross-entropy cost
    """

    m = Y.shape[1]

    # Compute loss from aL and y.
    ### START CODE HERE ### (≈ 1 lines of code)
    cost = (1./m) * (-np.dot(Y, np.log(AL).T) - np.dot(1-Y, np.log(1-AL).T))
    ### END CODE HERE ###

    cost = np.squeeze(cost)      # turns [[17]] into 17
    assert(cost.shape == ())

    return cost''',
    '''# GRADED FUNCTION: linear_backward

def linear_backward(dZ, cache):
    """
    Implement the linear portion of backward propagation for a single layer (layer l)

    Returns:
    dA_prev -- Gradient of the cost with respect to the activation of layer l-1
    dW -- Gradient of the cost with respect to W (current layer l), same shape as W
    db -- Gradient of the cost with respect to b (current layer l), same shape as b
    """
    A_prev, W, b = cache
    m = A_prev.shape[1]

    ### START CODE HERE ### (≈ 3 lines of code)
    dW = 1./m * np.dot(dZ, A_prev.T)
    db = 1./m * np.sum(dZ, axis = 1, keepdims = True)
    dA_prev = np.dot(W.T, dZ)
    ### END CODE HERE ###

    assert (dA_prev.shape == A_prev.shape)
    assert (dW.shape == W.shape)
    assert (db.shape == b.shape)

    return dA_prev, dW, db''',
    '''# GRADED FUNCTION: linear_activation_backward

def linear_activation_backward(dA, cache, activation):
    """
    Implement the backward propagation for the LINEAR->ACTIVATION layer.
    """
    linear_cache, activation_cache = cache

    if activation == "relu":
        ### START CODE HERE ### (≈ 2 lines of code)
        dZ = relu_backward(dA, activation_cache)
        dA_prev, dW, db = linear_backward(dZ, linear_cache)
        ### END CODE HERE ###

    elif activation == "sigmoid":
        ### START CODE HERE ### (≈ 2 lines of code)
        dZ = sigmoid_backward(dA, activation_cache)
        dA_prev, dW, db = linear_backward(dZ, linear_cache)
        ### END CODE HERE ###

    return dA_prev, dW, db''',
    '''# GRADED FUNCTION: L_model_backward

def L_model_backward(AL, Y, caches):
    """
    Implement the backward propagation for the [LINEAR->RELU] * (L-1) -> LINEAR -> SIGMOID group

    Returns:
    grads -- A dictionary with the gradients
             grads["dA" + str(l)] = ...
             grads["dW" + str(l)] = ...
             grads["db" + str(l)] = ...
    """
    grads = {}
    L = len(caches) # the number of layers
    m = AL.shape[1]
    Y = Y.reshape(AL.shape) # after this line, Y is the same shape as AL

    # Initializing the backpropagation
    ### START CODE HERE ### (1 line of code)
    dAL = - (np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    ### END CODE HERE ###

    # Lth layer (SIGMOID -> LINEAR) gradients. Inputs: "dAL, current_cache".
    ### START CODE HERE ### (approx. 2 lines)
    current_cache = caches[L-1]
    grads["dA" + str(L)], grads["dW" + str(L)], grads["db" + str(L)] = \\
        linear_activation_backward(dAL, current_cache, activation = "sigmoid")
    ### END CODE HERE ###

    # Loop from l=L-2 to l=0
    for l in reversed(range(L-1)):
        # lth layer: (RELU -> LINEAR) gradients.
        # Inputs: "grads["dA" + str(l + 2)], current_cache".
        ### START CODE HERE ### (approx. 5 lines)
        current_cache = caches[l]
        dA_prev_temp, dW_temp, db_temp = linear_activation_backward(
            grads["dA" + str(l + 2)], current_cache, activation = "relu")
        grads["dA" + str(l + 1)] = dA_prev_temp
        grads["dW" + str(l + 1)] = dW_temp
        grads["db" + str(l + 1)] = db_temp
        ### END CODE HERE ###

    return grads''',
    '''# GRADED FUNCTION: update_parameters

def update_parameters(parameters, grads, learning_rate):
    """
    Update parameters using gradient descent

    Returns:
    parameters -- python dictionary containing your updated parameters
    """

    L = len(parameters) // 2 # number of layers in the neural network

    # Update rule for each parameter. Use a for loop.
    ### START CODE HERE ### (≈ 3 lines of code)
    for l in range(L):
        parameters["W" + str(l+1)] = parameters["W" + str(l+1)] - \\
            learning_rate * grads["dW" + str(l+1)]
        parameters["b" + str(l+1)] = parameters["b" + str(l+1)] - \\
            learning_rate * grads["db" + str(l+1)]
    ### END CODE HERE ###
    return parameters''',
]

EXPLORATION_2018 = {
    "initialize_parameters": 'parameters = initialize_parameters(3,2,1)\n'
                             'print("W1 = " + str(parameters["W1"]))',
    "initialize_parameters_deep": 'parameters = initialize_parameters_deep([5,4,3])\n'
                                  'print("W1 = " + str(parameters["W1"]))',
    "linear_forward": 'A, W, b = linear_forward_test_case()\n\n'
                      'Z, linear_cache = linear_forward(A, W, b)\nprint("Z = " + str(Z))',
    "L_model_forward": 'X, parameters = L_model_forward_test_case_2hidden()\n'
                       'AL, caches = L_model_forward(X, parameters)\n'
                       'print("AL = " + str(AL))\n'
                       'print("Length of caches list = " + str(len(caches)))',
    "L_model_backward": 'AL, Y_assess, caches = L_model_backward_test_case()\n'
                        'grads = L_model_backward(AL, Y_assess, caches)\nprint_grads(grads)',
    "update_parameters": 'parameters, grads = update_parameters_test_case()\n'
                         'parameters = update_parameters(parameters, grads, 0.1)',
}

# ---- the notebooks since 2021 ---------------------------------------------------------------

L_MODEL_BACKWARD_2021 = '''# GRADED FUNCTION: L_model_backward

def L_model_backward(AL, Y, caches):
    """
    Implement the backward propagation for the [LINEAR->RELU] * (L-1) -> LINEAR -> SIGMOID group

    Returns:
    grads -- A dictionary with the gradients
             grads["dA" + str(l)] = ...
             grads["dW" + str(l)] = ...
             grads["db" + str(l)] = ...
    """
    grads = {}
    L = len(caches) # the number of layers
    m = AL.shape[1]
    Y = Y.reshape(AL.shape) # after this line, Y is the same shape as AL

    # Initializing the backpropagation
    #(1 line of code)
    # dAL = ...
    # YOUR CODE STARTS HERE
    dAL = - (np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    # YOUR CODE ENDS HERE

    # Lth layer (SIGMOID -> LINEAR) gradients. Inputs: "dAL, current_cache".
    #(approx. 5 lines)
    # current_cache = ...
    # dA_prev_temp, dW_temp, db_temp = ...
    # grads["dA" + str(L-1)] = ...
    # grads["dW" + str(L)] = ...
    # grads["db" + str(L)] = ...
    # YOUR CODE STARTS HERE
    current_cache = caches[L - 1]
    dA_prev_temp, dW_temp, db_temp = linear_activation_backward(dAL, current_cache, "sigmoid")
    grads["dA" + str(L-1)] = dA_prev_temp
    grads["dW" + str(L)] = dW_temp
    grads["db" + str(L)] = db_temp
    # YOUR CODE ENDS HERE

    # Loop from l=L-2 to l=0
    for l in reversed(range(L-1)):
        # lth layer: (RELU -> LINEAR) gradients.
        # Inputs: "grads["dA" + str(l + 1)], current_cache".
        #(approx. 5 lines)
        # YOUR CODE STARTS HERE
        current_cache = caches[l]
        dA_prev_temp, dW_temp, db_temp = linear_activation_backward(
            grads["dA" + str(l + 1)], current_cache, "relu")
        grads["dA" + str(l)] = dA_prev_temp
        grads["dW" + str(l + 1)] = dW_temp
        grads["db" + str(l + 1)] = db_temp
        # YOUR CODE ENDS HERE

    return grads'''

UPDATE_2021 = '''# GRADED FUNCTION: update_parameters

def update_parameters(params, grads, learning_rate):
    """
    Update parameters using gradient descent

    Arguments:
    params -- python dictionary containing your parameters
    grads -- python dictionary containing your gradients, output of L_model_backward

    Returns:
    parameters -- python dictionary containing your updated parameters
    """
    parameters = params.copy()
    L = len(parameters) // 2 # number of layers in the neural network

    # Update rule for each parameter. Use a for loop.
    #(≈ 2 lines of code)
    # YOUR CODE STARTS HERE
    for l in range(L):
        parameters["W" + str(l+1)] = parameters["W" + str(l+1)] - \\
            learning_rate * grads["dW" + str(l+1)]
        parameters["b" + str(l+1)] = parameters["b" + str(l+1)] - \\
            learning_rate * grads["db" + str(l+1)]
    # YOUR CODE ENDS HERE
    return parameters'''

# The two bugs, each the line a student writes in place of the right one.
MISTAKES = {
    '    dA_prev_temp, dW_temp, db_temp = linear_activation_backward(dAL, current_cache, '
    '"sigmoid")':
    '    dA_prev_temp, dW_temp, db_temp = linear_activation_backward(AL, current_cache, '
    '"sigmoid")',
    "        current_cache = caches[l]": "        current_cache = caches[L-2-l]",
}
MISTAKE_IDS = frozenset({"BWD-AL-FOR-DAL", "BWD-CACHE-INDEX"})


def _to_2021(function: str) -> str:
    """A 2018 function in the 2021 notebook's form: its code markers, without the template's
    asserts and seeds (the 2021 notebooks moved them into their test cells)."""
    kept = []
    for line in function.splitlines():
        stripped = line.strip()
        if stripped.startswith(("assert", "np.random.seed")):
            continue
        if stripped.startswith("### START CODE HERE"):
            line = line.replace(stripped, "# YOUR CODE STARTS HERE")
        elif stripped == "### END CODE HERE ###":
            line = line.replace(stripped, "# YOUR CODE ENDS HERE")
        kept.append(line)
    return "\n".join(kept)


def _functions_2021() -> list[str]:
    functions = [_to_2021(function) for function in FUNCTIONS_2018[:-2]]
    cost = functions[5].replace(
        "cost = (1./m) * (-np.dot(Y, np.log(AL).T) - np.dot(1-Y, np.log(1-AL).T))",
        "cost = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m")
    return [*functions[:5], cost, *functions[6:], L_MODEL_BACKWARD_2021, UPDATE_2021]


def _cells(imports: str, functions: list[str], explorations: dict[str, str]) -> list[object]:
    cells: list[object] = [new_markdown_cell(TITLE), new_code_cell(imports)]
    for function in functions:
        name = function.split("def ", 1)[1].split("(", 1)[0]
        cells.append(new_markdown_cell(f"### Exercise: `{name}`"))
        cells.append(new_code_cell(function))
        if name in explorations:
            cells.append(new_code_cell(explorations[name]))
    return cells


def write_notebook_2018(path: Path) -> Path:
    """The 2018-2020 course notebook, every function right."""
    nbformat.write(new_notebook(cells=_cells(IMPORTS_2018, FUNCTIONS_2018, EXPLORATION_2018)),
                   path)
    return path


def write_notebook_2021(path: Path, mistakes: bool = False) -> Path:
    """The course notebook since 2021, right (or with MISTAKES in L_model_backward)."""
    functions = _functions_2021()
    if mistakes:
        index = next(i for i, f in enumerate(functions) if "def L_model_backward" in f)
        for right, wrong in MISTAKES.items():
            assert right in functions[index], right
            functions[index] = functions[index].replace(right, wrong)
    explorations = {name: f"{name}_test({name})" for name in
                    ("initialize_parameters", "linear_forward", "L_model_backward")}
    nbformat.write(new_notebook(cells=_cells(IMPORTS_2021, functions, explorations)), path)
    return path
