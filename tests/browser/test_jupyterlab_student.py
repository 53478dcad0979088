"""A student in JupyterLab, in a real browser (headless Chromium driven by Playwright; coursekit/browser.py).

For every student notebook: open it, click the `raise NotImplementedError` line of a stub, select it and
type a correct answer with the keyboard (the notebook's other stubs are filled in the file beforehand),
Run > Run All Cells from the menu, never save. Run All ends with the submit cell, which must save the
notebook itself: the zip it writes must hold the typed answer, the notebook under its own name only, and
grade full marks with the project's grader. And a failing grader.check must show its message in the page.
One JupyterLab server and one browser serve all notebooks. Skipped, with one line, where no Chromium is installed.
"""

import json
import time
import zipfile

import nbformat
import pytest

from coursekit.browser import Lab, chromium, chromium_path, jupyterlab, show_mistake, typed_answer
from coursekit.sample_submissions import make_submission, solution_sources, student_notebook
from tests.conftest import ASSIGNMENTS
from tests.student_grading import assert_full_marks

pytestmark = pytest.mark.skipif(chromium_path() is None, reason="no Chromium here (apt-get install chromium)")


def _squash(text):
    return "".join(text.split())


def _to_type(assignment):
    """(function, the body a student types): the stub with the shortest answer."""
    sources = solution_sources(assignment)
    return min(((name, typed_answer(src)) for name, src in sources.items()), key=lambda t: t[1].count("\n"))


@pytest.fixture(scope="module")
def lab_server(tmp_path_factory):
    root = tmp_path_factory.mktemp("jupyterlab-root")
    for assignment in ASSIGNMENTS:
        (root / assignment).mkdir()
        name, _ = _to_type(assignment)
        others = {n: s for n, s in solution_sources(assignment).items() if n != name}
        nbformat.write(make_submission(assignment, answers=others, solved=False), root / assignment / f"{assignment}.ipynb")
    (root / "mistake").mkdir()
    nbformat.write(student_notebook(ASSIGNMENTS[0]), root / "mistake" / f"{ASSIGNMENTS[0]}.ipynb")
    with jupyterlab(root) as (base, token), chromium() as context:
        yield root, base, token, context


@pytest.fixture
def lab(lab_server):
    root, base, token, context = lab_server
    page = context.new_page()
    lab = Lab(page, base, token)
    yield lab, root
    lab.close_all()
    page.close()


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_typed_answer_submitted_without_saving(lab, assignment, tmp_path):
    lab, root = lab
    folder = root / assignment
    name, body = _to_type(assignment)
    lab.open(f"{assignment}/{assignment}.ipynb")
    lab.replace_line(f'raise NotImplementedError("{name}:', body)
    lab.menu("Run", "Run All Cells")
    lab.wait_idle()
    shown = lab.page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output").all_text_contents()
    assert not [t for t in shown if "Traceback" in t or "Error:" in t], [t[:300] for t in shown if "Error" in t]
    assert any("Saved the notebook and packed" in t for t in shown), shown[-3:]

    zipped = folder / f"{assignment}_submission.zip"
    deadline = time.monotonic() + 10
    while not zipped.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert zipped.is_file(), "the submit cell wrote no zip"
    with zipfile.ZipFile(zipped) as z:
        notebooks = [n for n in z.namelist() if n.endswith(".ipynb")]
        assert notebooks == [f"{assignment}.ipynb"], z.namelist()  # its own name, no folder from the disk
        submitted = json.loads(z.read(notebooks[0]))
    cells = ["".join(c["source"]) for c in submitted["cells"] if c["cell_type"] == "code"]
    answer = next(c for c in cells if f"def {name}(" in c)
    assert _squash(body) in _squash(answer) and "NotImplementedError" not in answer, answer
    assert_full_marks(zipped, assignment)


def test_failing_check_shows_its_message(lab):
    lab, root = lab
    assignment = ASSIGNMENTS[0]
    check = show_mistake(lab, f"mistake/{assignment}.ipynb")
    output = check.locator(".jp-OutputArea-output").first.text_content()
    assert "mse_gradient" in output and "factor 2" in output, output
