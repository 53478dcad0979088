"""The accuracy suite: known mistakes must lose points, correct alternatives must earn full marks.

Each file under ``tests/accuracy/mistakes/<assignment>/`` or ``tests/accuracy/correct/<assignment>/`` is the
code of one answer cell: a docstring whose first line names the mistake (or the alternative style) in plain
words, ``CLASS = "..."`` (the class of mistake, or ``"correct"``), then the function(s) it defines. A file is
graded by building a submission (its functions replace their answer cells, every other answer is the
solution) and running it through the real autograder of its notebook. The result is one row per graded
function the file defines: the points that question lost and the message a student is shown for it, the
assertion message of the question's first failing test.

    python -m coursekit catches [--out docs/catch-table.md]    the catch table, as markdown

``run_in_process`` does the same checks without a notebook or an autograder (the master's public test cells
and ``bpcheck.hidden`` called directly), which is how the suite is iterated on quickly.
"""

import ast
import os
import pickle
import re
import subprocess
import sys
import tempfile
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import nbformat

from . import submissions
from .config import AUTOGRADER, ROOT, SOURCE

SUITE = ROOT / "tests" / "accuracy"
KINDS = ("mistakes", "correct")
# The classes of mistake the issue lists; every mistaken file names one of them.
CLASSES = ("wrong scale", "sign", "transpose", "activation derivative", "kink", "mse vs cross-entropy",
           "order/shape", "in place", "stability")
# otter run has no timeout of its own: an answer that loops forever must not hang the suite.
OTTER_TIMEOUT = 300


# --- the suite's files ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Variant:
    """One answer-cell file of the suite."""

    kind: str            # "mistakes" or "correct"
    assignment: str      # e.g. "01_loss_gradient"
    name: str            # the file's stem, e.g. "grad_no_factor2"
    title: str           # the docstring's first line: the mistake or the style, in plain words
    cls: str             # one of CLASSES, or "correct"
    source: str          # the file's text, which becomes the answer cell's code
    functions: tuple     # the public functions it defines (helpers start with "_")

    @property
    def key(self):
        return f"{self.kind}/{self.assignment}/{self.name}"

    @property
    def mistaken(self):
        return self.kind == "mistakes"


def read_variant(path: Path) -> Variant:
    """Parse one suite file; raises ValueError if it lacks the docstring, CLASS or a function."""
    path = Path(path)
    kind, assignment = path.parent.parent.name, path.parent.name
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source, filename=str(path))
    doc = ast.get_docstring(tree)
    if not doc:
        raise ValueError(f"{path}: the file must start with a docstring naming the mistake")
    cls = None
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "CLASS" for t in node.targets):
            cls = ast.literal_eval(node.value)
    allowed = CLASSES if kind == "mistakes" else ("correct",)
    if cls not in allowed:
        raise ValueError(f"{path}: CLASS must be one of {allowed}, not {cls!r}")
    functions = tuple(n.name for n in tree.body if isinstance(n, ast.FunctionDef) and not n.name.startswith("_"))
    if not functions:
        raise ValueError(f"{path}: defines no function")
    return Variant(kind, assignment, path.stem, doc.strip().splitlines()[0], cls, source, functions)


def load_suite(suite: Path = SUITE, assignments=None, kinds=KINDS):
    """Every variant of the suite, in a stable order (kind, assignment, name)."""
    variants = []
    for kind in kinds:
        for path in sorted((Path(suite) / kind).glob("*/*.py")):
            if assignments is None or path.parent.name in assignments:
                variants.append(read_variant(path))
    return variants


# --- the masters: which question grades which function, and its test cells -------------------------
@dataclass(frozen=True)
class TestCell:
    name: str
    hidden: bool
    points: float
    source: str


_CONFIG = re.compile(r'""" # BEGIN TEST CONFIG\n(.*?)""" # END TEST CONFIG', re.S)


