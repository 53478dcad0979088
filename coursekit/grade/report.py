"""What the class got wrong: OUT/report.md and OUT/report.html, one section per assignment.

    class_stats(rows, assignment) -> AssignmentStats      the numbers (pure: tests check them)
    report_markdown(stats_list, by_student=False) -> str
    report_html(stats_list, figures, by_student=False) -> str   one self-contained page (figures as base64 PNG)
    write_report(rows, out, submissions=None, by_student=False) -> (md path, html path)
    short_report(stats_list) -> str                       what ``make`` prints at its end

Per assignment: students graded, the score distribution, per question the share with full, partial and zero
points, and the common mistakes ranked by how many students made them (count, share of the class, the
message one of them got, an anonymised example of the code), the questions where the class did worst
first. A mistake is the id a failed test carries (``TestResult.mistake``: the named mistake of bpcheck,
a label such as ``not-implemented``, or ``unrecognised``); a student counts once per mistake and question,
however many tests of the question failed with it. One row per student and assignment: the latest
submission (``lms.latest_rows``). Files that did not grade are listed as rows of their own.
"""

import ast
import base64
import html
import io
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..grader.result import UNRECOGNISED
from .lms import latest_rows


@dataclass
class MistakeStats:
    question: str
    mistake: str              # the id
    title: str
    students: list            # who made it (sorted)
    failed_tests: int         # failed tests of this question with this id, over the class
    message: str              # the message one of them got (the first test that failed with it)
    example_of: object = None  # the GradeResult the message comes from (for the code example)
    code: str = ""            # that student's answer cell, anonymised


@dataclass
class QuestionStats:
    question: str
    max_score: float
    scores: list              # one per graded student
    full: int
    partial: int
    zero: int
    mistakes: list = field(default_factory=list)   # [MistakeStats], most students first

    @property
    def mean_fraction(self):
        return sum(self.scores) / len(self.scores) / self.max_score if self.scores and self.max_score else 1.0


@dataclass
class AssignmentStats:
    assignment: str
    max_score: float
    graded: list              # GradeResults that got a score (one per student)
    not_graded: list          # GradeResults of files that did not grade
    superseded: list          # earlier submissions of a student (a resubmission replaced them)
    questions: list           # [QuestionStats], worst first

    @property
    def scores(self):
        return [r.score for r in self.graded]


def class_stats(rows, assignment):
    """The numbers of one assignment from the batch's rows (those whose assignment it is)."""
    mine = [r for r in rows if r.assignment == assignment]
    kept, superseded = latest_rows(mine)
    graded = [r for r in kept if r.questions]
    not_graded = [r for r in kept if not r.questions]
    order = []
    for r in graded:
        order += [q for q in r.questions if q not in order]
    questions = []
    for q in order:
        entries = [(r, r.questions[q]) for r in graded if q in r.questions]
        top = max(e.max_score for _, e in entries)
        scores = [e.score for _, e in entries]
        full = sum(1 for s in scores if top and s >= top)
        zero = sum(1 for s in scores if s <= 0)
        qs = QuestionStats(q, top, scores, full, len(scores) - full - zero, zero)
        who, tests, first = defaultdict(set), Counter(), {}
        for r, _ in entries:
            for t in r.tests:
                if t.question != q or t.passed:
                    continue
                key = t.mistake or UNRECOGNISED
                who[key].add(r.student or r.submission)
                tests[key] += 1
                first.setdefault(key, (r, t))
        for key in who:
            r, t = first[key]
            qs.mistakes.append(MistakeStats(q, key, t.mistake_title or key.replace("-", " "), sorted(who[key]),
                                            tests[key], t.message, r))
        qs.mistakes.sort(key=lambda m: (-len(m.students), -m.failed_tests, m.mistake))
        questions.append(qs)
    questions.sort(key=lambda qs: (qs.mean_fraction, order.index(qs.question)))
    top = max((r.max_score for r in mine), default=0)
    return AssignmentStats(assignment, top, graded, not_graded, superseded, questions)


def unattributed(rows):
    """Rows of files no assignment could be named for (not a notebook, unknown assignment...)."""
    return [r for r in rows if not r.assignment]


# --- code examples ----------------------------------------------------------------------------
def answer_cell(cells, function):
    """The source of the (last) cell defining ``function`` at top level, or ""."""
    found = ""
    for cell in cells:
        src = cell.get("src", "") if isinstance(cell, dict) else str(cell)
        if re.search(rf"^def\s+{re.escape(function)}\s*\(", src, re.M):
            found = src
    return found


