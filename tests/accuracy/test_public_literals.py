"""Parts 5 and 6 write their public tests' expected values as literal numbers (a student-visible test never
computes a graded result): each public test cell must pass when handed the reference implementations, so every
literal equals reference.py's output and cannot go stale, and it calls no graded function but its own. Also: the
digits file part 6 reads is scikit-learn's load_digits() data."""

import importlib.util
import os
import re

import numpy as np
import pytest

from coursekit import catches
from tests.accuracy import harness

PARTS = ("05_minibatch_classifier", "06_depth_and_autograd")
QUESTIONS = {part: catches.master_questions(part) for part in PARTS}
PUBLIC = [(part, q, t) for part in PARTS for q, info in QUESTIONS[part].items() for t in info["tests"]
          if not t.hidden]
IDS = [f"{part[:2]}-{t.name}" for part, _, t in PUBLIC]


@pytest.mark.parametrize("part", PARTS)
def test_every_graded_function_has_a_public_test(part):
    assert {q for p, q, _ in PUBLIC if p == part} == set(QUESTIONS[part])


@pytest.mark.parametrize("part,question,test", PUBLIC, ids=IDS)
def test_public_literals_match_the_reference(part, question, test):
    reference = harness.bpcheck_module("reference")
    ns = {"__name__": "__main__", "np": np}
    ns.update({k: v for k, v in vars(reference).items() if callable(v) and not k.startswith("_")})
    with np.errstate(all="ignore"):
        exec(compile(test.source, f"<{question}:{test.name}>", "exec"), ns)  # raises if a literal is off


@pytest.mark.parametrize("part,question,test", PUBLIC, ids=IDS)
def test_public_tests_call_no_other_graded_function(part, question, test):
    graded = {f for info in QUESTIONS[part].values() for f in info["functions"]}
    others = graded - set(QUESTIONS[part][question]["functions"])
    body = test.source.split('""" # END TEST CONFIG', 1)[-1]  # the reader may have dropped the header
    used = {f for f in others if re.search(rf"(?<![\w.]){f}\(", body)}
    assert not used, f"{test.name} calls {sorted(used)}"


def test_digits_file_is_load_digits():
    sklearn_datasets = pytest.importorskip("sklearn.datasets")
    folder = os.path.dirname(importlib.util.find_spec("sklearn").origin)
    raw = np.loadtxt(os.path.join(folder, "datasets", "data", "digits.csv.gz"), delimiter=",")
    digits = sklearn_datasets.load_digits()
    assert np.array_equal(raw[:, :-1], digits.data) and np.array_equal(raw[:, -1].astype(int), digits.target)
