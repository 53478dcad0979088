"""forward_pass puts a ReLU on the output layer too, which must stay linear."""
CLASS = "activation derivative"


def forward_pass(x, W1, b1, W2, b2):
    h1 = np.maximum(0, x @ W1 + b1)
    return h1, np.maximum(0, h1 @ W2 + b2)
