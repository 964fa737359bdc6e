"""linear_forward computes Z in float32 (the cache keeps the inputs as they came)."""
# valid: float32 arithmetic in linear_forward
import numpy as np


def linear_forward(A, W, b):
    Z = np.dot(W.astype(np.float32), A.astype(np.float32)) + b.astype(np.float32)
    cache = (A, W, b)
    return Z, cache
