"""One otter master -> one nbgrader source notebook (the instructor's version nbgrader generates from).

Cells become, with nbgrader's cell metadata (schema 3):
    answer cells         solution cells (grade_id = the question, i.e. the function name), solution region
                         between ``# BEGIN SOLUTION`` / ``# END SOLUTION``; otter's PROMPT block is dropped
                         because nbgrader writes its stub there (ClearSolutions.code_stub, see texts.CODE_STUB)
    test cells           one locked grade cell per test case (grade_id = the test function's name), points by
                         otter's rule; hidden tests' code between ``### BEGIN HIDDEN TESTS`` / ``### END HIDDEN TESTS``
    everything else      locked read-only cells; the setup placeholder becomes a setup cell without otter; the
                         submit cell becomes a markdown note on nbgrader's collection; otter's raw cells go.
"""

import re
from dataclasses import dataclass, field

import nbformat

from ..master_format import (
    ANSWER,
    CODE,
    MARKDOWN,
    NO_PROMPT,
    OTTER_TAGS,
    PROMPT_BLOCK,
    SETUP,
    SUBMIT,
    TEST,
    resolve_points,
)
from . import texts

GRADE_ID = re.compile(r"^[A-Za-z0-9_-]+$")


@dataclass
class Converted:
    notebook: object
    questions: dict = field(default_factory=dict)  # question -> {grade_id: points} of its grade cells
    warnings: list = field(default_factory=list)

    @property
    def total_points(self):
        return sum(sum(cells.values()) for cells in self.questions.values())


def nbgrader_metadata(grade_id, *, solution=False, grade=False, locked=False, points=None):
    if not GRADE_ID.match(grade_id):
        raise ValueError(f"grade_id {grade_id!r} must match [A-Za-z0-9_-]+")
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
            "solution": solution, "task": False}
    if grade:
        meta["points"] = points
    return meta


def _unique(grade_id, used):
    base, n = re.sub(r"[^A-Za-z0-9_-]", "_", grade_id), 1
    grade_id = base
    while grade_id in used:
        n += 1
        grade_id = f"{base}-{n}"
    used.add(grade_id)
    return grade_id


def answer_source(source, warnings, where):
    """The answer cell for nbgrader: ``# BEGIN SOLUTION`` ... ``# END SOLUTION``, no otter PROMPT block."""
    for prompt in PROMPT_BLOCK.findall(source):
        lines = [line for line in prompt.splitlines() if line.strip()]
        if len(lines) != 1 or not texts.STANDARD_PROMPT.match(lines[0]):
            warnings.append(f"{where}: otter's prompt {prompt.strip()!r} becomes nbgrader's stub "
                            f"{texts.CODE_STUB!r} in the student version")
    source = PROMPT_BLOCK.sub("", source)
    return NO_PROMPT.sub("# BEGIN SOLUTION", source).rstrip("\n")


def _new_cell(item, kind, source, metadata):
    cell = (nbformat.v4.new_markdown_cell if kind == "markdown" else nbformat.v4.new_code_cell)(source)
    cell.id = item.cell.id
    if kind == "markdown" and item.cell.get("attachments"):
        cell.attachments = item.cell.attachments  # images pasted into the master's markdown
    cell.metadata = {k: v for k, v in item.cell.metadata.items() if k != "nbgrader"}
    tags = [t for t in cell.metadata.pop("tags", []) if t not in OTTER_TAGS]
    if tags:
        cell.metadata["tags"] = tags
    cell.metadata["nbgrader"] = metadata
    return cell


def convert(master, helpers_dir, public_files):
    """Convert a master (master.read_master); helpers_dir/public_files are what the setup cell packs."""
    out = Converted(notebook=nbformat.v4.new_notebook(metadata={
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python"}}))
    points = {id(t): p for q in master.questions for t, p in zip(q.tests, resolve_points(q))}
    used, cells = set(), out.notebook.cells
    for i, item in enumerate(master.items):
        cid = item.cell.id
        if item.role == MARKDOWN:
            nxt = master.items[i + 1] if i + 1 < len(master.items) else None
            if nxt is not None and nxt.role == SUBMIT and texts.is_submit_heading(item.cell.source):
                continue  # replaced, with the submit cell, by nbgrader's submission note
            text, warning = texts.reword_markdown(item.cell.source)
            if warning:
                out.warnings.append(f"{master.name} cell {cid}: {warning}")
            cells.append(_new_cell(item, "markdown", text, nbgrader_metadata(_unique(f"cell-{cid}", used), locked=True)))
        elif item.role == SUBMIT:
            prev = master.items[i - 1] if i else None
            heading = prev.cell.source if prev is not None and prev.role == MARKDOWN and \
                texts.is_submit_heading(prev.cell.source) else None
            cells.append(_new_cell(item, "markdown", texts.submit_note(master.name, heading),
                                   nbgrader_metadata(_unique(f"cell-{cid}", used), locked=True)))
        elif item.role == SETUP:
            cell = _new_cell(item, "code", texts.setup_source(helpers_dir, public_files),
                             nbgrader_metadata(_unique(f"cell-{cid}", used), locked=True))
            cell.metadata["jupyter"] = {"source_hidden": True}  # JupyterLab shows the first line only
            cells.append(cell)
        elif item.role == CODE:
            cells.append(_new_cell(item, "code", texts.strip_otter(item.cell.source),
                                   nbgrader_metadata(_unique(f"cell-{cid}", used), locked=True)))
        elif item.role == ANSWER:
            name = item.question.name if item.question else f"answer-{cid}"
            source = answer_source(item.cell.source, out.warnings, f"{master.name} cell {cid}")
            cells.append(_new_cell(item, "code", source, nbgrader_metadata(_unique(name, used), solution=True)))
        elif item.role == TEST:
            p = points[id(item.test)]
            grade_id = _unique(item.test.name, used)
            source = texts.hidden_test_source(item.test, p) if item.test.hidden else item.test.code
            cells.append(_new_cell(item, "code", source,
                                   nbgrader_metadata(grade_id, grade=True, locked=True, points=p)))
            out.questions.setdefault(item.question.name, {})[grade_id] = p
        else:  # pragma: no cover - read_master only makes the roles above
            raise AssertionError(item.role)
    nbformat.validate(out.notebook)
    return out
