"""The nbgrader version of the course, end to end with nbgrader's own commands, scored like otter scores it.

One module-scoped cycle, in a temporary folder:
  1. `python -m coursekit nbgrader`'s build_course writes the course from source/;
  2. `nbgrader generate_assignment` releases every assignment (sqlite gradebook, nbgrader's default);
  3. submissions built from the release notebooks (solution cells filled in) go to submitted/<student>/<a>/:
     the solution, the untouched student version, and a few mistaken ones (from source/catalogue/mistakes/
     when that corpus has them, else a mechanical mutation of the solution);
  4. `nbgrader autograde`, `nbgrader generate_feedback`, `nbgrader export`;
  5. meanwhile the same answers, put into otter's student notebook, go through `otter run` on an
     autograder zip made by `otter assign` from the same master (so the two never drift apart).
The tests then check the release and feedback for leaks, full marks and zero, grades.csv, and that nbgrader's
per-question scores equal otter's. The table and the cycle time are printed (pytest -s) and written to
<tmp>/nbgrader_cycle_report.txt (also to $NBGRADER_CYCLE_REPORT when set).

NBGRADER_CYCLE_MISTAKES (default 1) sets the number of mistaken submissions per notebook.
"""

import ast
import csv
import html
import json
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest

from coursekit.config import ROOT, SOURCE, masters
from coursekit.generate import otter_assign
from coursekit.generate.public_cases import stage_master
from coursekit.to_nbgrader import build_course

MISTAKES_PER_NOTEBOOK = int(os.environ.get("NBGRADER_CYCLE_MISTAKES", "1"))  # six parts: one each keeps it fast
MISTAKES_DIR = ROOT / "source" / "catalogue" / "mistakes"
PREFERRED_MISTAKES = ("grad_no_factor2", "grad_ge_zero")  # the classic ones, when the corpus has them
# Used when the corpus has nothing for a notebook: (pattern, replacement) on a solution, first that applies.
MUTATIONS = [(r"\b2 \* ", ""), (r" > 0\b", " >= 0"), (r"\.T\b", ""), (r"np\.mean\(", "np.sum("),
             (r"axis=0", "axis=1"), (r" - ", " + ")]
