"""Colab, simulated: a student notebook opened alone, run through setup, checks and submission.

Colab cannot be reached from here, so the test reproduces what the notebook sees there: only the
notebook in the working folder (no tests/, no bpcheck/), otter-grader already importable, google.colab
importable (our stand-in, tests/colab/fake_colab), and an IPython shell whose class lives in
google.colab, which is how otter detects Colab. The file the submission cell downloads must then
grade full marks.
"""

import json
import os
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from coursekit.sample_submissions import make_submission
from tests.student_grading import assert_full_marks

FAKE_COLAB = Path(__file__).parent / "fake_colab"

BECOME_COLAB = """\
import google.colab
_ip = get_ipython()
_ip.__class__ = type("Shell", (type(_ip),), {"__module__": "google.colab._shell"})
assert "google.colab" in str(_ip)
"""


def test_colab_run_check_submit(assignment, tmp_path, monkeypatch):
    content, downloads = tmp_path / "content", tmp_path / "downloads"
    content.mkdir()
    downloads.mkdir()
    live = tmp_path / "live.ipynb"  # the student notebook with every answer filled in, as the browser holds it
    nbformat.write(make_submission(assignment), live)
    monkeypatch.setenv("PYTHONPATH", f"{FAKE_COLAB}{os.pathsep}{os.environ.get('PYTHONPATH', '')}")
    monkeypatch.setenv("FAKE_COLAB_NOTEBOOK", str(live))
    monkeypatch.setenv("FAKE_COLAB_DOWNLOADS", str(downloads))
    run = nbformat.read(live, as_version=4)
    run.cells.insert(0, nbformat.v4.new_code_cell(BECOME_COLAB))
    # content/ stays empty, as in Colab: the setup cell must supply tests/ and bpcheck/ itself.
    NotebookClient(run, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(content)}}).execute()

    assert (content / "tests").is_dir() and (content / "bpcheck" / "compare.py").is_file()
    assert not (content / "bpcheck" / "hidden.py").exists()
    checks = [c for c in run.cells if c.cell_type == "code" and c.source.startswith("grader.check(")]
    assert checks, "no grader.check cells ran"
    for cell in checks:
        shown = json.dumps(cell.outputs)
        assert "passed" in shown and "failed" not in shown.lower(), f"{cell.source}: {shown[:500]}"

    downloaded = downloads / f"{assignment}_submission.ipynb"
    assert downloaded.is_file(), f"the submission cell downloaded nothing: {list(downloads.iterdir())}"
    assert_full_marks(downloaded, assignment)
