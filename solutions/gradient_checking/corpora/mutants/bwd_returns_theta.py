"""backward_propagation returns theta: the derivative taken with respect to x."""
# misconceptions: BWD-RETURNS-THETA


def backward_propagation(x, theta):
    dtheta = theta
    return dtheta
