"""The class report and the Canvas import, end to end: a fake Canvas bulk download made from the demo class
(a late submission, a resubmission, a student missing from the roster, one with no submission) graded as
`make grade` grades it; the import file checked cell by cell, the report's counts against the results, and
the report page opened in Chromium."""

import csv
import json
import shutil
from pathlib import Path

import nbformat
import pytest

from coursekit.demo import mistaken_submission
from coursekit.grade import grade_folder
from coursekit.grade.report import class_stats
from coursekit.grader.result import UNRECOGNISED
from coursekit.sample_submissions import make_submission, student_notebook

A = "01_loss_gradient"
CHROMIUM = Path("/usr/bin/chromium")
ROSTER = ("Student,ID,SIS User ID,SIS Login ID,Section,01_loss_gradient (2000),Final Score\n"
          "    Points Possible,,,,,12,\n"
          '"Lovelace, Ada",1001,S1001,ada,Mon,,\n'
          '"Franklin, Ben",1002,S1002,ben,Mon,,\n'
          '"Young, Cy",1003,S1003,cy,Tue,,\n'
          '"Noether, Eve",1005,S1005,eve,Tue,,\n'
          '"Wray, Fay",1006,S1006,fay,Tue,,\n')


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("canvas")
    download, out = root / "download", root / "out"
    download.mkdir()
    files = {
        "lovelaceada_1001_5001_01_loss_gradient_submission.ipynb": make_submission(A),
        "franklinben_late_1002_5002_01_loss_gradient.ipynb": student_notebook(A),              # late, the stub
        "youngcy_1003_5003_01_loss_gradient.ipynb": make_submission(A),                         # replaced by 5010
        "youngcy_1003_5010_01_loss_gradient-1.ipynb": mistaken_submission(A, "grad_rows"),      # the resubmission
        "deejohn_1004_5004_Copy of 01_loss_gradient.ipynb": mistaken_submission(A, "grad_no_factor2"),  # no roster
    }
    for name, nb in files.items():
        nbformat.write(nb, download / name)
    (download / "noethereve_1005_5005_notes.txt").write_text("I could not open it\n")   # does not grade
    roster = root / "canvas.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    rows = grade_folder(download, out, workers=2, roster=roster, by_student=True, quiet=True)
    return rows, out


def test_canvas_import_cell_by_cell(graded):
    _, out = graded
    with open(out / "canvas_import.csv", newline="", encoding="utf-8") as f:
        table = list(csv.reader(f))
    assert table == [
        ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "01_loss_gradient (2000)"],
        ["    Points Possible", "", "", "", "", "12"],
        ["Lovelace, Ada", "1001", "S1001", "ada", "Mon", "12"],
        ["Franklin, Ben", "1002", "S1002", "ben", "Mon", "0"],      # late still counts; the stub scores 0
        ["Young, Cy", "1003", "S1003", "cy", "Tue", "7"],            # the resubmission (5010), not 5003's 12
        ["Noether, Eve", "1005", "S1005", "eve", "Tue", ""],         # a file that is not a notebook: no grade
        ["Wray, Fay", "1006", "S1006", "fay", "Tue", ""],            # no submission: empty, not 0
        ["deejohn (not in the roster)", "1004", "", "", "", "6"],    # listed, never dropped
    ]


def test_report_counts_equal_the_failed_tests(graded):
    rows, out = graded
    stats = class_stats(rows, A)
    assert sorted(r.student for r in stats.graded) == ["deejohn", "franklinben", "lovelaceada", "youngcy"]
    assert [r.submission for r in stats.superseded] == ["youngcy_1003_5003_01_loss_gradient.ipynb"]
    kept = {r.submission for r in stats.graded}
    saved = {}
    for path in (out / "results").glob("*.json"):
        for r in json.loads(path.read_text())["results"]:
            saved[r["notebook"]] = r
    for q in stats.questions:
        expected = {}
        for r in rows:
            if r.submission not in kept:
                continue
            for t in r.tests:
                if t.question == q.question and not t.passed:
                    expected.setdefault(t.mistake or UNRECOGNISED, []).append(r.student)
        assert {m.mistake: m.failed_tests for m in q.mistakes} == {k: len(v) for k, v in expected.items()}
        assert {m.mistake: m.students for m in q.mistakes} == {k: sorted(set(v)) for k, v in expected.items()}
        assert q.full + q.partial + q.zero == len(stats.graded)
    # every failed test carries an id in the saved results too
    assert all(t["mistake"] for r in saved.values() for t in r["tests"] if not t["passed"])
    grad = next(q for q in stats.questions if q.question == "mse_gradient")
    ids = [m.mistake for m in grad.mistakes]
    assert "exactly-half-the-expected-gradient" in ids and "it-divides-by-the-number-of-rows" in ids
    assert "not-implemented" in ids
    md = (out / "report.md").read_text()
    assert "noethereve_1005_5005_notes.txt" in md          # the file that did not grade has its row
    assert "### By student" in md and (out / "by_student.csv").is_file()
    for name in ("Lovelace", "lovelaceada", "youngcy", "deejohn"):   # code examples are anonymised
        assert name not in md.split("### By student")[0].split("### Common mistakes")[1]


def test_report_page_opens_in_chromium_without_console_errors(graded, tmp_path):
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium on this machine")
    playwright = pytest.importorskip("playwright.sync_api")
    _, out = graded
    page_path = out / "report.html"
    text = page_path.read_text()
    assert "<script" not in text and 'src="http' not in text and "data:image/png;base64," in text
    errors = []
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        try:
            page = browser.new_page()
            page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
            page.on("pageerror", lambda exc: errors.append(str(exc)))
            page.on("requestfailed", lambda req: errors.append(f"request failed: {req.url}"))
            page.goto(page_path.as_uri())
            page.wait_for_load_state("load")
            images = page.eval_on_selector_all("img", "els => els.map(e => e.naturalWidth)")
            shot = tmp_path / "report.png"
            page.screenshot(path=str(shot), full_page=True)
        finally:
            browser.close()
    assert errors == []
    assert len(images) == 2 and all(w > 100 for w in images)   # both figures decoded
    keep = Path(__file__).resolve().parents[2] / "demo_class"
    if keep.is_dir():   # for a look by hand (demo_class/ is not committed)
        shutil.copy(shot, keep / "report_screenshot.png")
