"""The Deep Learning Specialization's name for `dnn_utils` in its 2018-2020 notebooks.

Those notebooks begin with `from dnn_utils_v2 import sigmoid, sigmoid_backward, relu,
relu_backward`. With this module beside `dnn_utils`, a notebook written for them finds the
same four functions and grades as it is; this notebook imports `dnn_utils` itself.
"""

from __future__ import annotations

from dnn_utils import relu, relu_backward, sigmoid, sigmoid_backward

__all__ = ["relu", "relu_backward", "sigmoid", "sigmoid_backward"]
