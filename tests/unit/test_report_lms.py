"""The class report's numbers and the Canvas import, on results made by hand (no grading)."""

import csv

from coursekit.grade.gradebook import student_name
from coursekit.grade.lms import assignment_column, canvas_import_rows, canvas_name, latest_rows, read_roster
from coursekit.grade.report import (
    anonymise,
    answer_cell,
    class_stats,
    report_html,
    report_markdown,
    short_report,
    student_table,
)
from coursekit.grader.result import GradeResult, Kind, QuestionScore, TestResult

A = "01_loss_gradient"


def _row(submission, student, loss, grad, grad_mistakes=(), assignment=A):
    tests = [TestResult("mse_loss", "test_loss", False, 2, loss == 2, "" if loss == 2 else "loss wrong",
                        mistake="" if loss == 2 else "the-sum-of-squared-errors")]
    for i, m in enumerate(grad_mistakes):
        tests.append(TestResult("mse_gradient", f"test_g{i}", bool(i), 1, False, f"gradient wrong ({m})",
                                mistake=m, mistake_title=m.replace("-", " ")))
    return GradeResult(submission, submission.rsplit("/", 1)[-1], assignment, Kind.OK, score=loss + grad,
                       max_score=5, questions={"mse_loss": QuestionScore(loss, 2), "mse_gradient": QuestionScore(grad, 3)},
                       tests=tests, student=student)


def _class():
    return [_row("ann/a.ipynb", "ann", 2, 3),
            _row("bob/a.ipynb", "bob", 0, 1, ["half", "half"]),
            _row("cat/a.ipynb", "cat", 2, 0, ["half", "unrecognised", "half"]),
            _row("dan/a.ipynb", "dan", 2, 2, ["sign"]),
            GradeResult.not_graded("eve/a.ipynb", "a.ipynb", Kind.UNREADABLE, "invalid JSON", "invalid JSON", A, 5),
            GradeResult.not_graded("fay/x.txt", "x.txt", Kind.UNREADABLE, "not a notebook", "not a notebook")]


def test_counts_equal_the_failed_tests_with_each_id():
    rows = _class()
    for r in rows:
        r.student = r.student or r.submission.split("/")[0]
    stats = class_stats(rows, A)
    assert len(stats.graded) == 4 and [r.submission for r in stats.not_graded] == ["eve/a.ipynb"]
    assert [q.question for q in stats.questions] == ["mse_gradient", "mse_loss"]   # worst first
    grad = stats.questions[0]
    assert (grad.full, grad.partial, grad.zero) == (1, 2, 1)
    for q in stats.questions:
        for m in q.mistakes:
            failed = [t for r in stats.graded for t in r.tests
                      if t.question == q.question and not t.passed and (t.mistake or "unrecognised") == m.mistake]
            assert m.failed_tests == len(failed)
            assert m.students == sorted({r.student for r in stats.graded
                                         for t in r.tests if t in failed})
    assert [(m.mistake, len(m.students), m.failed_tests) for m in grad.mistakes] == \
        [("half", 2, 4), ("sign", 1, 1), ("unrecognised", 1, 1)]
    md = report_markdown([stats], [rows[-1]], by_student=True)
    assert "2 students (50%), 4 failed tests" in md and "eve/a.ipynb" in md and "fay/x.txt" in md
    assert "1 (half, half)" not in md and "1 (half)" in md   # by student: each id once per cell
    page = report_html([stats], {A: (b"\x89PNG", b"\x89PNG")}, [rows[-1]], by_student=True)
    assert page.count("data:image/png;base64,") == 2 and "<script" not in page
    table = student_table(stats)
    assert table[-1][:2] == ["eve", "not graded: invalid JSON"]
    assert "mse_gradient" in short_report([stats]) and "half x2" in short_report([stats])


def test_anonymised_code_example():
    cells = [{"i": 0, "src": "import numpy as np"},
             {"i": 3, "src": "# Jane Doe, jane@uni.edu\ndef mse_gradient(p, t):\n    '''doc'''\n"
                             "    # my try, Jane\n    return (p - t) / p.size  # Jane\n"}]
    src = answer_cell(cells, "mse_gradient")
    text = anonymise(src, "mse_gradient", ["jane_doe"])
    assert text == "def mse_gradient(p, t):\n    return (p - t) / p.size"


def test_canvas_names_and_latest_submission():
    c = canvas_name("doejane_late_1234_98765_01_loss_gradient-1.ipynb")
    assert (c.name, c.user_id, c.submission_id, c.late, c.original) == \
        ("doejane", "1234", 98765, True, "01_loss_gradient-1.ipynb")
    assert canvas_name("alice/01_loss_gradient.ipynb") is None
    assert student_name("smithjohn_55_66_homework.ipynb", [A]) == "smithjohn"
    old = _row("smithjohn_55_100_a.ipynb", "smithjohn", 0, 0)
    new = _row("smithjohn_55_99_b.ipynb", "smithjohn", 2, 3)   # a lower id: the earlier one
    kept, superseded = latest_rows([old, new])
    assert kept == [old] and superseded == [new]


def test_canvas_import_cells(tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("Student,ID,SIS User ID,SIS Login ID,Section,01 Loss Gradient (77),Final Score\n"
                      "    Points Possible,,,,,5,\n"
                      '"Doe, Jane",11,S11,jdoe,A,,\n"Roe, Rich",12,S12,rroe,B,,\n', encoding="utf-8")
    r = read_roster(roster)
    assert assignment_column(A, r.header) == "01 Loss Gradient (77)"
    rows = [_row("doejane_11_500_a.ipynb", "doejane", 2, 1), _row("doejane_late_11_501_a.ipynb", "doejane", 2, 3),
            _row("newkid_13_502_a.ipynb", "newkid", 0, 1)]
    table = canvas_import_rows(rows, r, [A])
    assert table == [["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "01 Loss Gradient (77)"],
                     ["    Points Possible", "", "", "", "", "5"],
                     ["Doe, Jane", "11", "S11", "jdoe", "A", "5"],
                     ["Roe, Rich", "12", "S12", "rroe", "B", ""],
                     ["newkid (not in the roster)", "13", "", "", "", "1"]]
    with open(roster, newline="") as f:
        assert next(csv.reader(f))[0] == "Student"
