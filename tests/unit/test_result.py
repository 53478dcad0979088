"""The typed result: one JSON form, and tables that read its fields rather than its wording."""

from coursekit.grade.gradebook import summary_table
from coursekit.grader.result import GradeResult, Kind, QuestionScore, TestResult


def _graded(**kw):
    return GradeResult("ann/01.ipynb", "01.ipynb", "01_loss_gradient", Kind.OK, score=5, max_score=12,
                       questions={"mse_loss": QuestionScore(5, 5), "mse_gradient": QuestionScore(0, 7)},
                       tests=[TestResult("mse_loss", "test_a", False, 5, True),
                              TestResult("mse_gradient", "test_b", True, 7, False, "the factor 2 is missing")], **kw)


def test_round_trip_through_json():
    import json

    result = _graded(timings={"total": 1.5, "slowest_cells": [[3, 0.5]]})
    assert GradeResult.from_dict(json.loads(json.dumps(result.to_dict()))) == result
    assert result.to_dict()["kind"] == "ok"


def test_not_graded_rows_carry_kind_and_reason():
    row = GradeResult.not_graded("x.txt", "x.txt", Kind.UNREADABLE, "not a notebook (.txt file): submit ...",
                                 "not a notebook (.txt file)")
    assert not row.graded and row.score == 0 and row.questions == {}


def test_summary_groups_problems_by_reason_not_by_message_text():
    rows = [_graded(),
            GradeResult.not_graded("a", "a", Kind.UNREADABLE, "invalid JSON: Expecting value at line 1", "invalid JSON"),
            GradeResult.not_graded("b", "b", Kind.UNREADABLE, "invalid JSON (nested too deeply)", "invalid JSON")]
    table = summary_table(rows)
    assert "invalid JSON x2" in table
