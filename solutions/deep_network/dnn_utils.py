"""The activation functions of the deep-network notebook, forward and backward.

Shipped to students beside the notebook, as the Deep Learning Specialization ships its own
`dnn_utils`: the graded functions call these four, so that the exercises are about the
layers and the chain rule between them, not about one activation's formula.

Each forward function returns the activation together with its *activation cache*, the
pre-activation Z, which the backward function needs: the derivative of an activation is
evaluated at Z. Each backward function turns dA = dJ/dA into dZ = dJ/dZ = dA * g'(Z).
"""

from __future__ import annotations

import numpy as np

__all__ = ["relu", "relu_backward", "sigmoid", "sigmoid_backward"]


def _logistic(Z: np.ndarray) -> np.ndarray:
    """1 / (1 + e^-Z), written so that no entry of Z overflows exp (e^-|Z| never does)."""
    E = np.exp(-np.abs(Z))
    return np.where(Z >= 0, 1 / (1 + E), E / (1 + E))


def sigmoid(Z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The sigmoid of every entry of Z.

    Arguments:
    Z -- numpy array of any shape, the pre-activation

    Returns:
    A -- sigmoid(Z), of Z's shape
    cache -- Z itself, for sigmoid_backward
    """
    return _logistic(Z), Z


def relu(Z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The ReLU of every entry of Z: max(0, Z).

    Arguments:
    Z -- numpy array of any shape, the pre-activation

    Returns:
    A -- relu(Z), of Z's shape
    cache -- Z itself, for relu_backward
    """
    return np.maximum(0, Z), Z


def relu_backward(dA: np.ndarray, cache: np.ndarray) -> np.ndarray:
    """dZ for a ReLU layer: dA where Z > 0, and 0 where Z <= 0 (relu'(0) is taken as 0).

    Arguments:
    dA -- the gradient of the cost with respect to the layer's activation A
    cache -- the layer's pre-activation Z (what relu returned as its cache)

    Returns:
    dZ -- the gradient of the cost with respect to Z, of Z's shape
    """
    Z = cache
    return np.where(Z > 0, dA, 0.0)


def sigmoid_backward(dA: np.ndarray, cache: np.ndarray) -> np.ndarray:
    """dZ for a sigmoid layer: dA * s * (1 - s), with s = sigmoid(Z).

    Arguments:
    dA -- the gradient of the cost with respect to the layer's activation A
    cache -- the layer's pre-activation Z (what sigmoid returned as its cache)

    Returns:
    dZ -- the gradient of the cost with respect to Z, of Z's shape
    """
    s = _logistic(cache)
    return dA * s * (1 - s)
