"""update_parameters updates each array in place (p -= learning_rate * g) and returns the caller's list."""
CLASS = "in place"


def update_parameters(params, grads, learning_rate):
    for p, g in zip(params, grads):
        p -= learning_rate * g
    return params
