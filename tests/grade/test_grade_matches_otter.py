"""The hardened grader gives the same per-question scores as the real `otter run` on the same autograder zip:
for the first notebook its solution, untouched stub and two wrong submissions (a flipped sign, a halved
result); for every other built notebook a wrong submission with partial credit."""

from concurrent.futures import ThreadPoolExecutor

import nbformat
import pytest

from coursekit.bench import variants
from coursekit.config import AUTOGRADER, ROOT, repository_folders
from coursekit.grader.autograders import discover
from coursekit.grader.runner import Grader

from ..conftest import otter_run

BUILT = sorted(discover(AUTOGRADER))
CASES = [(BUILT[0], kind) for kind in ("solution", "stub", "sign", "half")] + [(a, "half") for a in BUILT[1:]]


def notebook(assignment, kind):
    for name, nb in variants(ROOT, assignment):
        if name.split("-")[-1] == kind:
            return nb  # the first function's mistake
    raise KeyError(kind)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """{(assignment, kind): (otter run's {question: (score, max)}, our result)}, otter runs two at a time."""
    root = tmp_path_factory.mktemp("otter-vs-ours")
    paths = {}
    for assignment, kind in CASES:
        path = root / f"{assignment}-{kind}" / f"{assignment}.ipynb"
        path.parent.mkdir()
        nbformat.write(notebook(assignment, kind), path)
        paths[(assignment, kind)] = path
    with ThreadPoolExecutor(2) as pool:
        otter = dict(zip(paths, pool.map(lambda key: otter_run(key[0], paths[key], paths[key].parent), paths)))
    with Grader(AUTOGRADER, hide=repository_folders()) as grader:
        ours = {key: grader.grade_file(path)[0] for key, path in paths.items()}
    return {key: (otter[key], ours[key]) for key in paths}


@pytest.mark.parametrize("assignment, kind", CASES, ids=[f"{a}-{k}" for a, k in CASES])
def test_scores_match_otter_run(graded, assignment, kind):
    otter, result = graded[(assignment, kind)]
    assert result.status == "ok", result.status
    mine = {q: (v.score, v.max_score) for q, v in result.questions.items()}
    theirs = {q: v for q, v in otter.items() if q in mine}
    assert set(theirs) == set(mine), (otter, mine)
    assert mine == theirs, f"ours {mine} vs otter run {theirs}"
    if kind == "solution":
        assert result.score == result.max_score > 0
    else:
        assert result.score < result.max_score
