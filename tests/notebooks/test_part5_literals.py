"""Part 5's public tests hold literal expected values (students must not see a graded function computed): they must
agree with bpcheck/reference.py, so that they cannot go stale when the reference changes."""

import pytest

from coursekit import catches
from tests.accuracy import harness

MASTER = "05_minibatch_classifier"
QUESTIONS = catches.master_questions(MASTER)
PUBLIC = [(q, t) for q, info in QUESTIONS.items() for t in info["tests"] if not t.hidden]
GRADED = ("linear_backward", "relu_backward", "softmax_cross_entropy", "init_mlp", "mlp_forward", "mlp_backward",
          "minibatches", "accuracy")


def test_every_graded_function_has_a_public_test():
    assert {q for q, _ in PUBLIC} == set(GRADED)


@pytest.mark.parametrize("question,test", PUBLIC, ids=[t.name for _, t in PUBLIC])
def test_public_literals_match_the_reference(question, test):
    """Each public test cell, run with reference.py's function as the student's, passes."""
    import numpy as np

    reference = harness.bpcheck_module("reference")
    ns = {"__name__": "__main__", "np": np, question: getattr(reference, question)}
    with np.errstate(all="ignore"):
        exec(compile(test.source, f"<{question}:{test.name}>", "exec"), ns)


@pytest.mark.parametrize("question,test", PUBLIC, ids=[t.name for _, t in PUBLIC])
def test_public_tests_do_not_call_other_graded_functions(question, test):
    """A public test computes no graded function's result: it names only the function it tests."""
    others = [f for f in GRADED if f != question and f"{f}(" in test.source]
    assert not others, f"{test.name} calls {others}"