def anonymise(source, function, names=()):
    """The function's definition alone, without comments and docstrings, and with the student's names
    (``names``: e.g. their folder's name) replaced, so it can be shown to a class or a TA."""
    try:
        tree = ast.parse(source)
        node = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == function)
        if (node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)
                and isinstance(node.body[0].value.value, str) and len(node.body) > 1):
            node.body = node.body[1:]
        text = ast.unparse(node)
    except (SyntaxError, StopIteration, ValueError, RecursionError):
        text = "\n".join(line for line in source.splitlines() if not line.strip().startswith("#"))
        text = re.sub(r"#.*", "", text)
    for name in names:
        for part in re.split(r"[\W_]+", str(name)):
            if len(part) >= 3:
                text = re.sub(re.escape(part), "student", text, flags=re.I)
    text = re.sub(r"[\w.+-]+@[\w-]+\.[\w.]+", "<email>", text)
    lines = text.splitlines()
    return "\n".join(lines[:30] + (["    ..."] if len(lines) > 30 else []))


def add_examples(stats_list, submissions):
    """Fill each mistake's ``code`` from the example submission's answer cell (the files are only parsed)."""
    from ..grader.submission import Notebook, read_submission

    cache = {}
    for stats in stats_list:
        for qs in stats.questions:
            for m in qs.mistakes:
                r = m.example_of
                if r is None or m.mistake == "not-implemented":
                    continue
                if r.submission not in cache:
                    path = Path(submissions) / r.submission
                    cache[r.submission] = read_submission(path, label=r.submission.rsplit("/", 1)[-1]) \
                        if path.is_file() else []
                notebooks = [n for n in cache[r.submission] if isinstance(n, Notebook)]
                notebook = next((n for n in notebooks if n.label == r.notebook), notebooks[0] if notebooks else None)
                if notebook is not None:
                    src = answer_cell(notebook.cells, qs.question)
                    if src:
                        m.code = anonymise(src, qs.question, [r.student, *r.submission.split("/")[:-1]])


# --- figures --------------------------------------------------------------------------------
def _png(fig):
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100)
    plt.close(fig)
    return buf.getvalue()


def figure_points(stats):
    """PNG bytes: per question, how many students got full, partial and zero points (a stacked bar)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    qs = list(reversed(stats.questions))  # worst at the top
    fig, ax = plt.subplots(figsize=(7.5, 0.45 * len(qs) + 1.4))
    y = range(len(qs))
    full = [q.full for q in qs]
    partial = [q.partial for q in qs]
    zero = [q.zero for q in qs]
    ax.barh(y, full, color="#2e7d32", label="full marks")
    ax.barh(y, partial, left=full, color="#f9a825", label="partial")
    ax.barh(y, zero, left=[a + b for a, b in zip(full, partial)], color="#c62828", label="zero")
    ax.set_yticks(list(y), [q.question for q in qs], fontsize=9)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("students")
    ax.set_title(f"{stats.assignment}: points per question ({len(stats.graded)} students graded)", fontsize=10)
    ax.legend(loc="lower right", fontsize=8, ncol=3, bbox_to_anchor=(1, 1.08), frameon=False)
    fig.tight_layout()
    return _png(fig)


def figure_mistakes(stats, top=12):
    """PNG bytes: the most common mistakes, students per mistake, labelled by question."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    items = sorted((m for q in stats.questions for m in q.mistakes), key=lambda m: -len(m.students))[:top]
    items.reverse()
    fig, ax = plt.subplots(figsize=(8.5, 0.42 * max(len(items), 1) + 1.4))
    if items:
        labels = [f"{m.question}: {m.title[:48]}" for m in items]
        colours = ["#9e9e9e" if m.mistake == UNRECOGNISED else "#1565c0" for m in items]
        ax.barh(range(len(items)), [len(m.students) for m in items], color=colours)
        ax.set_yticks(range(len(items)), labels, fontsize=8)
    else:
        ax.text(0.5, 0.5, "no failed tests", ha="center", va="center", transform=ax.transAxes)
        ax.set_yticks([])
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("students (grey: no named mistake matched)")
    ax.set_title(f"{stats.assignment}: mistakes per question", fontsize=10)
    fig.tight_layout()
    return _png(fig)


# --- text ------------------------------------------------------------------------------------
def _g(x):
    return f"{x:g}"


def _pct(n, total):
    return f"{100 * n / total:.0f}%" if total else "-"


def _distribution(scores):
    counts = Counter(scores)
    return ", ".join(f"{_g(s)}: {counts[s]}" for s in sorted(counts))


def _median(values):
    v = sorted(values)
    n = len(v)
    return 0 if not n else v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2


