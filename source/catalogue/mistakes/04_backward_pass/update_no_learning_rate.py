"""update_parameters forgets the learning rate: p - g."""
CLASS = "wrong scale"


def update_parameters(params, grads, learning_rate):
    return [p - g for p, g in zip(params, grads)]
