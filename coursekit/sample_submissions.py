"""Sample submissions, made mechanically: a student notebook with some answers filled in.

Every graded answer is a function in a cell otter tags ``otter_answer_cell``; a submission is the student
notebook with those cells' code replaced. Used by the demo, the accuracy and attack suites, the benchmark,
the Colab simulation and the nbgrader comparison. ``root`` is a build folder holding assignments/ and
solutions/ (default: the repository).
"""

from pathlib import Path

import nbformat

from .config import ROOT
from .master_format import ANSWER_TAG, defined_functions


def _notebook(kind, assignment, root):
    return nbformat.read(Path(root or ROOT) / kind / assignment / f"{assignment}.ipynb", as_version=4)


def student_notebook(assignment, root=None):
    return _notebook("assignments", assignment, root)


def answer_cells(nb):
    """{function name: cell} for the cells students fill in."""
    cells = {}
    for cell in nb.cells:
        if cell.cell_type == "code" and ANSWER_TAG in cell.metadata.get("tags", []):
            for name in defined_functions(cell.source):
                cells[name] = cell
    return cells


def solution_sources(assignment, root=None):
    """{function name: the solution cell's source} from the generated solution notebook."""
    graded = answer_cells(student_notebook(assignment, root))
    sources = {}
    for cell in _notebook("solutions", assignment, root).cells:
        if cell.cell_type == "code":
            for name in defined_functions(cell.source):
                if name in graded:
                    sources[name] = cell.source
    return sources


def make_submission(assignment, answers=None, solved=True, root=None):
    """The student notebook with answer cells replaced.

    answers : {function name: source code}, code for particular answer cells
    solved  : whether the other answer cells get the solution (True) or stay as stubs (False)
    """
    nb = student_notebook(assignment, root)
    cells = answer_cells(nb)
    fill = solution_sources(assignment, root) if solved else {}
    fill.update(answers or {})
    unknown = set(fill) - set(cells)
    if unknown:
        raise KeyError(f"{assignment} has no answer cell for {sorted(unknown)}")
    for name, source in fill.items():
        cells[name].source = source
    return nb
