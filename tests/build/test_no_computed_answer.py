"""No student-visible file computes a graded answer: the notebook's own answer, as expression shapes with the
names erased, appears nowhere in what a student of that notebook can read.

What a student can read: the student notebook's code cells, the files beside it (tests/, bpcheck/) and the
files packed into its setup cell. The shapes and what counts as a part's own answer are defined once, in
``coursekit/answer_shapes.py`` (``make publish`` uses them too): each statement of a graded function's solution
with its variables erased (``np.outer(inputs, d_z)`` and ``np.outer(h1, d_output)`` are one shape), at least
five nodes, not a tuple of names nor a plain call of a graded function; less what an earlier part taught (a
shape its student files show, such as the affine map ``x @ W + b`` that part 3 gives as the layer's forward
pass and every later notebook states as the layer's definition, and ``TAUGHT_ANSWERS``, such as part 5's
bias gradient ``d_Z.sum(axis=0)`` that part 6's given building blocks show). ``violations(root, assignment)``
does the work, so it can be pointed at an older build (``python -m tests.build.test_no_computed_answer <build
folder>`` prints what it finds there).
"""

import functools
import sys
from pathlib import Path

from coursekit.answer_shapes import TAUGHT_ANSWERS, expression_shapes, part_answers, solution_shapes, student_sources
from coursekit.config import ROOT, masters
from coursekit.sample_submissions import solution_sources

# Graded functions none of whose statements is large enough to compare (every one is a name, a call on names
# or an append, under five nodes): this check cannot see them, so each is listed here with what guards it.
ALL_STATEMENTS_TOO_SMALL = {
    "topological_order": "a depth-first search (visited.add(name), visit(parent), order.append(name)): its "
                         "answer is the order of those small steps, no single statement. test_no_leaks greps "
                         "every student file for its lines of more than 12 characters (order, visited = [], "
                         "set(); if name in visited:; visited.add(name); order.append(name)).",
}


@functools.lru_cache(maxsize=None)
def _answers(root):
    return part_answers(Path(root))


def violations(root: Path, assignment: str):
    """[(graded function, solution statement, where it appears)] for one notebook under a build root."""
    found = []
    student = {where: expression_shapes(src) for where, src in student_sources(Path(root) / "assignments" /
                                                                              assignment).items()}
    for shape, (function, statement) in _answers(str(root))[assignment].items():
        for where, shapes in student.items():
            if shape in shapes:
                found.append((function, statement, where))
    return found


ASSIGNMENTS = [m.stem for m in masters()]


def test_no_student_file_computes_a_graded_answer(assignment):
    found = violations(ROOT, assignment)
    assert not found, "solution statements in student-visible files:\n" + "\n".join(
        f"  {f}: `{s}` in {w}" for f, s, w in found)


def test_the_check_would_catch_a_computed_answer():
    """Not vacuous: every part has statements to look for, every graded function too unless listed above (and a
    listed one really has none), the exemptions keep their part's own answer protected, and a renamed copy of an
    answer is found."""
    answers = _answers(str(ROOT))
    for assignment in ASSIGNMENTS:
        solutions = solution_sources(assignment)
        assert answers[assignment], f"nothing to look for in {assignment}"
        looked_for = {function for function, _ in answers[assignment].values()}
        for function, source in solutions.items():
            if function in ALL_STATEMENTS_TOO_SMALL:
                assert not solution_shapes(source, set(solutions)), f"{function} has statements to compare now"
            else:
                assert function in looked_for, f"nothing to look for in {function}"
    for shape, (teacher, _) in TAUGHT_ANSWERS.items():
        assert shape in answers[teacher], f"a TAUGHT_ANSWERS entry is no answer of {teacher}"
    planted = "def grads(a, b):\n    return np.outer(a, b * (b > 0))\n\nout = 2 * (p - t) / p.size\n"
    gradient = solution_shapes(solution_sources("01_loss_gradient")["mse_gradient"], {"mse_gradient"})
    assert set(gradient) & expression_shapes(planted) & set(answers["01_loss_gradient"])


if __name__ == "__main__":  # python -m tests.build.test_no_computed_answer <build root>
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT
    total = 0
    for a in ASSIGNMENTS:
        for function, statement, where in violations(root, a):
            total += 1
            print(f"{a}: {function}: `{statement}` in {where}")
    print(f"{total} solution statement(s) found in student-visible files under {root}")