SOLUTION_MARKER = re.compile(r"^[ \t]*# (BEGIN|END) SOLUTION.*\n?", flags=re.M)
SOLUTION_REGION = re.compile(r"^[ \t]*# BEGIN SOLUTION.*?\n(.*?)^[ \t]*# END SOLUTION", flags=re.M | re.S)
HIDDEN_REGION = re.compile(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", flags=re.S)
OTTER_ANSWER_TAG = "otter_answer_cell"
ASSIGNMENTS = [m.stem for m in masters()]


def env():
    e = dict(os.environ)
    e["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{e.get('PATH', '')}"  # nbgrader needs alembic on PATH
    e.setdefault("MPLBACKEND", "Agg")
    return e


def run(cmd, cwd, timeout=900):
    proc = subprocess.run(cmd, cwd=cwd, env=env(), capture_output=True, text=True, timeout=timeout)
    if proc.returncode != 0:
        raise AssertionError(f"{' '.join(map(str, cmd))} failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n"
                             f"{proc.stderr[-5000:]}")
    return proc


def nbgrader(course, *args):
    return run([sys.executable, "-m", "nbgrader", *args], cwd=course)


# --- answers ---------------------------------------------------------------------------------------
def solution_cells(nb):
    """{grade_id: cell} of the nbgrader solution cells (grade_id = the graded function's name)."""
    return {c.metadata["nbgrader"]["grade_id"]: c for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("solution")}


def solution_answers(source_nb):
    return {name: SOLUTION_MARKER.sub("", cell.source) for name, cell in solution_cells(source_nb).items()}


def corpus_mistake(path, functions):
    """{function: source} for a mistake file of source/catalogue/mistakes (module docstring and CLASS dropped)."""
    text = path.read_text()
    tree = ast.parse(text)
    body = [n for n in tree.body
            if not (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant) and isinstance(n.value.value, str))
            and not (isinstance(n, ast.Assign) and [getattr(t, "id", None) for t in n.targets] == ["CLASS"])]
    defined = [n.name for n in body if isinstance(n, ast.FunctionDef) and n.name in functions]
    if not defined:
        return None
    code = "\n\n".join(ast.get_source_segment(text, n) for n in body)
    answers = {defined[0]: code}  # the first graded function's cell also gets any helpers of the file
    for node in body:
        if isinstance(node, ast.FunctionDef) and node.name in defined[1:]:
            answers[node.name] = ast.get_source_segment(text, node)
    return answers


def pick_mistakes(assignment, solutions, k):
    """[(label, {function: wrong source})], k of them, spread over the graded functions."""
    files = sorted((MISTAKES_DIR / assignment).glob("*.py")) if (MISTAKES_DIR / assignment).is_dir() else []
    candidates = [(p.stem, corpus_mistake(p, solutions)) for p in files]
    candidates = [(label, answers) for label, answers in candidates if answers]
    if candidates:
        preferred = [c for c in candidates if c[0] in PREFERRED_MISTAKES]
        by_function = {}
        for label, answers in candidates:
            by_function.setdefault(next(iter(answers)), []).append((label, answers))
        order = [f for f in solutions if f in by_function]
        round_robin = [group[i] for i in range(max(map(len, by_function.values())))
                       for group in (by_function[f] for f in order) if i < len(group)]
        picked = preferred + [c for c in round_robin if c not in preferred]
        return picked[:k]
    picked = []
    for name, source in solutions.items():  # no corpus: mutate the solutions mechanically
        for pattern, replacement in MUTATIONS:
            mutated = re.sub(pattern, replacement, source, count=1)
            if mutated != source:
                picked.append((f"{name}: {pattern} -> {replacement!r}", {name: mutated}))
                break
    return picked[:k]


def submissions_for(assignment, source_nb):
    """[(student_id, label, answers or None)]: None is the untouched student version."""
    solutions = solution_answers(source_nb)
    subs = [("solution", "solution", solutions), ("untouched", "untouched student version", None)]
    for i, (label, wrong) in enumerate(pick_mistakes(assignment, solutions, MISTAKES_PER_NOTEBOOK), 1):
        subs.append((f"mistake{i}", label, {**solutions, **wrong}))
    return subs


def nbgrader_submission(release_nb, answers):
    nb = nbformat.from_dict(json.loads(json.dumps(release_nb)))
    if answers:
        for name, cell in solution_cells(nb).items():
            cell.source = answers[name]
    return nb


def otter_submission(student_nb, answers):
    nb = nbformat.from_dict(json.loads(json.dumps(student_nb)))
    if answers:
        for cell in nb.cells:
            if OTTER_ANSWER_TAG in cell.metadata.get("tags", []):
                names = [n.name for n in ast.parse(cell.source).body if isinstance(n, ast.FunctionDef)]
                cell.source = answers[names[0]]
    return nb


# --- otter side ------------------------------------------------------------------------------------
# `otter run -a ZIP -o OUT SUBMISSION` is otter.run.main(SUBMISSION, autograder=ZIP, output_dir=OUT): one
# process per notebook calls it for each submission, so otter's 3-second import is paid once, not per run.
OTTER_RUN_LOOP = """
import json, sys
import otter.run
for submission, autograder, out in json.loads(sys.argv[1]):
    otter.run.main(submission, autograder=autograder, output_dir=out, no_logo=True)
"""


def otter_run_all(jobs):
    """jobs: [(submission, autograder zip, output dir)]; returns [{question: score}] from each results.json."""
    for _, _, out in jobs:
        Path(out).mkdir(parents=True)
    proc = subprocess.run([sys.executable, "-c", OTTER_RUN_LOOP, json.dumps([[str(x) for x in j] for j in jobs])],
                          env=env(), capture_output=True, text=True, timeout=900)
    scores = []
    for submission, _, out in jobs:
        results = Path(out) / "results.json"
        assert results.exists(), f"otter run left no results for {submission}:\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}"
        tests = json.loads(results.read_text())["tests"]
        scores.append({t["name"]: float(t["score"]) for t in tests if "max_score" in t})
    return scores


def otter_side(assignment, master, workdir, subs):
    """Build otter's student notebook and autograder zip from the master, then `otter run` each submission."""
    dist = workdir / "dist"
    otter_assign(stage_master(master, workdir / "staged"), dist)  # public cases written out, as the build does
    student_nb = nbformat.read(dist / "student" / f"{assignment}.ipynb", as_version=4)
    (zip_path,) = (dist / "autograder").glob("*-autograder_*.zip")
    jobs = []
    for student, _, answers in subs:
        path = workdir / "submissions" / student / f"{assignment}.ipynb"
        path.parent.mkdir(parents=True)
        nbformat.write(otter_submission(student_nb, answers), path)
        jobs.append((path, zip_path, workdir / "results" / student))
    return dict(zip([s for s, _, _ in subs], otter_run_all(jobs)))


# --- nbgrader side ---------------------------------------------------------------------------------
def nbgrader_scores(course, assignment, student, questions):
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        return {q: sum(gb.find_grade(grade_id, assignment, assignment, student).score for grade_id in cells)
                for q, cells in questions.items()}


def visible_text(html_text):
    """What a reader sees in an HTML page: tags (syntax highlighting included) removed, entities decoded."""
    text = re.sub(r"<style.*?</style>|<script.*?</script>", "", html_text, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def private_snippets():
    """Lines of the private modules distinctive enough to betray them if they showed up anywhere."""
    snippets = []
    for path in sorted((SOURCE / "bpcheck").glob("*.py")):
        if path.name in ("reference.py", "hidden.py"):
            snippets += [line.strip() for line in path.read_text().splitlines()
                         if line.strip().startswith(("def ", "return ")) and len(line.strip()) > 25]
    return snippets


def timed(fn, *args):
    """fn(*args) and the time it finished."""
    result = fn(*args)
    return result, time.perf_counter()


@pytest.fixture(scope="module")
def cycle(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("nbgrader_cycle")
    course = tmp / "course"
    times, t0 = {}, time.perf_counter()
    converted = build_course(course, log=lambda *a: None)
    times["build course"] = time.perf_counter() - t0
    t_otter = time.perf_counter()

    plan, otter_jobs = {}, {}
    pool = ThreadPoolExecutor(max_workers=2)  # otter's side runs meanwhile, two notebooks at a time
    for assignment in ASSIGNMENTS:
        source_nb = nbformat.read(course / "source" / assignment / f"{assignment}.ipynb", as_version=4)
        plan[assignment] = submissions_for(assignment, source_nb)
        otter_jobs[assignment] = pool.submit(timed, otter_side, assignment, SOURCE / f"{assignment}.ipynb",
                                             tmp / "otter" / assignment, plan[assignment])

    t = time.perf_counter()
    nbgrader(course, "generate_assignment", "*", "--force")
    times["generate_assignment"] = time.perf_counter() - t
    for assignment in ASSIGNMENTS:
        release_nb = nbformat.read(course / "release" / assignment / f"{assignment}.ipynb", as_version=4)
        for student, _, answers in plan[assignment]:
            path = course / "submitted" / student / assignment / f"{assignment}.ipynb"
            path.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(nbgrader_submission(release_nb, answers), path)

    t = time.perf_counter()
    nbgrader(course, "autograde", "*", "--force")
    times["autograde"] = time.perf_counter() - t
    t = time.perf_counter()
    nbgrader(course, "generate_feedback", "*", "--force")
    times["generate_feedback"] = time.perf_counter() - t
    t = time.perf_counter()
    nbgrader(course, "export")
    times["export"] = time.perf_counter() - t

    nb_scores = {a: {s: nbgrader_scores(course, a, s, converted[a].questions) for s, _, _ in plan[a]}
                 for a in ASSIGNMENTS}
    ot_scores = {a: job.result()[0] for a, job in otter_jobs.items()}
    pool.shutdown()
    times["otter assign + otter run, all done (alongside nbgrader)"] = max(
        job.result()[1] for job in otter_jobs.values()) - t_otter
    times["cycle"] = time.perf_counter() - t0

    report = format_report(plan, converted, ot_scores, nb_scores, times)
    print("\n" + report)
    (tmp / "nbgrader_cycle_report.txt").write_text(report)
    if os.environ.get("NBGRADER_CYCLE_REPORT"):
        Path(os.environ["NBGRADER_CYCLE_REPORT"]).write_text(report)
    return dict(course=course, converted=converted, plan=plan, otter=ot_scores, nbgrader=nb_scores,
                times=times, report=report, tmp=tmp)


def format_report(plan, converted, ot_scores, nb_scores, times):
    rows = [("assignment", "submission", "question", "max", "otter", "nbgrader", "")]
    for a in ASSIGNMENTS:
        for student, label, _ in plan[a]:
            for q, cells in converted[a].questions.items():
                o, n = ot_scores[a][student].get(q), nb_scores[a][student][q]
                rows.append((a, label, q, f"{sum(cells.values()):g}", f"{o:g}" if o is not None else "-", f"{n:g}",
                             "" if o is not None and abs(o - n) < 1e-9 else "DIFFERENT"))
            o_tot = sum(ot_scores[a][student].values())
            n_tot = sum(nb_scores[a][student].values())
            rows.append((a, label, "TOTAL", f"{converted[a].total_points:g}", f"{o_tot:g}", f"{n_tot:g}",
                         "" if abs(o_tot - n_tot) < 1e-9 else "DIFFERENT"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["otter run versus nbgrader autograde, per question"]
    lines += ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in rows]
    lines.append("")
    lines += [f"{name}: {seconds:.1f} s" for name, seconds in times.items()]
    return "\n".join(lines)


# --- the checks ------------------------------------------------------------------------------------
def test_release_has_no_solutions_and_no_hidden_tests(cycle):
    course = cycle["course"]
    for a in ASSIGNMENTS:
        source_nb = nbformat.read(course / "source" / a / f"{a}.ipynb", as_version=4)
        released = (course / "release" / a / f"{a}.ipynb").read_text()
        release_nb = nbformat.reads(released, as_version=4)
        # solution code: lines of the solution regions that appear nowhere else in the source notebook
        regions = [m for c in source_nb.cells for m in SOLUTION_REGION.findall(c.source)]
        elsewhere = "\n".join(SOLUTION_REGION.sub("", c.source) for c in source_nb.cells)
        secret = {ln.strip() for r in regions for ln in r.splitlines() if ln.strip() and ln.strip() not in elsewhere}
        release_code = "\n".join(c.source for c in release_nb.cells)
        assert secret, f"{a}: no solution code found in the source notebook"
        assert not [ln for ln in secret if ln in release_code], f"{a}: solution code in the release"
        assert "BEGIN SOLUTION" not in released and "END SOLUTION" not in released
        # hidden tests: their code and markers are gone, their grade cells stay (so autograde can restore them)
        hidden = [m for c in source_nb.cells for m in HIDDEN_REGION.findall(c.source)]
        assert hidden, f"{a}: no hidden tests in the source notebook"
        for code in hidden:
            for line in code.strip().splitlines():
                if line.strip():
                    assert line.strip() not in release_code, f"{a}: hidden test line {line.strip()!r} released"
        assert "HIDDEN TESTS" not in released and "hidden.run(" not in released
        assert len(solution_cells(release_nb)) == len(solution_cells(source_nb))
        for cell in solution_cells(release_nb).values():
            assert 'raise NotImplementedError("replace this line with your code")' in cell.source
        files = {p.relative_to(course / "release" / a).as_posix() for p in (course / "release" / a).rglob("*")}
        assert not {f for f in files if f.endswith(("reference.py", "hidden.py"))}, f"{a}: private module released"
        assert "bpcheck/compare.py" in files and "bpcheck/gradcheck.py" in files


def test_solution_full_marks_and_untouched_zero(cycle):
    for a in ASSIGNMENTS:
        questions = cycle["converted"][a].questions
        for q, cells in questions.items():
            assert cycle["nbgrader"][a]["solution"][q] == pytest.approx(sum(cells.values())), (a, q)
            assert cycle["nbgrader"][a]["untouched"][q] == 0, (a, q)


def test_mistakes_lose_points(cycle):
    for a in ASSIGNMENTS:
        total = cycle["converted"][a].total_points
        mistakes = [s for s, _, _ in cycle["plan"][a] if s.startswith("mistake")]
        assert mistakes, f"{a}: no mistaken submission was made"
        for student in mistakes:
            assert sum(cycle["nbgrader"][a][student].values()) < total, (a, student)


def test_nbgrader_agrees_with_otter(cycle):
    different = []
    for a in ASSIGNMENTS:
        for student, label, _ in cycle["plan"][a]:
            otter, nbg = cycle["otter"][a][student], cycle["nbgrader"][a][student]
            assert set(otter) == set(nbg), f"{a}: otter's questions {sorted(otter)} versus {sorted(nbg)}"
            different += [(a, label, q, otter[q], nbg[q]) for q in nbg if abs(otter[q] - nbg[q]) > 1e-9]
    assert not different, f"otter and nbgrader disagree (assignment, submission, question, otter, nbgrader): {different}"


def test_feedback_shows_no_hidden_tests(cycle):
    course = cycle["course"]
    private = private_snippets()
    assert private
    for a in ASSIGNMENTS:
        source_nb = nbformat.read(course / "source" / a / f"{a}.ipynb", as_version=4)
        hidden_lines = {ln.strip() for c in source_nb.cells for m in HIDDEN_REGION.findall(c.source)
                        for ln in m.splitlines() if ln.strip()}
        public_call = next(c.source.strip().splitlines()[-1] for c in source_nb.cells
                           if c.metadata["nbgrader"]["grade"] and "HIDDEN" not in c.source)
        shown = "\n".join(HIDDEN_REGION.sub("", c.source) for c in source_nb.cells) + "".join(
            p.read_text() for p in (course / "source" / a / "bpcheck").glob("*.py"))
        for student, _, _ in cycle["plan"][a]:
            folder = course / "feedback" / student / a
            page = visible_text((folder / f"{a}.html").read_text())
            assert public_call in page, f"{a}/{student}: the page check is blind (public test code not found)"
            assert "Traceback" not in page
            # lines students may see anyway (the notebook, public modules, their own code) do not count
            theirs = shown + (course / "submitted" / student / a / f"{a}.ipynb").read_text()
            leaked = [ln for ln in hidden_lines | set(private) if ln in page and ln not in theirs]
            assert not leaked, f"{a}/{student}: hidden test code in the feedback: {leaked[:3]}"
            assert not [p for p in folder.rglob("*.py") if p.name in ("reference.py", "hidden.py")]
        # a mistaken submission's feedback does say why a hidden test failed (the message, not the code)
        page = visible_text((course / "feedback" / "mistake1" / a / f"{a}.html").read_text())
        assert "AssertionError" in page


def test_export_totals(cycle):
    with open(cycle["course"] / "grades.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    got = {(r["assignment"], r["student_id"]): (float(r["raw_score"]), float(r["max_score"])) for r in rows}
    for a in ASSIGNMENTS:
        for student, _, _ in cycle["plan"][a]:
            expected = sum(cycle["nbgrader"][a][student].values())
            assert got[(a, student)] == (pytest.approx(expected), pytest.approx(cycle["converted"][a].total_points))
        assert got[(a, "solution")][0] == pytest.approx(cycle["converted"][a].total_points)
        assert got[(a, "untouched")][0] == 0


def test_course_folder_is_reproducible(tmp_path):
    build_course(tmp_path / "one", log=lambda *a: None)
    build_course(tmp_path / "two", log=lambda *a: None)
    one = {p.relative_to(tmp_path / "one"): p.read_bytes() for p in (tmp_path / "one").rglob("*") if p.is_file()}
    two = {p.relative_to(tmp_path / "two"): p.read_bytes() for p in (tmp_path / "two").rglob("*") if p.is_file()}
    assert one.keys() == two.keys()
    assert [str(p) for p in one if one[p] != two[p]] == []