def student_table(stats):
    """[header, rows...]: student by question, each cell the points and the mistake ids of its failed tests."""
    header = ["student", "score"] + [q.question for q in stats.questions]
    rows = []
    for r in sorted(stats.graded, key=lambda r: r.student):
        cells = [r.student, f"{_g(r.score)} / {_g(r.max_score)}"]
        for q in stats.questions:
            entry = r.questions.get(q.question)
            ids = list(dict.fromkeys(t.mistake or UNRECOGNISED for t in r.tests
                                     if t.question == q.question and not t.passed))
            text = "" if entry is None else _g(entry.score)
            cells.append(text + (f" ({', '.join(ids)})" if ids else ""))
        rows.append(cells)
    for r in sorted(stats.not_graded, key=lambda r: r.student):
        rows.append([r.student, f"not graded: {r.reason or r.status}"] + [""] * len(stats.questions))
    return [header] + rows


def _md_cell(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def _md_table(table):
    out = ["| " + " | ".join(_md_cell(c) for c in table[0]) + " |", "|" + "---|" * len(table[0])]
    out += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in table[1:]]
    return out


def _question_table(stats):
    n = len(stats.graded)
    table = [["question", "points", "mean", "full marks", "partial", "zero"]]
    for q in stats.questions:
        mean = sum(q.scores) / len(q.scores) if q.scores else 0
        table.append([q.question, _g(q.max_score), f"{mean:.2f}", f"{q.full} ({_pct(q.full, n)})",
                      f"{q.partial} ({_pct(q.partial, n)})", f"{q.zero} ({_pct(q.zero, n)})"])
    return table


def _not_graded_table(rows):
    return [["file", "student", "status"]] + [[r.submission, r.student, r.status] for r in rows]


def report_markdown(stats_list, unattributed_rows=(), by_student=False, figures=None):
    """The report as Markdown; ``figures``: {assignment: (points png name, mistakes png name)} to link."""
    lines = ["# What the class got wrong", ""]
    for stats in stats_list:
        n = len(stats.graded)
        scores = stats.scores
        lines += [f"## {stats.assignment}", ""]
        lines.append(f"**{n} students graded**" + (f", {len(stats.not_graded)} files that did not grade"
                                                   if stats.not_graded else "")
                     + (f", {len(stats.superseded)} earlier submissions replaced by a resubmission"
                        if stats.superseded else "") + ".")
        if scores:
            lines += ["", f"Scores out of {_g(stats.max_score)}: mean {sum(scores) / n:.2f}, median "
                          f"{_g(_median(scores))}, min {_g(min(scores))}, max {_g(max(scores))}; "
                          f"distribution (score: students) {_distribution(scores)}."]
        lines.append("")
        if figures and stats.assignment in figures:
            a, b = figures[stats.assignment]
            lines += [f"![points per question]({a})", "", f"![mistakes per question]({b})", ""]
        lines += ["### Questions, the class's worst first", "", *_md_table(_question_table(stats)), ""]
        lines += ["### Common mistakes", ""]
        for q in stats.questions:
            if not q.mistakes:
                continue
            lines += [f"#### {q.question} ({q.full} of {n} with full marks)", ""]
            for rank, m in enumerate(q.mistakes, 1):
                lines.append(f"{rank}. **{m.title}** (`{m.mistake}`): {len(m.students)} students "
                             f"({_pct(len(m.students), n)}), {m.failed_tests} failed tests")
                if m.message:
                    lines += ["", "   A student read:", "", "   ```",
                              *("   " + line for line in m.message.splitlines()[:6]), "   ```"]
                if m.code:
                    lines += ["", "   Their code (anonymised):", "", "   ```python",
                              *("   " + line for line in m.code.splitlines()), "   ```"]
                lines.append("")
        if stats.not_graded:
            lines += ["### Files that did not grade", "", *_md_table(_not_graded_table(stats.not_graded)), ""]
        if by_student:
            lines += ["### By student", "", *_md_table(student_table(stats)), ""]
    if unattributed_rows:
        lines += ["## Files not matched to any assignment", "",
                  *_md_table(_not_graded_table(unattributed_rows)), ""]
    return "\n".join(lines).rstrip() + "\n"


_CSS = """body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left;
vertical-align:top;font-size:.9em}th{background:#f3f3f3}pre{background:#f6f8fa;padding:.5em;overflow-x:auto;
font-size:.85em}img{max-width:100%}.id{color:#555;font-family:monospace}details{margin:.3em 0 .8em 1.5em}"""


def _h(text):
    return html.escape(str(text))