def master_questions(assignment, source_dir: Path = SOURCE):
    """{question: {"functions": [...], "tests": [TestCell, ...]}} in the master's order."""
    nb = nbformat.read(Path(source_dir) / f"{assignment}.ipynb", as_version=4)
    questions, current, region = {}, None, None
    for cell in nb.cells:
        text = cell.source.strip()
        if cell.cell_type == "raw":
            if text.startswith("# BEGIN QUESTION"):
                name = re.search(r"^name:\s*(\S+)", text, re.M).group(1)
                current = questions.setdefault(name, {"functions": [], "tests": []})
            elif text.startswith("# END QUESTION"):
                current = None
            elif text.startswith("# BEGIN SOLUTION"):
                region = "solution"
            elif text.startswith("# BEGIN TESTS"):
                region = "tests"
            elif text.startswith(("# END SOLUTION", "# END TESTS")):
                region = None
            continue
        if cell.cell_type != "code" or current is None:
            continue
        if region == "solution":
            current["functions"] += submissions.defined_functions(cell.source)
        elif region == "tests":
            config = _CONFIG.search(cell.source)
            settings = dict(re.findall(r"^(\w+):\s*(\S+)", config.group(1), re.M)) if config else {}
            name = (submissions.defined_functions(cell.source) or ["?"])[0]
            current["tests"].append(TestCell(name, settings.get("hidden", "false") == "true",
                                             float(settings.get("points", 1)), cell.source))
    return questions


def question_of(assignment, function, source_dir: Path = SOURCE):
    for question, info in master_questions(assignment, source_dir).items():
        if function in info["functions"]:
            return question
    raise KeyError(f"{assignment} has no question grading {function}")


# --- grading --------------------------------------------------------------------------------------
def _student_message(text):
    """The part of a failure report a student reads: the exception's message, without otter's framing."""
    match = re.search(r"^(?:AssertionError|\w*(?:Error|Exception)): ", text or "", re.M)
    message = text[match.end():] if match else (text or "")
    if match and not match.group(0).startswith("AssertionError"):
        message = match.group(0) + message
    return message.strip()


def _test_names(zip_path: Path):
    """{question: [test function names in order]} from the autograder zip's tests/*.py."""
    names = {}
    with zipfile.ZipFile(zip_path) as zf:
        for arc in zf.namelist():
            if arc.startswith("tests/") and arc.endswith(".py"):
                text = zf.read(arc).decode()
                names[Path(arc).stem] = re.findall(r"^def (test_\w+)\(", text, re.M)
    return names


def grade_with_otter(assignment, notebook: Path, root: Path = None):
    """Grade one submission with ``otter run`` and the assignment's autograder zip; see ``grade``."""
    base = Path(root) / "autograder" if root else AUTOGRADER
    zip_path = base / assignment / f"{assignment}-autograder.zip"
    names = _test_names(zip_path)
    with tempfile.TemporaryDirectory(prefix="accuracy-otter-") as tmp:
        out = Path(tmp) / "out"
        out.mkdir()
        cmd = [sys.executable, "-m", "otter", "run", "--no-logo", "-p", "-a", str(zip_path), "-o", str(out),
               str(Path(notebook).resolve())]
        env = dict(os.environ, PYTHONHASHSEED="0", MPLBACKEND="Agg")
        proc = subprocess.run(cmd, cwd=tmp, capture_output=True, text=True, timeout=OTTER_TIMEOUT, env=env)
        pkl = Path(tmp) / "results.pkl"
        if not pkl.exists():
            raise RuntimeError(f"otter run produced no results for {notebook}:\n{proc.stdout[-2000:]}\n"
                               f"{proc.stderr[-2000:]}")
        with open(pkl, "rb") as f:
            results = pickle.load(f)
    report = {"questions": {}, "tests": []}
    for question, test_file in results.results.items():
        report["questions"][question] = (float(test_file.score), float(test_file.possible))
        for i, tcr in enumerate(test_file.test_case_results):
            name = names.get(question, [])
            report["tests"].append({
                "question": question,
                "name": name[i] if i < len(name) else tcr.test_case.name,
                "hidden": bool(tcr.test_case.hidden),
                "passed": bool(tcr.passed),
                "message": "" if tcr.passed else _student_message(tcr.message),
            })
    return report


_GRADERS = {}  # (thread, autograder folder) -> a running Grader: one zygote per thread, not per submission


def _grader_for(folder):
    import atexit
    import threading

    from .grade.runner import Grader

    key = (threading.get_ident(), str(folder))
    if key not in _GRADERS:
        _GRADERS[key] = Grader(str(folder)).__enter__()
        atexit.register(_GRADERS[key].__exit__, None, None, None)
    return _GRADERS[key]


