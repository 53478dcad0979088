"""The one reader of masters: roles, questions, the functions each grades, and the tests' points."""

import pytest

from coursekit.config import masters
from coursekit.master_format import ANSWER, SETUP, SUBMIT, TEST, read_master, resolve_points, solution_code

MASTERS = masters()


@pytest.mark.parametrize("path", MASTERS, ids=[m.stem for m in MASTERS])
def test_every_master_reads(path):
    master = read_master(path)
    roles = [item.role for item in master.items]
    assert roles.count(SETUP) == 1 and roles.count(SUBMIT) == 1
    assert master.questions and all(q.functions and q.tests for q in master.questions)
    assert roles.count(TEST) == sum(len(q.tests) for q in master.questions)
    for question in master.questions:
        points = resolve_points(question)
        assert len(points) == len(question.tests) and sum(points) > 0
        assert any(t.hidden for t in question.tests) and any(not t.hidden for t in question.tests)
    answers = [item for item in master.items if item.role == ANSWER]
    for item in answers:
        code = solution_code(item.cell.source)
        assert "BEGIN SOLUTION" not in code and "NotImplementedError" not in code


def test_solution_code_drops_markers_and_prompt():
    cell = ('def f(x):\n    """doc"""\n    # BEGIN SOLUTION NO PROMPT\n    return 2 * x\n'
            '    # END SOLUTION\n    """ # BEGIN PROMPT\n    raise NotImplementedError\n    """ # END PROMPT\n')
    assert solution_code(cell) == 'def f(x):\n    """doc"""\n    return 2 * x'
