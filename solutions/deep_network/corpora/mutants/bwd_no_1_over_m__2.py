"""Two mistakes in linear_backward: dW and db without their 1/m, and db without keepdims."""
# misconceptions: BWD-NO-1-OVER-M, BWD-DB-NO-KEEPDIMS
import numpy as np


def linear_backward(dZ, cache):
    A_prev, W, b = cache
    dW = dZ @ A_prev.T
    db = dZ.sum(axis=1)
    dA_prev = W.T @ dZ
    return dA_prev, dW, db