def _html_table(table):
    head = "".join(f"<th>{_h(c)}</th>" for c in table[0])
    body = "".join("<tr>" + "".join(f"<td>{_h(c)}</td>" for c in row) + "</tr>" for row in table[1:])
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def report_html(stats_list, figures, unattributed_rows=(), by_student=False):
    """One self-contained page; ``figures``: {assignment: (points png bytes, mistakes png bytes)}."""
    parts = ["<!DOCTYPE html>", '<html lang="en"><head><meta charset="utf-8">',
             "<title>What the class got wrong</title>", f"<style>{_CSS}</style></head><body>",
             "<h1>What the class got wrong</h1>"]
    for stats in stats_list:
        n, scores = len(stats.graded), stats.scores
        parts.append(f"<h2>{_h(stats.assignment)}</h2>")
        summary = f"<b>{n} students graded</b>"
        if stats.not_graded:
            summary += f", {len(stats.not_graded)} files that did not grade"
        if stats.superseded:
            summary += f", {len(stats.superseded)} earlier submissions replaced by a resubmission"
        parts.append(f"<p>{summary}.</p>")
        if scores:
            parts.append(f"<p>Scores out of {_g(stats.max_score)}: mean {sum(scores) / n:.2f}, median "
                         f"{_g(_median(scores))}, min {_g(min(scores))}, max {_g(max(scores))}; distribution "
                         f"(score: students) {_h(_distribution(scores))}.</p>")
        for png, alt in zip(figures.get(stats.assignment, ()), ("points per question", "mistakes per question")):
            parts.append(f'<img alt="{alt}" src="data:image/png;base64,{base64.b64encode(png).decode()}">')
        parts += ["<h3>Questions, the class's worst first</h3>", _html_table(_question_table(stats)),
                  "<h3>Common mistakes</h3>"]
        for q in stats.questions:
            if not q.mistakes:
                continue
            parts.append(f"<h4>{_h(q.question)} ({q.full} of {n} with full marks)</h4><ol>")
            for m in q.mistakes:
                parts.append(f"<li><b>{_h(m.title)}</b> <span class=id>{_h(m.mistake)}</span>: "
                             f"{len(m.students)} students ({_pct(len(m.students), n)}), {m.failed_tests} failed tests")
                if m.message:
                    parts.append(f"<details><summary>a student read</summary><pre>{_h(m.message)}</pre></details>")
                if m.code:
                    parts.append(f"<details><summary>their code (anonymised)</summary><pre>{_h(m.code)}</pre>"
                                 "</details>")
                parts.append("</li>")
            parts.append("</ol>")
        if stats.not_graded:
            parts += ["<h3>Files that did not grade</h3>", _html_table(_not_graded_table(stats.not_graded))]
        if by_student:
            parts += ["<h3>By student</h3>", _html_table(student_table(stats))]
    if unattributed_rows:
        parts += ["<h2>Files not matched to any assignment</h2>", _html_table(_not_graded_table(unattributed_rows))]
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def short_report(stats_list, unattributed_rows=(), per_question=3):
    """A few lines per assignment: graded, the mean, and per question (worst first) its top mistakes."""
    lines = []
    for stats in stats_list:
        n = len(stats.graded)
        mean = sum(stats.scores) / n if n else 0
        extra = f", {len(stats.not_graded)} did not grade" if stats.not_graded else ""
        lines.append(f"{stats.assignment}: {n} graded{extra}, mean {mean:.2f} / {_g(stats.max_score)}")
        for q in stats.questions:
            if not q.mistakes:
                continue
            top = "; ".join(f"{m.mistake} x{len(m.students)}" for m in q.mistakes[:per_question])
            more = f"; +{len(q.mistakes) - per_question} more" if len(q.mistakes) > per_question else ""
            lines.append(f"    {q.question:<30} full {q.full}/{n}  {top}{more}")
    if unattributed_rows:
        lines.append(f"not matched to any assignment: {', '.join(r.submission for r in unattributed_rows)}")
    return "\n".join(lines)


def write_report(rows, out, submissions=None, by_student=False, figures=True):
    """Write OUT/report.md (figures beside it as report_<assignment>_*.png) and OUT/report.html."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    assignments = sorted({r.assignment for r in rows if r.assignment})
    stats_list = [class_stats(rows, a) for a in assignments]
    if submissions is not None:
        add_examples(stats_list, submissions)
    stray = unattributed(rows)
    pngs, names = {}, {}
    if figures:
        for s in stats_list:
            pngs[s.assignment] = (figure_points(s), figure_mistakes(s))
            names[s.assignment] = (f"report_{s.assignment}_points.png", f"report_{s.assignment}_mistakes.png")
            for data, name in zip(pngs[s.assignment], names[s.assignment]):
                (out / name).write_bytes(data)
    md = out / "report.md"
    md.write_text(report_markdown(stats_list, stray, by_student, names), encoding="utf-8")
    page = out / "report.html"
    page.write_text(report_html(stats_list, pngs, stray, by_student), encoding="utf-8")
    return md, page, stats_list
