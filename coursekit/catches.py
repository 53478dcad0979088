"""The catch table: known mistakes must lose points, correct alternatives must earn full marks.

The catalogue lives beside the masters, in ``source/catalogue/`` (``CATALOGUE``): each file under
``mistakes/<assignment>/`` or ``correct/<assignment>/`` is the
code of one answer cell: a docstring whose first line names the mistake (or the alternative style) in plain
words, ``CLASS = "..."`` (the class of mistake, or ``"correct"``), then the function(s) it defines. A file is
graded by building a submission (its functions replace their answer cells, every other answer is the
solution) and running it through the real autograder of its notebook. The result is one row per graded
function the file defines: the points that question lost and the message a student is shown for it, the
assertion message of the question's first failing test.

    python -m coursekit catches [--out docs/catch-table.md]    the catch table, as markdown

The demo class takes its classic mistakes from the same catalogue; ``tests/accuracy/`` grades it in the
test suite (and checks it against ``otter run``).
"""

import ast
import re
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import nbformat

from . import sample_submissions
from .config import AUTOGRADER, SOURCE, repository_folders
from .master_format import defined_functions, read_master, resolve_points

CATALOGUE = SOURCE / "catalogue"
KINDS = ("mistakes", "correct")
# The classes of mistake the issue lists; every mistaken file names one of them.
CLASSES = ("wrong scale", "sign", "transpose", "activation derivative", "kink", "mse vs cross-entropy",
           "order/shape", "in place", "stability", "broadcasting", "fan-out", "visiting order", "accumulation")


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


def load_suite(suite: Path = CATALOGUE, assignments=None, kinds=KINDS):
    """Every variant of the suite, in a stable order (kind, assignment, name)."""
    variants = []
    for kind in kinds:
        for path in sorted((Path(suite) / kind).glob("*/*.py")):
            if assignments is None or path.parent.name in assignments:
                variants.append(read_variant(path))
    return variants


# --- the masters: which question grades which function, and its tests -------------------------------
@dataclass(frozen=True)
class TestCell:
    name: str
    hidden: bool
    points: float
    source: str


def master_questions(assignment, source_dir: Path = SOURCE):
    """{question: {"functions": [...], "tests": [TestCell, ...]}} in the master's order."""
    master = read_master(Path(source_dir) / f"{assignment}.ipynb")
    return {q.name: {"functions": list(q.functions),
                     "tests": [TestCell(t.name, t.hidden, float(p), t.code) for t, p in zip(q.tests, resolve_points(q))]}
            for q in master.questions}


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


_GRADERS = {}  # (thread, autograder folder) -> a running Grader: one zygote per thread, not per submission


def _grader_for(folder):
    import atexit
    import threading

    from .grader.runner import Grader

    key = (threading.get_ident(), str(folder))
    if key not in _GRADERS:
        _GRADERS[key] = Grader(str(folder), hide=repository_folders()).__enter__()
        atexit.register(_GRADERS[key].__exit__, None, None, None)
    return _GRADERS[key]


def grade(assignment, notebook: Path, root: Path = None):
    """Grade one submission notebook through the assignment's real autograder, with the project's grader.

    Returns {"questions": {question: (score, max)},
             "tests": [{"question", "name", "hidden", "passed", "message"}, ...]} with tests in the order
    the autograder runs them (public before hidden within a question) and message the assertion message
    a student is shown ("" for a passing test). The grader runs the autograder zip's own tests, like
    ``otter run``; tests/accuracy checks on a sample that the two agree.
    """
    folder = Path(root) / "autograder" if root else AUTOGRADER
    result = _grader_for(folder).grade_file(str(notebook), assignment=assignment)[0]
    if result.assignment != assignment or not result.questions:
        raise RuntimeError(f"the grader could not grade {notebook}: {result.status}")
    return {
        "questions": {q: (float(v.score), float(v.max_score)) for q, v in result.questions.items()},
        "tests": [{"question": t.question, "name": t.name, "hidden": t.hidden, "passed": t.passed,
                   "message": "" if t.passed else _student_message(t.message)} for t in result.tests],
    }


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
    return set(defined_functions(variant.source))


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
    nb = sample_submissions.make_submission(group[0].assignment, answers, root=root)
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
           "Generated by `python -m coursekit catches` from `source/catalogue/`: every file there is an answer "
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
