"""update_parameters adds the gradient: p + learning_rate * g climbs the loss instead of descending."""
CLASS = "sign"


def update_parameters(params, grads, learning_rate):
    return [p + learning_rate * g for p, g in zip(params, grads)]