def grade(assignment, notebook: Path, root: Path = None):
    """Grade one submission notebook through the assignment's real autograder, with the project's grader.

    Returns {"questions": {question: (score, max)},
             "tests": [{"question", "name", "hidden", "passed", "message"}, ...]} with tests in the order
    the autograder runs them (public before hidden within a question) and message the assertion message
    a student is shown ("" for a passing test). The grader runs the autograder zip's own tests, like
    ``otter run`` (``grade_with_otter``); tests/accuracy checks on a sample that the two agree.
    """
    folder = Path(root) / "autograder" if root else AUTOGRADER
    result = _grader_for(folder).grade_file(str(notebook), assignment=assignment)[0]
    if result.get("assignment") != assignment or not result.get("questions"):
        raise RuntimeError(f"the grader could not grade {notebook}: {result.get('status')}")
    return {
        "questions": {q: (float(v["score"]), float(v["max_score"])) for q, v in result["questions"].items()},
        "tests": [{"question": t["question"], "name": t["name"], "hidden": bool(t["hidden"]),
                   "passed": bool(t["passed"]), "message": "" if t["passed"] else _student_message(t["message"])}
                  for t in result["tests"]],
    }


# --- in process: the master's test cells and bpcheck.hidden, no notebook -------------------------------
def bpcheck_module(name):
    """A module of the checking package as the autograders ship it (source/bpcheck), e.g. "hidden"."""
    if str(SOURCE) not in sys.path:
        sys.path.insert(0, str(SOURCE))
    import importlib

    return importlib.import_module(f"bpcheck.{name}")


def _namespace(variant):
    """The globals an answer cell sees: numpy, the notebook's given helpers and every other solution."""
    import numpy as np

    reference = bpcheck_module("reference")

    ns = {"__name__": "__main__", "np": np}
    ns.update({k: v for k, v in vars(reference).items() if callable(v) and not k.startswith("_")})
    exec(compile(variant.source, f"<{variant.key}>", "exec"), ns)
    return ns


def run_in_process(variant, source_dir: Path = SOURCE):
    """Run the master's public and hidden test cells for the variant's questions in this process.

    Returns the same structure as ``grade`` (only the questions of the functions the variant defines).
    """
    import numpy as np

    ns = _namespace(variant)
    questions = master_questions(variant.assignment, source_dir)
    report = {"questions": {}, "tests": []}
    for question, info in questions.items():
        if not set(info["functions"]) & set(variant.functions):
            continue
        score = possible = 0.0
        for test in info["tests"]:
            possible += test.points
            try:
                with np.errstate(all="ignore"):
                    exec(compile(test.source, f"<{question}:{test.name}>", "exec"), dict(ns))
                passed, message = True, ""
            except Exception as exc:  # a failing test: AssertionError, or the student's own exception
                passed = False
                message = str(exc) if isinstance(exc, AssertionError) else f"{type(exc).__name__}: {exc}"
            score += test.points if passed else 0.0
            report["tests"].append({"question": question, "name": test.name, "hidden": test.hidden,
                                    "passed": passed, "message": message})
        report["questions"][question] = (score, possible)
    return report


def run_hidden(variant):
    """{(function, aspect): the failure message, or None if it passed} for every hidden check of the variant.

    Calls ``bpcheck.hidden.run`` directly on the variant's functions: no master, notebook or autograder.
    """
    import numpy as np

    hidden = bpcheck_module("hidden")
    ns = _namespace(variant)
    results = {}
    for (function, aspect) in hidden.CHECKS:
        if function in variant.functions:
            try:
                with np.errstate(all="ignore"):
                    hidden.run(function, aspect, ns[function])
                results[(function, aspect)] = None
            except AssertionError as exc:
                results[(function, aspect)] = str(exc)
    return results


# --- the suite through the autograders --------------------------------------------------------------
@dataclass
class Row:
    """What one variant did to one question."""

    variant: Variant
    function: str
    question: str
    lost: float
    possible: float
    message: str          # the first failing test's message in this question ("" if none failed)
    failed_tests: tuple   # names of the failing tests in this question
    other_lost: float     # points lost on the notebook's other questions
    public_failed: tuple = ()  # names of the failing public tests in this question (what the student sees first)

    @property
    def caught_publicly(self):
        """A public check fails: the student can mend the mistake before submitting."""
        return bool(self.public_failed)

    @property
    def ok(self):
        """A mistake is caught when its question loses points; an alternative is accepted at full marks."""
        if self.variant.mistaken:
            return self.lost > 0
        return self.lost == 0 and self.other_lost == 0


