"""Feedback a student can read: per question the points, public tests' messages, and for hidden tests
only the message of the failed check (written for students, without inputs), never test code."""

from pathlib import Path


def _fmt(x):
    return f"{x:g}" if isinstance(x, (int, float)) else str(x)


def feedback_markdown(results):
    """Markdown for one submitted file (the results of each notebook it holds)."""
    if not results:
        return ""
    lines = [f"# Feedback for `{results[0].submission}`", ""]
    for r in results:
        if len(results) > 1 or r.notebook != r.submission.rsplit("/", 1)[-1]:
            lines += [f"## Notebook `{r.notebook}`", ""]
        if not r.questions:
            lines += [f"**This file could not be graded:** {r.status}.", ""]
            continue
        lines += [f"**Assignment:** {r.assignment}  ", f"**Score:** {_fmt(r.score)} / {_fmt(r.max_score)}", ""]
        if r.status != "ok":
            lines += [f"**Note:** {r.status}", ""]
        by_question = {}
        for t in r.tests:
            by_question.setdefault(t.question, []).append(t)
        for q, info in r.questions.items():
            lines += [f"### {q}: {_fmt(info.score)} / {_fmt(info.max_score)}", ""]
            for t in by_question.get(q, []):
                kind = "hidden test" if t.hidden else "test"
                mark = "passed" if t.passed else "failed"
                lines.append(f"- {kind} `{t.name}` ({_fmt(t.points)} pt): **{mark}**")
                if t.message:
                    lines += ["", "  ```", *("  " + line for line in t.message.splitlines()), "  ```"]
            lines.append("")
        if r.cell_errors:
            lines += ["### Errors while running your notebook", ""]
            for e in r.cell_errors[:10]:
                lines.append(f"- cell {e.get('cell')}: `{str(e.get('error'))[:300]}`")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def feedback_path(out, submission):
    """``OUT/feedback/<submission>.md``, with every folder of the path that ends in ".md" or "_" given one
    more "_": one-to-one, and no folder can be named like a feedback file (which all end in ".md"), so the
    feedback of ``x.ipynb`` and of ``x.ipynb.md/y.ipynb`` never collide."""
    parts = str(submission).replace("\\", "/").split("/")
    folders = [p + "_" if p.endswith((".md", "_")) else p for p in parts[:-1]]
    return Path(out, "feedback", *folders, parts[-1] + ".md")


def write_feedback(out, submission, results):
    path = feedback_path(out, submission)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(feedback_markdown(results), encoding="utf-8")
    return path
