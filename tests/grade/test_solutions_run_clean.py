"""Every part's solution notebook runs in the sandbox without a single cell error, and scores full marks.

A score alone would not show it: the graded functions may be defined before a cell that fails. This catches
a confinement that is too narrow for what notebooks really do (a Landlock whitelist that left out
site-packages' data files: Matplotlib's fonts, scikit-learn's digits, contourpy for a contour plot).
"""

import pytest

from coursekit.config import AUTOGRADER, SOLUTIONS, repository_folders
from coursekit.grader.runner import Grader

PARTS = sorted(p.name for p in AUTOGRADER.iterdir() if (p / f"{p.name}-autograder.zip").exists())


@pytest.fixture(scope="module")
def grader():
    with Grader(AUTOGRADER, hide=repository_folders()) as g:
        yield g


@pytest.mark.parametrize("part", PARTS)
def test_solution_runs_clean_in_the_sandbox(grader, part):
    (result,) = grader.grade_file(SOLUTIONS / part / f"{part}.ipynb")
    assert result.status == "ok" and result.score == result.max_score > 0, (result.status, result.score)
    assert result.cell_errors == [], result.cell_errors
    assert not result.missing_protections, result.missing_protections
