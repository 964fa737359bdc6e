"""layer_sizes with the hidden size kept in a module constant and the other sizes read with
np.shape and tuple unpacking."""
# valid: layer_sizes with n_h from a module-level constant
import numpy as np

HIDDEN_UNITS = 4


def layer_sizes(X, Y):
    n_x, _ = np.shape(X)
    n_y = np.shape(Y)[0]
    n_h = HIDDEN_UNITS
    return (n_x, n_h, n_y)
