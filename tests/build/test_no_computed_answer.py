"""No student-visible file computes a graded answer: the solution's statements, as expression shapes with the
names erased, appear nowhere in what a student of that notebook can read.

What a student can read: the student notebook's code cells, the files beside it (tests/, bpcheck/) and the
files packed into its setup cell. A solution statement is the value of each assignment, return or expression
statement of the graded function's solution, as an ``ast`` shape in which every variable becomes ``_`` (the
functions called and NumPy's attributes keep their names, so ``np.outer(inputs, d_z)`` and
``np.outer(h1, d_output)`` are one shape). Shapes of fewer than five nodes (``W @ d``, a bare name) say too
little to count, nor does a tuple of names (``return d_W1, d_b1, d_W2, d_b2``), and a plain call of a graded
function (``forward_pass(x, W1, b1, W2, b2)``) is how a demo
calls the student's own code. ``violations(root, assignment)`` does the work, so it can be pointed at an older
build (``python -m tests.build.test_no_computed_answer <build folder>`` prints what it finds there).
"""

import ast
import base64
import io
import json
import re
import sys
import zipfile
from pathlib import Path

from coursekit.config import ROOT, masters
from coursekit.sample_submissions import solution_sources

MIN_NODES = 5
KEEP = {"np"}  # names that are not variables: NumPy itself
UNWRAP = {"float", "int", "np.asarray", "np.array"}  # a cast around a computation: the computation counts too


def _erase(node):
    """An ast dump of node with variables erased: callee names and NumPy's attributes kept."""

    class Eraser(ast.NodeTransformer):
        def visit_Call(self, call):
            func = call.func if isinstance(call.func, ast.Name) else self.visit(call.func)
            return ast.Call(func=func, args=[self.visit(a) for a in call.args],
                            keywords=[self.visit(k) for k in call.keywords])

        def visit_Name(self, name):
            return ast.Name(id=name.id if name.id in KEEP else "_")

    import copy

    return ast.dump(Eraser().visit(copy.deepcopy(node)), annotate_fields=False, include_attributes=False)


def _size(node):
    return sum(1 for n in ast.walk(node) if not isinstance(n, (ast.expr_context, ast.operator, ast.cmpop,
                                                                ast.unaryop, ast.boolop)))


def _callee(call):
    return ast.unparse(call.func) if isinstance(call, ast.Call) else None


def solution_shapes(source, graded):
    """{shape: the statement's code} for a solution function's statements worth comparing."""
    fn = ast.parse(source).body[0]
    shapes = {}
    for stmt in ast.walk(fn):
        value = getattr(stmt, "value", None) if isinstance(stmt, (ast.Return, ast.Assign, ast.AugAssign,
                                                                    ast.AnnAssign, ast.Expr)) else None
        if value is None or isinstance(value, ast.Constant):
            continue
        candidates = [value]
        if isinstance(value, ast.Call) and _callee(value) in UNWRAP and value.args:
            candidates.append(value.args[0])
        for expr in candidates:
            plain_call = (isinstance(expr, ast.Call) and _callee(expr) in graded
                          and all(isinstance(a, ast.Name) for a in expr.args))
            names_only = isinstance(expr, ast.Tuple) and all(isinstance(e, ast.Name) for e in expr.elts)
            if _size(expr) >= MIN_NODES and not plain_call and not names_only:
                shapes[_erase(expr)] = ast.unparse(stmt)
    return shapes


def _packed_files(cell_source):
    """The files a setup cell unpacks: {name: text} from its base64 zip."""
    match = re.search(r"PUBLIC_FILES = \((.*?)\n\)", cell_source, re.S)
    if not match:
        return {}
    data = base64.b64decode("".join(re.findall(r'"([A-Za-z0-9+/=]+)"', match.group(1))))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {f"setup cell: {n}": zf.read(n).decode() for n in zf.namelist() if n.endswith(".py")}


def student_sources(folder: Path):
    """{where: Python source} for everything a student of this notebook can read."""
    sources = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if "__pycache__" in path.parts or not path.is_file():
            continue
        if path.suffix == ".py":
            sources[rel] = path.read_text()
        elif path.suffix == ".ipynb":
            for i, cell in enumerate(json.loads(path.read_text())["cells"]):
                if cell["cell_type"] == "code":
                    text = "".join(cell["source"])
                    sources[f"{rel} cell {i}"] = text
                    sources.update(_packed_files(text))
    return sources


def _expression_shapes(source):
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return set()
    return {_erase(node) for node in ast.walk(tree) if isinstance(node, ast.expr)}


def violations(root: Path, assignment: str):
    """[(graded function, solution statement, where it appears)] for one notebook under a build root."""
    solutions = solution_sources(assignment, root)
    graded = set(solutions)
    found = []
    student = {where: _expression_shapes(src) for where, src in student_sources(Path(root) / "assignments" /
                                                                               assignment).items()}
    for function, source in solutions.items():
        for shape, statement in solution_shapes(source, graded).items():
            for where, shapes in student.items():
                if shape in shapes:
                    found.append((function, statement, where))
    return found


ASSIGNMENTS = [m.stem for m in masters()]


def test_no_student_file_computes_a_graded_answer(assignment):
    found = violations(ROOT, assignment)
    assert not found, "solution statements in student-visible files:\n" + "\n".join(
        f"  {f}: `{s}` in {w}" for f, s, w in found)


def test_the_check_would_catch_a_computed_answer(tmp_path):
    """Not vacuous: every graded function has statements to look for, and a renamed copy of one is found."""
    for assignment in ASSIGNMENTS:
        solutions = solution_sources(assignment)
        for function, source in solutions.items():
            assert solution_shapes(source, set(solutions)), f"nothing to look for in {function}"
    planted = "def grads(a, b):\n    return np.outer(a, b * (b > 0))\n\nout = 2 * (p - t) / p.size\n"
    shapes = _expression_shapes(planted)
    gradient = solution_shapes(solution_sources("01_loss_gradient")["mse_gradient"], {"mse_gradient"})
    assert set(gradient) & shapes


if __name__ == "__main__":  # python -m tests.build.test_no_computed_answer <build root>
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT
    total = 0
    for a in ASSIGNMENTS:
        for function, statement, where in violations(root, a):
            total += 1
            print(f"{a}: {function}: `{statement}` in {where}")
    print(f"{total} solution statement(s) found in student-visible files under {root}")
