# ruff: noqa: E501  -- the course's template lines, as long as students' notebooks have them
"""A student's notebook in the Deep Learning Specialization's format for the gradient-checking
exercise ("Gradient Checking", course 2 week 1), written here from the course's published
function names and signatures: its imports (`testCases`, `public_tests`, `gc_utils`), the
template's "YOUR CODE STARTS HERE" blocks, the given forward_propagation_n and
backward_propagation_n (fixed in place by the student, as the course asks), the template's
own asserts and its exploratory cells.

Two versions of the course: "2021" (the checkers take `print_msg`) and "2018" (they do
not, and always print their verdict). `one_sided=True` writes both checkers with a
one-sided difference, (J(theta + eps) - J(theta)) / eps, the student's classic mistake.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

VERSIONS = ("2021", "2018")

IMPORTS = {
    "2021": '''# Packages
import numpy as np
from testCases import *
from public_tests import *

from gc_utils import sigmoid, relu, dictionary_to_vector, vector_to_dictionary, gradients_to_vector

%load_ext autoreload
%autoreload 2''',
    "2018": '''# Packages
import numpy as np
from testCases import *
from gc_utils import sigmoid, relu, dictionary_to_vector, vector_to_dictionary, gradients_to_vector''',
}

FORWARD = '''# GRADED FUNCTION: forward_propagation

def forward_propagation(x, theta):
    """
    Implement the linear forward propagation (compute J) presented in Figure 1 (J(theta) = theta * x)

    Arguments:
    x -- a real-valued input
    theta -- our parameter, a real number as well

    Returns:
    J -- the value of function J, computed using the formula J(theta) = theta * x
    """
    # (approx. 1 line)
    # J =
    # YOUR CODE STARTS HERE
    J = theta * x
    # YOUR CODE ENDS HERE

    return J'''

BACKWARD = '''# GRADED FUNCTION: backward_propagation

def backward_propagation(x, theta):
    """
    Computes the derivative of J with respect to theta (see Figure 1).

    Arguments:
    x -- a real-valued input
    theta -- our parameter, a real number as well

    Returns:
    dtheta -- the gradient of the cost with respect to theta
    """
    # (approx. 1 line)
    # dtheta =
    # YOUR CODE STARTS HERE
    dtheta = x
    # YOUR CODE ENDS HERE

    return dtheta'''

ESTIMATE_1 = '''    theta_plus = theta + epsilon
    theta_minus = theta - epsilon
    J_plus = forward_propagation(x, theta_plus)
    J_minus = forward_propagation(x, theta_minus)
    gradapprox = (J_plus - J_minus) / (2 * epsilon)'''

ONE_SIDED_1 = '''    theta_plus = theta + epsilon
    J_plus = forward_propagation(x, theta_plus)
    J = forward_propagation(x, theta)
    gradapprox = (J_plus - J) / epsilon'''

VERDICT_1 = {
    "2021": '''    if print_msg:
        if difference > 2e-7:
            print ("\\033[93m" + "There is a mistake in the backward propagation! difference = " + str(difference) + "\\033[0m")
        else:
            print ("\\033[92m" + "Your backward propagation works perfectly fine! difference = " + str(difference) + "\\033[0m")''',
    "2018": '''    if difference < 1e-7:
        print ("The gradient is correct!")
    else:
        print ("The gradient is wrong!")''',
}

SIGNATURE_1 = {"2021": "def gradient_check(x, theta, epsilon=1e-7, print_msg=False):",
               "2018": "def gradient_check(x, theta, epsilon = 1e-7):"}

GRADIENT_CHECK = '''# GRADED FUNCTION: gradient_check

{signature}
    """
    Implement the backward propagation presented in Figure 1.

    Arguments:
    x -- a float input
    theta -- our parameter, a float as well
    epsilon -- tiny shift to the input to compute approximated gradient with formula(1)

    Returns:
    difference -- difference (2) between the approximated gradient and the backward propagation gradient. Float output
    """

    # Compute gradapprox using right side of formula (1). epsilon is small enough, you don't need to worry about the limit.
    # (approx. 5 lines)
    # YOUR CODE STARTS HERE
{estimate}
    # YOUR CODE ENDS HERE

    # Check if gradapprox is close enough to the output of backward_propagation()
    #(approx. 1 line) DO NOT USE "grad = gradapprox"
    # YOUR CODE STARTS HERE
    grad = backward_propagation(x, theta)
    # YOUR CODE ENDS HERE

    #(approx. 3 lines)
    # YOUR CODE STARTS HERE
    numerator = np.linalg.norm(grad - gradapprox)                      # Step 1'
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)    # Step 2'
    difference = numerator / denominator                               # Step 3'
    # YOUR CODE ENDS HERE
{verdict}

    return difference'''

FORWARD_N = '''def forward_propagation_n(X, Y, parameters):
    """
    Implements the forward propagation (and computes the cost) presented in Figure 3.

    Arguments:
    X -- training set for m examples
    Y -- labels for m examples
    parameters -- python dictionary containing your parameters "W1", "b1", "W2", "b2", "W3", "b3"

    Returns:
    cost -- the cost function (logistic cost for m examples)
    cache -- a tuple with the intermediate values (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)
    """
    # retrieve parameters
    m = X.shape[1]
    W1 = parameters["W1"]
    b1 = parameters["b1"]
    W2 = parameters["W2"]
    b2 = parameters["b2"]
    W3 = parameters["W3"]
    b3 = parameters["b3"]

    # LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID
    Z1 = np.dot(W1, X) + b1
    A1 = relu(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = relu(Z2)
    Z3 = np.dot(W3, A2) + b3
    A3 = sigmoid(Z3)

    # Cost
    log_probs = np.multiply(-np.log(A3),Y) + np.multiply(-np.log(1 - A3), 1 - Y)
    cost = 1. / m * np.sum(log_probs)

    cache = (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)

    return cost, cache'''

# As the student leaves it: the course's two planted bugs fixed in place (the "* 2" of
# dW2 and the "4." of db1 removed).
BACKWARD_N = '''def backward_propagation_n(X, Y, cache):
    """
    Implement the backward propagation presented in figure 2.

    Arguments:
    X -- input datapoint, of shape (input size, 1)
    Y -- true "label"
    cache -- cache output from forward_propagation_n()

    Returns:
    gradients -- A dictionary with the gradients of the cost with respect to each parameter, activation and pre-activation variables.
    """

    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache

    dZ3 = A3 - Y
    dW3 = 1. / m * np.dot(dZ3, A2.T)
    db3 = 1. / m * np.sum(dZ3, axis=1, keepdims=True)

    dA2 = np.dot(W3.T, dZ3)
    dZ2 = np.multiply(dA2, np.int64(A2 > 0))
    dW2 = 1. / m * np.dot(dZ2, A1.T)
    db2 = 1. / m * np.sum(dZ2, axis=1, keepdims=True)

    dA1 = np.dot(W2.T, dZ2)
    dZ1 = np.multiply(dA1, np.int64(A1 > 0))
    dW1 = 1. / m * np.dot(dZ1, X.T)
    db1 = 1. / m * np.sum(dZ1, axis=1, keepdims=True)

    gradients = {"dZ3": dZ3, "dW3": dW3, "db3": db3,
                 "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
                 "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}

    return gradients'''

ESTIMATE_N = '''        theta_plus = np.copy(parameters_values)                                      # Step 1
        theta_plus[i] = theta_plus[i] + epsilon                                     # Step 2
        J_plus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus))  # Step 3

        theta_minus = np.copy(parameters_values)                                     # Step 1
        theta_minus[i] = theta_minus[i] - epsilon                                   # Step 2
        J_minus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_minus))  # Step 3

        gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon)'''

ONE_SIDED_N = '''        theta_plus = np.copy(parameters_values)                                      # Step 1
        theta_plus[i] = theta_plus[i] + epsilon                                     # Step 2
        J_plus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus))  # Step 3
        J_minus[i], _ = forward_propagation_n(X, Y, parameters)

        gradapprox[i] = (J_plus[i] - J_minus[i]) / epsilon'''

VERDICT_N = {
    "2021": '''    if print_msg:
        if difference > 2e-7:
            print ("\\033[93m" + "There is a mistake in the backward propagation! difference = " + str(difference) + "\\033[0m")
        else:
            print ("\\033[92m" + "Your backward propagation works perfectly fine! difference = " + str(difference) + "\\033[0m")''',
    "2018": '''    if difference > 2e-7:
        print ("\\033[93m" + "There is a mistake in the backward propagation! difference = " + str(difference) + "\\033[0m")
    else:
        print ("\\033[92m" + "Your backward propagation works perfectly fine! difference = " + str(difference) + "\\033[0m")''',
}

SIGNATURE_N = {
    "2021": "def gradient_check_n(parameters, gradients, X, Y, epsilon=1e-7, print_msg=False):",
    "2018": "def gradient_check_n(parameters, gradients, X, Y, epsilon = 1e-7):",
}

GRADIENT_CHECK_N = '''# GRADED FUNCTION: gradient_check_n

{signature}
    """
    Checks if backward_propagation_n computes correctly the gradient of the cost output by forward_propagation_n

    Arguments:
    parameters -- python dictionary containing your parameters "W1", "b1", "W2", "b2", "W3", "b3"
    grad -- output of backward_propagation_n, contains gradients of the cost with respect to the parameters
    X -- input datapoint, of shape (input size, number of examples)
    Y -- true "label"
    epsilon -- tiny shift to the input to compute approximated gradient with formula(1)

    Returns:
    difference -- difference (2) between the approximated gradient and the backward propagation gradient
    """

    # Set-up variables
    parameters_values, _ = dictionary_to_vector(parameters)

    grad = gradients_to_vector(gradients)
    num_parameters = parameters_values.shape[0]
    J_plus = np.zeros((num_parameters, 1))
    J_minus = np.zeros((num_parameters, 1))
    gradapprox = np.zeros((num_parameters, 1))

    # Compute gradapprox
    for i in range(num_parameters):
        # YOUR CODE STARTS HERE
{estimate}
        # YOUR CODE ENDS HERE

    # Compare gradapprox to backward propagation gradients by computing difference.
    # YOUR CODE STARTS HERE
    numerator = np.linalg.norm(grad - gradapprox)                                     # Step 1'
    denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)                   # Step 2'
    difference = numerator / denominator                                              # Step 3'
    # YOUR CODE ENDS HERE
{verdict}

    return difference'''

RUN_1 = {
    "2021": '''x, theta = 3, 4
difference = gradient_check(x, theta, print_msg=True)''',
    "2018": '''x, theta = 2, 4
difference = gradient_check(x, theta)
print("difference = " + str(difference))''',
}

RUN_N = {
    "2021": '''X, Y, parameters = gradient_check_n_test_case()

cost, cache = forward_propagation_n(X, Y, parameters)
gradients = backward_propagation_n(X, Y, cache)
difference = gradient_check_n(parameters, gradients, X, Y, 1e-7, True)
expected_values = [0.2850931567761623, 1.1890913024229996e-07]
assert not(type(difference) == np.ndarray), "You are not using np.linalg.norm for numerator or denominator"
assert np.any(np.isclose(difference, expected_values)), "Wrong value. It is not one of the expected values"''',
    "2018": '''X, Y, parameters = gradient_check_n_test_case()

cost, cache = forward_propagation_n(X, Y, parameters)
gradients = backward_propagation_n(X, Y, cache)
difference = gradient_check_n(parameters, gradients, X, Y)''',
}


def write_notebook(path: Path, version: str = "2021", one_sided: bool = False) -> Path:
    """The course-format notebook of `version`, right (or with one-sided differences)."""
    checker_1 = GRADIENT_CHECK.format(signature=SIGNATURE_1[version],
                                      estimate=ONE_SIDED_1 if one_sided else ESTIMATE_1,
                                      verdict=VERDICT_1[version])
    checker_n = GRADIENT_CHECK_N.format(signature=SIGNATURE_N[version],
                                        estimate=ONE_SIDED_N if one_sided else ESTIMATE_N,
                                        verdict=VERDICT_N[version])
    cells = [
        new_markdown_cell("# Gradient Checking"),
        new_code_cell(IMPORTS[version]),
        new_code_cell(FORWARD),
        new_code_cell('x, theta = 2, 4\nJ = forward_propagation(x, theta)\n'
                      'print ("J = " + str(J))'),
        new_code_cell(BACKWARD),
        new_code_cell('x, theta = 2, 4\ndtheta = backward_propagation(x, theta)\n'
                      'print ("dtheta = " + str(dtheta))'),
        new_code_cell(checker_1),
        new_code_cell(RUN_1[version]),
        new_markdown_cell("## N-dimensional gradient checking"),
        new_code_cell(FORWARD_N),
        new_code_cell(BACKWARD_N),
        new_code_cell(checker_n),
        new_code_cell(RUN_N[version]),
    ]
    nbformat.write(new_notebook(cells=cells), path)
    return path
