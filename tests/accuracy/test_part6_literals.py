"""Part 6's public tests hold literal numbers (student-visible tests never compute a graded result): each one
must pass when handed the reference implementations, so every literal equals reference.py's output. Also: the
digits file the notebook reads is scikit-learn's load_digits() data."""

import importlib.util
import os
import re

import numpy as np
import pytest

from coursekit import catches
from tests.accuracy import harness

ASSIGNMENT = "06_depth_and_autograd"
QUESTIONS = catches.master_questions(ASSIGNMENT)
PUBLIC = [(q, t) for q, info in QUESTIONS.items() for t in info["tests"] if not t.hidden]


@pytest.mark.parametrize("question,test", PUBLIC, ids=[t.name for _, t in PUBLIC])
def test_public_literals_match_the_reference(question, test):
    reference = harness.bpcheck_module("reference")
    ns = {"__name__": "__main__", "np": np}
    ns.update({k: v for k, v in vars(reference).items() if callable(v) and not k.startswith("_")})
    with np.errstate(all="ignore"):
        exec(compile(test.source, f"<{question}:{test.name}>", "exec"), ns)  # raises if a literal is off


def test_public_tests_compute_no_graded_result():
    """The public test cells call the graded function under test only, and none of the others."""
    graded = {f for info in QUESTIONS.values() for f in info["functions"]}
    for question, test in PUBLIC:
        others = graded - set(QUESTIONS[question]["functions"])
        body = test.source.split('""" # END TEST CONFIG', 1)[-1]  # the reader may have dropped the header
        used = {f for f in others if re.search(rf"(?<![\w.]){f}\(", body)}
        assert not used, f"{test.name} calls {sorted(used)}"


def test_digits_file_is_load_digits():
    sklearn_datasets = pytest.importorskip("sklearn.datasets")
    folder = os.path.dirname(importlib.util.find_spec("sklearn").origin)
    raw = np.loadtxt(os.path.join(folder, "datasets", "data", "digits.csv.gz"), delimiter=",")
    digits = sklearn_datasets.load_digits()
    assert np.array_equal(raw[:, :-1], digits.data) and np.array_equal(raw[:, -1].astype(int), digits.target)
