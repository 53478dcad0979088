"""The instructor's outputs: grades.csv, the score distribution figure and the summary table."""

import csv
import re
from collections import defaultdict
from pathlib import Path, PurePosixPath

from ..grader.result import Kind

FIXED_COLUMNS = ["submission", "student", "notebook", "assignment", "score", "max_score", "status"]
_NOISE = re.compile(r"copy of|_submission|submission|\(\d+\)|\.ipynb|\.zip", re.I)


def student_name(submission, assignments=()):
    """Who handed it in: the first folder under the submissions folder when there is one (LMS and
    Gradescope exports nest one folder per student), else what is left of the file name once the
    assignment name and tool suffixes are removed (e.g. ``alice_01_loss_gradient.ipynb`` -> alice). A Canvas
    bulk-download name (``<name>_[late_]<user id>_<submission id>_<file>``) gives its ``<name>``."""
    from .lms import canvas_name

    canvas = canvas_name(submission)
    if canvas is not None:
        return canvas.name
    parts = PurePosixPath(submission).parts
    if len(parts) > 1:
        return parts[0]
    stem = parts[0] if parts else ""
    if stem.lower().endswith((".ipynb", ".zip", ".txt", ".json", ".py", ".pdf", ".html")):
        stem = stem.rsplit(".", 1)[0]
    for name in sorted(assignments, key=len, reverse=True):
        stem = re.sub(re.escape(name), " ", stem, flags=re.I)
    stem = _NOISE.sub(" ", stem)
    stem = re.sub(r"[\s_\-.]+", " ", stem).strip()
    return stem.replace(" ", "_") or PurePosixPath(submission).stem


def question_columns(results):
    """Question columns in first-seen order; a name two assignments share is prefixed by its assignment."""
    owners = defaultdict(set)
    order = []
    for r in results:
        for q in r.questions:
            if (r.assignment, q) not in order:
                order.append((r.assignment, q))
            owners[q].add(r.assignment)
    return [(a, q, q if len(owners[q]) == 1 else f"{a}:{q}") for a, q in order]


def write_grades_csv(results, path, assignments=()):
    columns = question_columns(results)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(FIXED_COLUMNS + [title for _, _, title in columns])
        for r in sorted(results, key=lambda r: (r.submission, r.notebook or "")):
            row = [r.submission, r.student or student_name(r.submission, assignments), r.notebook,
                   r.assignment or "", r.score, r.max_score, r.status]
            for assignment, q, _ in columns:
                entry = r.questions.get(q) if r.assignment == assignment else None
                row.append("" if entry is None else entry.score)
            writer.writerow([_cell(v) for v in row])
    return path


def _cell(value):
    """A value for the CSV; text that a spreadsheet would run as a formula is quoted."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def plot_distribution(results, path):
    """Per question, the fraction of its points each graded submission got (a dot each, plus the mean)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    columns = question_columns(results)
    fig, ax = plt.subplots(figsize=(max(5.0, 0.9 * len(columns) + 2), 3.8))
    rng = np.random.default_rng(0)
    for x, (assignment, q, _title) in enumerate(columns):
        fractions = [r.questions[q].score / r.questions[q].max_score
                     for r in results if r.assignment == assignment and q in r.questions
                     and r.questions[q].max_score]
        if fractions:
            ax.scatter(x + rng.uniform(-0.18, 0.18, len(fractions)), fractions, s=12, alpha=0.5)
            ax.hlines(np.mean(fractions), x - 0.3, x + 0.3, color="black", lw=2)
    ax.set_xticks(range(len(columns)), [title for _, _, title in columns], rotation=30, ha="right", fontsize=8)
    ax.set_ylim(-0.05, 1.05)
    ax.set_ylabel("fraction of the question's points")
    ax.set_title(f"Score distribution per question ({len(results)} notebooks; bar = mean)")
    fig.tight_layout()
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def summary_table(results):
    """A plain-text table: per assignment, how many notebooks, their mean score, per question means."""
    lines = []
    by_assignment = defaultdict(list)
    for r in results:
        by_assignment[r.assignment or "(not graded)"].append(r)
    header = f"{'assignment':<24} {'files':>5} {'ok':>4} {'mean':>7} {'max':>5}  problems"
    lines += [header, "-" * len(header)]
    for name in sorted(by_assignment):
        rows = by_assignment[name]
        ok = sum(r.kind is Kind.OK for r in rows)
        graded = [r for r in rows if r.questions]
        mean = sum(r.score for r in graded) / len(graded) if graded else 0.0
        top = max((r.max_score for r in rows), default=0)
        problems = defaultdict(int)
        for r in rows:
            if r.kind is not Kind.OK:
                problems[r.reason[:40]] += 1
        text = ", ".join(f"{k} x{v}" for k, v in sorted(problems.items(), key=lambda kv: -kv[1])[:3])
        lines.append(f"{name:<24} {len(rows):>5} {ok:>4} {mean:>7.2f} {top:>5g}  {text}")
        questions = defaultdict(list)
        for r in graded:
            for q, v in r.questions.items():
                questions[q].append((v.score, v.max_score))
        for q, values in questions.items():
            lines.append(f"    {q:<28} mean {sum(s for s, _ in values) / len(values):.2f} / {values[0][1]:g}")
    return "\n".join(lines)