def rows_from_report(variant, report, source_dir: Path = SOURCE, touched=None):
    """The rows of one variant from the report of the submission that holds it.

    touched : the questions any variant in that submission answers (default: this variant's); points lost
              on the others count as other_lost, which must be 0 since their answers are the solutions
    """
    rows = []
    mine = [question_of(variant.assignment, f, source_dir) for f in variant.functions]
    touched = set(touched or mine)
    other = sum(p - s for q, (s, p) in report["questions"].items() if q not in touched)
    for function, question in zip(variant.functions, mine):
        score, possible = report["questions"].get(question, (0.0, 0.0))
        failing = [t for t in report["tests"] if t["question"] == question and not t["passed"]]
        rows.append(Row(variant, function, question, possible - score, possible,
                        failing[0]["message"] if failing else "", tuple(t["name"] for t in failing), other,
                        tuple(t["name"] for t in failing if not t["hidden"])))
    return rows


def _defined(variant):
    return set(submissions.defined_functions(variant.source))


def _called(variant, graded):
    """The graded functions the variant's code calls (e.g. a train_step that calls backward_pass)."""
    tree = ast.parse(variant.source)
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    return (names & set(graded)) - _defined(variant)


def plan_submissions(variants, separate=False, source_dir: Path = SOURCE):
    """Group variants into as few submissions as is safe: [[variant, ...], ...].

    A question's score depends only on its own answer and on the answers it calls, so variants of one
    notebook and one kind share a submission when they answer different questions and none of them calls
    a function another one replaces. Mistakes never share with correct alternatives. ``separate``: one
    submission per variant.
    """
    if separate:
        return [[v] for v in variants]
    graded = {}
    groups = []  # (assignment, kind, [variants], defined, called)
    for v in variants:
        if v.assignment not in graded:
            graded[v.assignment] = [f for q in master_questions(v.assignment, source_dir).values()
                                    for f in q["functions"]]
        defined, called = _defined(v), _called(v, graded[v.assignment])
        for assignment, kind, members, g_defined, g_called in groups:
            if (assignment, kind) == (v.assignment, v.kind) and not (defined & g_defined) \
                    and not (called & g_defined) and not (defined & g_called):
                members.append(v)
                g_defined |= defined
                g_called |= called
                break
        else:
            groups.append((v.assignment, v.kind, [v], set(defined), set(called)))
    return [members for _, _, members, _, _ in groups]


def write_group(group, folder: Path, root: Path = None):
    """The submission notebook answering every variant of a group, written to folder."""
    answers = {f: v.source for v in group for f in v.functions}
    nb = submissions.make_submission(group[0].assignment, answers, root=root)
    path = Path(folder) / f"{group[0].assignment}.ipynb"
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def run_suite(variants, root: Path = None, workers: int = 2, grader=None, separate=False, log=None,
              reports=None, keep: Path = None):
    """Grade every variant through its notebook's autograder; returns rows in the variants' order.

    root     : a build folder holding assignments/, solutions/ and autograder/ (default: the repository)
    grader   : grade(assignment, notebook, root) -> report; default ``grade``
    separate : one submission per variant instead of grouping independent ones (``plan_submissions``)
    reports  : a list to receive (group of variants, submission path, report) for every submission graded
    keep     : a folder to write the submissions into and keep (default: a temporary one, removed)
    """
    grader = grader or grade
    groups = plan_submissions(variants, separate)
    with tempfile.TemporaryDirectory(prefix="accuracy-") as tmp:
        folder = Path(keep or tmp)
        paths = [write_group(g, folder / f"{i:03d}", root) for i, g in enumerate(groups)]

        def one(item):
            group, path = item
            report = grader(group[0].assignment, path, root)
            if reports is not None:
                reports.append((group, path, report))
            if log:
                log(f"graded {', '.join(v.key for v in group)}")
            touched = {question_of(v.assignment, f) for v in group for f in v.functions}
            return {v.key: rows_from_report(v, report, touched=touched) for v in group}

        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            by_key = {}
            for result in pool.map(one, zip(groups, paths)):
                by_key.update(result)
    return [row for v in variants for row in by_key[v.key]]


