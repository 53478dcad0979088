"""Mistake ids: every named mistake of bpcheck has a stable id and a short title, the AssertionError of a
recognised mistake carries them, and the grader reads them (and nothing a student can fake)."""

import re
import sys

import numpy as np
import pytest

from coursekit.config import ROOT
from coursekit.grader.result import UNRECOGNISED, GradeResult, Kind, QuestionScore, TestResult
from coursekit.grader.runner import mistake_of
from coursekit.grader.session import SandboxFailure

sys.path.insert(0, str(ROOT / "source"))
from bpcheck import compare, hidden  # noqa: E402

ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def _all_named():
    """Every Mistake and Region the hidden checks build (for representative inputs)."""
    rng = np.random.default_rng(0)
    p, t = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    x = np.array([-1.0, 0.0, 2.0])
    found = [*hidden.mse_loss_mistakes(p, t), *hidden.mse_gradient_mistakes(p, t), *hidden.relu_mistakes(x),
             *hidden.relu_gradient_mistakes(x), *hidden.ce_mistakes(x, np.array([0.0, 1.0, 0.0]))]
    for group in (hidden.layer_mistakes(rng.normal(size=3), rng.normal(size=3), rng.normal(size=(3, 3)),
                                        np.array([0.0, 1.0, -1.0])),
                  hidden.net_mistakes(x, rng.normal(size=2), rng.normal(size=(3, 3)), rng.normal(size=3),
                                      rng.normal(size=(3, 2)), rng.normal(size=2)),
                  hidden.train_step_mistakes(x, rng.normal(size=2), (rng.normal(size=(3, 3)), rng.normal(size=3),
                                                                      rng.normal(size=(3, 2)), rng.normal(size=2)), 0.1)):
        for items in group.values():
            found += items
    return found


def test_every_named_mistake_has_a_stable_id_and_a_short_title():
    named = _all_named()
    assert len(named) > 50
    for m in named:
        assert ID.match(m.key), m
        assert m.title and len(m.title) <= len(m.label)
    # the same label always gives the same id; distinct labels within one result rarely share one
    assert compare.slug("the sign is flipped: the gradient is ...") == "the-sign-is-flipped"
    assert compare.slug("exactly half the expected gradient: the factor 2") == "exactly-half-the-expected-gradient"
    assert compare.Mistake("x", None, id="given").key == "given"


def test_a_matched_mistake_raises_an_assertion_error_carrying_its_id():
    expected = np.array([1.0, -2.0, 3.0])
    with pytest.raises(AssertionError) as info:
        compare.expect_array(expected / 3, expected, "f(x)",
                             mistakes=[compare.Mistake("a third: the factor 3 is missing", expected / 3)])
    assert type(info.value) is AssertionError   # what students see is unchanged
    assert info.value.mistake == "a-third" and info.value.mistake_title == "a third"
    assert "a-third" not in str(info.value)   # the id is beside the message, not in it
    with pytest.raises(AssertionError) as info:
        compare.expect_array(-expected, expected, "f(x)")
    assert info.value.mistake == "the-sign-is-flipped"
    with pytest.raises(AssertionError) as info:
        compare.expect_array(expected + [0.0, 0.5, 0.0], expected, "f(x)")
    assert not hasattr(info.value, "mistake")   # nothing recognised
    with pytest.raises(AssertionError) as info:
        compare.expect_array(expected[None, :], expected, "f(x)")
    assert info.value.mistake == "extra-axis"


def test_hidden_checks_name_stubs_and_known_mistakes():
    def stub(p, t):
        raise NotImplementedError

    def half(p, t):
        return (np.asarray(p) - np.asarray(t)) / np.size(p)

    for func, expected in ((stub, "not-implemented"), (half, "exactly-half-the-expected-gradient"),
                           (None, "not-defined")):
        with pytest.raises(AssertionError) as info:
            hidden.run("mse_gradient", "values", func)
        assert mistake_of(info.value)[0] == expected


def test_the_grader_labels_every_failure():
    assert mistake_of(AssertionError("anything")) == (UNRECOGNISED, "")
    assert mistake_of(compare.failure("m", "the-sign-is-flipped", "the sign is flipped")) == \
        ("the-sign-is-flipped", "the sign is flipped")
    assert mistake_of(NotImplementedError())[0] == "not-implemented"
    assert mistake_of(TypeError("'NoneType' object is not callable"))[0] == "not-defined"
    assert mistake_of(ValueError("shapes"))[0] == "raised-valueerror"
    assert mistake_of(SandboxFailure("timed out"))[0] == "process-failed"
    forged = AssertionError("x")
    forged.mistake = 7          # not a string: ignored
    assert mistake_of(forged)[0] == UNRECOGNISED


def test_mistake_ids_survive_the_json_form():
    r = GradeResult("a.ipynb", "a.ipynb", "01", Kind.OK, score=0, max_score=1,
                    questions={"q": QuestionScore(0, 1)},
                    tests=[TestResult("q", "t", True, 1, False, "msg", "", "the-sign-is-flipped", "the sign")])
    assert GradeResult.from_dict(r.to_dict()) == r
    assert r.to_dict()["tests"][0]["mistake"] == "the-sign-is-flipped"
