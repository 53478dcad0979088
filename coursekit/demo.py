"""The demo class: sample submissions for every notebook, graded the way an instructor grades a class.

`make` runs this after regenerating everything: it writes demo_class/submissions/<student>/<file> (an
LMS-style bulk download) and grades that folder into demo_class/grades with the project's grader, which
prints the scores table. The students:

    ada   every notebook solved, handed in as the Colab download (<name>_submission.ipynb)
    ben   every notebook untouched (the stubs): scores 0
    cy    one classic mistake per notebook
    dee   another classic mistake per notebook, in a renamed file ("Copy of <name>.ipynb")
    eve   a stray file that is not a notebook: it gets a row too
    fay   in the roster, handed in nothing: an empty cell in the Canvas import

It also writes a Canvas gradebook export of the class (demo_class/canvas_roster.csv) and passes it as the
roster, so the grades folder holds canvas_import.csv beside grades.csv, report.md and report.html; the
report's short form is printed at the end.
"""

import shutil
from pathlib import Path

import nbformat

from .catches import CATALOGUE
from .config import ROOT, masters
from .master_format import defined_functions
from .sample_submissions import make_submission, student_notebook

MISTAKES = CATALOGUE / "mistakes"
OUT = ROOT / "demo_class"

# Per notebook: (cy's mistake, dee's mistake), files of the mistake catalogue.
CLASSIC_MISTAKES = {
    "01_loss_gradient": ("grad_rows", "grad_no_factor2"),
    "02_relu_backward": ("grad_ge_zero", "relu_inplace"),
    "03_layer_backward": ("dweights_transposed", "skip_relu_derivative"),
    "04_backward_pass": ("backward_W2_T", "update_inplace"),
}


def mistaken_submission(assignment, mistake):
    """The solved notebook with the answer cells a catalogue file defines replaced by its code."""
    source = (MISTAKES / assignment / f"{mistake}.py").read_text()
    return make_submission(assignment, {name: source for name in defined_functions(source)})


def write_demo_class(folder: Path):
    shutil.rmtree(folder, ignore_errors=True)
    for master in masters():
        name = master.stem
        cy, dee = CLASSIC_MISTAKES.get(name, (None, None))
        files = {
            f"ada/{name}_submission.ipynb": make_submission(name),
            f"ben/{name}.ipynb": student_notebook(name),
        }
        if cy:
            files[f"cy/{name}.ipynb"] = mistaken_submission(name, cy)
        if dee:
            files[f"dee/Copy of {name}.ipynb"] = mistaken_submission(name, dee)
        for rel, nb in files.items():
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, folder / rel)
    (folder / "eve").mkdir(parents=True, exist_ok=True)
    (folder / "eve" / "notes.txt").write_text("I could not get the notebook to open, sorry!\n")


# The demo class as Canvas's gradebook export lists it (fay has handed in nothing).
ROSTER = [("Lovelace, Ada", "1001", "ada"), ("Franklin, Ben", "1002", "ben"), ("Young, Cy", "1003", "cy"),
          ("Dee, John", "1004", "dee"), ("Noether, Eve", "1005", "eve"), ("Wray, Fay", "1006", "fay")]


def write_demo_roster(path: Path, assignments):
    """A Canvas gradebook export (CSV) of the demo class, with one (empty) column per assignment."""
    import csv

    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        columns = [f"{a} ({2000 + i})" for i, a in enumerate(assignments)]
        writer.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *columns])
        writer.writerow(["    Points Possible", "", "", "", "", *[""] * len(columns)])
        for name, uid, login in ROSTER:
            writer.writerow([name, uid, f"S{uid}", login, "Demo section", *[""] * len(columns)])
    return path


def run_demo(out_root: Path = OUT, workers=None):
    from .grade import grade_folder
    from .grade.report import class_stats, short_report, unattributed

    submissions, grades = out_root / "submissions", out_root / "grades"
    write_demo_class(submissions)
    roster = write_demo_roster(out_root / "canvas_roster.csv", [m.stem for m in masters()])
    print(f"Grading the demo class in {submissions.relative_to(ROOT)} -> {grades.relative_to(ROOT)}")
    rows = grade_folder(submissions, grades, workers=workers, regrade=True, roster=roster, by_student=True)
    print()
    print(scores_table(rows))
    print()
    print(f"What the class got wrong (in full: {(grades / 'report.html').relative_to(ROOT)}; mistake ids "
          "x students, per question, worst first):")
    assignments = sorted({r.assignment for r in rows if r.assignment})
    print(short_report([class_stats(rows, a) for a in assignments], unattributed(rows)))
    return rows


def scores_table(rows):
    """Student by notebook: score / max for every graded notebook, the status for anything else."""
    notebooks = sorted({r.assignment for r in rows if r.assignment})
    students = sorted({r.student for r in rows})
    cell = {}
    for r in rows:
        text = f"{r.score:g} / {r.max_score:g}" if r.assignment else r.reason
        cell[(r.student, r.assignment or notebooks[0])] = text
    width = max(len(n) for n in notebooks)
    lines = ["student  " + "  ".join(n.ljust(width) for n in notebooks)]
    for student in students:
        lines.append(f"{student:<8} " + "  ".join(cell.get((student, n), "-").ljust(width) for n in notebooks))
    lines.append("")
    for who, index in (("cy", 0), ("dee", 1)):
        for notebook, pair in CLASSIC_MISTAKES.items():
            doc = (MISTAKES / notebook / f"{pair[index]}.py").read_text().split('"""')[1].strip()
            lines.append(f"{who:<4} {notebook}: {doc.splitlines()[0]}")
    return "\n".join(lines)
