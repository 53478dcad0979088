"""Who handed a file in, from the path an LMS or Gradescope export gives it."""

import pytest

from coursekit.grade.gradebook import student_name

NAMES = ["01_loss_gradient", "02_relu_backward"]


@pytest.mark.parametrize("submission, student", [
    ("alice/01_loss_gradient.ipynb", "alice"),
    ("bob_01_loss_gradient.ipynb", "bob"),
    ("Copy of 02_relu_backward (1) - carol.ipynb", "carol"),
    ("dave_01_loss_gradient_submission.zip", "dave"),
])
def test_student_name(submission, student):
    assert student_name(submission, NAMES) == student
