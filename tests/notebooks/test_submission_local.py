"""The submission cell in local Jupyter: it writes a file the grader accepts, with the notebook under its own
name only, and it writes nothing (and says what to do) when the saved notebook does not hold the code that
was run and cannot be saved from the kernel (no front end here: submitting it would lose work)."""

import zipfile

import nbformat
from nbclient import NotebookClient

from coursekit.sample_submissions import make_submission, student_notebook
from tests.student_grading import assert_full_marks

ASSIGNMENT = "01_loss_gradient"


def _run_all(nb, folder):
    """Run every cell, the submission cell included, as a student's Run All would in folder."""
    NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(folder)}}).execute()
    return "".join(o.get("text", "") for c in nb.cells if "submit(" in c.source for o in c.outputs)


def test_local_submission_grades_full_marks(tmp_path, monkeypatch):
    nb = make_submission(ASSIGNMENT)
    nbformat.write(nb, tmp_path / f"{ASSIGNMENT}.ipynb")  # the saved file matches what runs
    # Jupyter Server names the notebook by its full path on the student's disk: the zip must not carry it
    monkeypatch.setenv("JPY_SESSION_NAME", str(tmp_path / f"{ASSIGNMENT}.ipynb"))
    printed = _run_all(nb, tmp_path)
    assert "it holds the code you ran" in printed and "NOT SUBMITTED" not in printed
    zipped = tmp_path / f"{ASSIGNMENT}_submission.zip"
    with zipfile.ZipFile(zipped) as z:
        notebooks = [n for n in z.namelist() if n.endswith(".ipynb")]
    assert notebooks == [f"{ASSIGNMENT}.ipynb"], notebooks  # its own name, no folder from the disk
    assert_full_marks(zipped, ASSIGNMENT)


def test_unsaved_work_is_flagged(tmp_path):
    nbformat.write(student_notebook(ASSIGNMENT), tmp_path / f"{ASSIGNMENT}.ipynb")  # saved before any work
    printed = _run_all(make_submission(ASSIGNMENT), tmp_path)  # but the answers were filled in and run
    assert "NOT SUBMITTED" in printed and "mse_loss" in printed and "mse_gradient" in printed
    assert "Ctrl+S" in printed
    assert not list(tmp_path.glob("*_submission.*")), "a zip of the stale file was written"
