"""mse_loss with a Python loop over every entry (works for any shape via .flat)."""
CLASS = "correct"


def mse_loss(predictions, targets):
    total = 0.0
    for p, t in zip(np.asarray(predictions).flat, np.asarray(targets).flat):
        total += (p - t) ** 2
    return total / np.size(predictions)
