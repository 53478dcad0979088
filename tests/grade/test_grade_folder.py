"""Grading a folder: nested LMS-style folders, every file gets a row, renamed notebooks are recognised,
a rerun skips what is graded, feedback holds no hidden test code; through the CLI as `make grade` runs it."""

import csv
import io
import json
import os
import subprocess
import sys
import zipfile

import nbformat
import pytest

from coursekit.config import ROOT
from coursekit.grade import grade_folder, grade_notebook_file
from coursekit.grade.gradebook import student_name
from coursekit.grader.result import GradeResult, QuestionScore
from coursekit.sample_submissions import make_submission

A = "01_loss_gradient"
WRONG_GRADIENT = "def mse_gradient(predictions, targets):\n    return (predictions - targets) / predictions.size\n"
SECRETS = ("hidden.run(", "def test_", "from bpcheck import hidden", "_mse_gradient_values", "def _rng(",
           "reference", "import zlib")


def otter_export_zip(nb):
    """What `grader.export()` writes: the notebook, otter's log and the zip's name."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr(f"{A}.ipynb", nbformat.writes(nb))
        z.writestr(".OTTER_LOG", b"\x80\x04N.")
        z.writestr("__zip_filename__", f"{A}_submission.zip")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def class_folder(tmp_path_factory):
    """A Canvas/Gradescope-like export: one folder per student, plus loose and junk files."""
    root = tmp_path_factory.mktemp("submissions")
    solved, stub = make_submission(A), make_submission(A, solved=False)
    wrong = make_submission(A, {"mse_gradient": WRONG_GRADIENT})
    renamed = make_submission(A)
    renamed.metadata.pop("otter", None)
    anonymous = make_submission(A)
    anonymous.metadata.pop("otter", None)
    files = {
        "alice/attempt_1/01_loss_gradient.ipynb": nbformat.writes(solved).encode(),
        "bob/Copy of 01_loss_gradient (1).ipynb": nbformat.writes(renamed).encode(),
        "carol/01_loss_gradient_submission.zip": otter_export_zip(wrong),
        "dave/homework.ipynb": nbformat.writes(anonymous).encode(),
        "erin/01_loss_gradient.ipynb": nbformat.writes(stub).encode(),
        "frank_01_loss_gradient.ipynb": nbformat.writes(solved).encode(),
        "grace/notes.txt": b"I could not finish, sorry.",
        "grace/screenshot.png": b"\x89PNG\r\n\x1a\n" + os.urandom(200),
        "heidi/01_loss_gradient.zip": b"PK\x03\x04 this is not really a zip",
        "ivan/01_loss_gradient.ipynb": b"",
        ".DS_Store": b"\x00\x00\x00\x01Bud1",
    }
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    return root, files


def read_rows(out):
    with open(out / "grades.csv", newline="") as f:
        return {row["submission"]: row for row in csv.DictReader(f)}


def test_every_file_gets_a_row_with_the_right_score(class_folder, tmp_path, capsys):
    root, files = class_folder
    out = tmp_path / "out"
    grade_folder(root, out, workers=2)
    rows = read_rows(out)
    assert set(rows) == set(files), "one row per file, nothing skipped"
    expect = {
        "alice/attempt_1/01_loss_gradient.ipynb": ("alice", "12", "ok"),
        "bob/Copy of 01_loss_gradient (1).ipynb": ("bob", "12", "ok"),
        "carol/01_loss_gradient_submission.zip": ("carol", "6", "ok"),
        "dave/homework.ipynb": ("dave", "12", "ok"),
        "erin/01_loss_gradient.ipynb": ("erin", "0", "ok"),
        "frank_01_loss_gradient.ipynb": ("frank", "12", "ok"),
    }
    for rel, (student, score, status) in expect.items():
        row = rows[rel]
        assert (row["student"], row["score"], row["status"]) == (student, score, status), row
        assert row["assignment"] == A and row["max_score"] == "12"
    assert rows["carol/01_loss_gradient_submission.zip"]["mse_loss"] == "5"
    assert rows["carol/01_loss_gradient_submission.zip"]["notebook"].endswith(f"/{A}.ipynb")
    assert rows["grace/notes.txt"]["status"].startswith("not a notebook")
    assert rows["grace/screenshot.png"]["status"].startswith("not a notebook")
    assert rows["heidi/01_loss_gradient.zip"]["status"].startswith("not a valid zip")
    assert rows["heidi/01_loss_gradient.zip"]["max_score"] == "12"  # known from its name: a 0 out of 12
    assert rows["ivan/01_loss_gradient.ipynb"]["status"] == "empty file"
    assert rows[".DS_Store"]["status"].startswith("not a notebook")
    assert rows["grace/notes.txt"]["mse_loss"] == ""  # blank where not applicable
    assert (out / "score_distribution.png").stat().st_size > 1000
    assert "01_loss_gradient" in capsys.readouterr().out  # the summary table

    # feedback: one file per submission, hidden failures explained without any test code
    carol = (out / "feedback" / "carol" / "01_loss_gradient_submission.zip.md").read_text()
    assert "hidden test" in carol and "exactly half the expected gradient" in carol
    for path in (out / "feedback").rglob("*.md"):
        text = path.read_text()
        for secret in SECRETS:
            assert secret not in text, (path, secret)
    assert len(list((out / "feedback").rglob("*.md"))) == len(files)


def test_rerun_skips_graded_files_unless_regrade(class_folder, tmp_path, capsys):
    root, files = class_folder
    out = tmp_path / "out"
    sub = tmp_path / "subs"
    sub.mkdir()
    for rel in ("alice/attempt_1/01_loss_gradient.ipynb", "erin/01_loss_gradient.ipynb", "grace/notes.txt"):
        (sub / rel).parent.mkdir(parents=True, exist_ok=True)
        (sub / rel).write_bytes((root / rel).read_bytes())
    grade_folder(sub, out, workers=1, figure=False)
    capsys.readouterr()
    first = read_rows(out)

    # a new file appears and one changes: only those two are graded again
    def distinct(text):
        nb = make_submission(A)
        nb.cells.append(nbformat.v4.new_markdown_cell(text))  # content not seen before
        return nbformat.writes(nb).encode()

    (sub / "new_student").mkdir()
    (sub / "new_student" / "01_loss_gradient.ipynb").write_bytes(distinct("new"))
    (sub / "erin" / "01_loss_gradient.ipynb").write_bytes(distinct("erin finished it"))
    grade_folder(sub, out, workers=1, figure=False)
    err = capsys.readouterr().err
    assert err.count("(saved result)") == 2, err
    rows = read_rows(out)
    assert rows["erin/01_loss_gradient.ipynb"]["score"] == "12" != first["erin/01_loss_gradient.ipynb"]["score"]
    assert rows["new_student/01_loss_gradient.ipynb"]["score"] == "12"

    grade_folder(sub, out, workers=1, regrade=True, figure=False)
    assert "(saved result)" not in capsys.readouterr().err


def test_cli_grade_verb(tmp_path):
    sub, out = tmp_path / "subs", tmp_path / "out"
    (sub / "zoe").mkdir(parents=True)
    (sub / "zoe" / "01_loss_gradient.ipynb").write_bytes(nbformat.writes(make_submission(A)).encode())
    (sub / "junk.bin").write_bytes(b"\x00\x01")
    proc = subprocess.run([sys.executable, "-m", "coursekit", "grade", str(sub), "--out", str(out), "--workers", "2",
                           "--call-timeout", "2", "--submission-timeout", "30", "--memory-mb", "512"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "[2/2]" in proc.stderr
    rows = read_rows(out)
    assert rows["zoe/01_loss_gradient.ipynb"]["score"] == "12"
    assert rows["junk.bin"]["status"].startswith("not a notebook")


def test_python_api(tmp_path):
    path = tmp_path / "Copy of 01_loss_gradient.ipynb"
    nbformat.write(make_submission(A, {"mse_gradient": WRONG_GRADIENT}), path)
    result = grade_notebook_file(path, call_timeout=2)
    assert (result.assignment, result.status, result.score, result.max_score) == (A, "ok", 6, 12)
    assert result.questions == {"mse_gradient": QuestionScore(1, 7), "mse_loss": QuestionScore(5, 5)}
    record = result.tests[0]
    assert (record.question, record.name, record.hidden) == ("mse_gradient", "test_mse_gradient_example", False)
    failed_hidden = [t for t in result.tests if t.hidden and not t.passed]
    assert failed_hidden and all("factor 2" in t.message for t in failed_hidden)
    assert "hidden.run" not in json.dumps(result.to_dict())
    assert GradeResult.from_dict(json.loads(json.dumps(result.to_dict()))) == result  # the one JSON form


@pytest.mark.parametrize("submission, student", [
    ("alice/01_loss_gradient.ipynb", "alice"),
    ("alice/sub/dir/x.ipynb", "alice"),
    ("smith_john_01_loss_gradient.ipynb", "smith_john"),
    ("Copy of 01_loss_gradient (1).ipynb", "Copy of 01_loss_gradient (1)"),  # nothing left: the file name
    ("bob_01_loss_gradient_submission.zip", "bob"),
])
def test_student_names(submission, student):
    assert student_name(submission, [A]) == student


def test_in_place_modification_is_seen_by_the_tests(tmp_path):
    """The child's arguments come back after each call and are copied into the grader's arrays, so a
    function that modifies its input fails the hidden "unchanged" test, as it does under otter."""
    source = ("def mse_gradient(predictions, targets):\n"
              "    predictions -= targets\n"
              "    return 2 * predictions / predictions.size\n")
    path = tmp_path / "01_loss_gradient.ipynb"
    nbformat.write(make_submission(A, {"mse_gradient": source}), path)
    result = grade_notebook_file(path)
    by_name = {t.name: t for t in result.tests}
    assert not by_name["test_mse_gradient_hidden_unchanged"].passed
    assert "changed its argument predictions" in by_name["test_mse_gradient_hidden_unchanged"].message
    assert by_name["test_mse_gradient_hidden_values"].passed  # it copies before the call: values are right
