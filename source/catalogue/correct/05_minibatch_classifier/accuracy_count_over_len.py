"""accuracy as a count of right rows divided by the number of rows."""
CLASS = "correct"


def accuracy(logits, labels):
    right = 0
    for i in range(len(labels)):
        if np.argmax(logits[i]) == labels[i]:
            right += 1
    return right / len(labels)
