"""update_parameters with an explicit loop, returning a tuple instead of a list."""
CLASS = "correct"


def update_parameters(params, grads, learning_rate):
    new = []
    for i in range(len(params)):
        new.append(params[i] - learning_rate * grads[i])
    return tuple(new)