# --- the catch table ----------------------------------------------------------------------------
def _cell(text, limit=None):
    """A message as one table cell: its first line (and the next, if the first only introduces it)."""
    lines = [line.strip() for line in (text or "").strip().splitlines() if line.strip()]
    first = lines[0] if lines else ""
    if first.endswith(":") and len(lines) > 1:
        first = f"{first} {lines[1]}"
    if limit and len(first) > limit:
        first = first[: limit - 1] + "…"
    return first.replace("|", "\\|")


def _points(x):
    return f"{x:g}"


def catch_table(rows):
    """The instructor's view, as markdown: what each mistake costs and what the student reads."""
    mistakes = [r for r in rows if r.variant.mistaken]
    correct = [r for r in rows if not r.variant.mistaken]
    caught = {r.variant.key for r in mistakes if r.ok}
    public = {r.variant.key for r in mistakes if r.caught_publicly}
    n_mistakes = len({r.variant.key for r in mistakes})
    rejected = {r.variant.key for r in correct if not r.ok}
    n_correct = len({r.variant.key for r in correct})
    out = ["# What the tests catch", "",
           "Generated by `python -m coursekit catches` from `tests/accuracy/`: every file there is an answer "
           "cell, graded through the real autograder of its notebook with every other answer correct.",
           "", f"**Caught: {len(caught)} / {n_mistakes} mistakes. "
           f"Caught by the public checks (before submission): {len(public)} / {n_mistakes}. "
           f"Accepted at full marks: {n_correct - len(rejected)} / {n_correct} correct alternatives.**", "",
           "## Mistakes", "",
           "| Mistake | Class | Notebook | Function | Points lost | Caught by public checks | "
           "Message shown (first line) |",
           "|---|---|---|---|---|---|---|"]
    for r in mistakes:
        out.append(f"| {_cell(r.variant.title)} (`{r.variant.name}`) | {r.variant.cls} | {r.variant.assignment} | "
                   f"`{r.function}` | {_points(r.lost)} / {_points(r.possible)} | "
                   f"{'yes' if r.caught_publicly else 'no'} | {_cell(r.message)} |")
    out += ["", "## By class", "", "| Class | Mistakes | Caught | Caught by public checks | Functions |",
            "|---|---|---|---|---|"]
    for cls in CLASSES:
        these = [r for r in mistakes if r.variant.cls == cls]
        keys = {r.variant.key for r in these}
        functions = sorted({r.function for r in these})
        out.append(f"| {cls} | {len(keys)} | {len(keys & caught)} | {len(keys & public)} | "
                   f"{', '.join(f'`{f}`' for f in functions)} |")
    out += ["", "## Correct alternatives", "",
            "| Alternative | Notebook | Function | Score | Points lost elsewhere |", "|---|---|---|---|---|"]
    for r in correct:
        out.append(f"| {_cell(r.variant.title)} (`{r.variant.name}`) | {r.variant.assignment} | `{r.function}` | "
                   f"{_points(r.possible - r.lost)} / {_points(r.possible)} | {_points(r.other_lost)} |")
    return "\n".join(out) + "\n"


def totals(rows):
    """(caught, mistakes, accepted, correct alternatives), counting files."""
    mistakes = {r.variant.key for r in rows if r.variant.mistaken}
    caught = {r.variant.key for r in rows if r.variant.mistaken and r.ok}
    correct = {r.variant.key for r in rows if not r.variant.mistaken}
    rejected = {r.variant.key for r in rows if not r.variant.mistaken and not r.ok}
    return len(caught), len(mistakes), len(correct - rejected), len(correct)


def print_catches(out: Path = None, root: Path = None, workers: int = 2, separate=False):
    """The ``catches`` verb: grade the suite, print the catch table; exit status 1 if anything slipped."""
    rows = run_suite(load_suite(), root=root, workers=workers, separate=separate,
                     log=lambda message: print(message, file=sys.stderr, flush=True))
    table = catch_table(rows)
    print(table)
    if out:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(table, encoding="utf-8")
    caught, mistakes, accepted, correct = totals(rows)
    public = len({r.variant.key for r in rows if r.variant.mistaken and r.caught_publicly})
    print(f"caught {caught} / {mistakes} mistakes ({public} / {mistakes} by the public checks); "
          f"accepted {accepted} / {correct} correct alternatives", file=sys.stderr)
    return 0 if (caught, accepted, public) == (mistakes, correct, mistakes) else 1
