"""Graded answers as expression shapes: what "this code computes part N's answer" means, defined once.

A solution statement is the value of each assignment, return or expression statement of a graded
function's solution, as an ``ast`` shape in which every variable becomes ``_`` (the functions called and
NumPy's attributes keep their names, so ``np.outer(inputs, d_z)`` and ``np.outer(h1, d_output)`` are one
shape). Shapes of fewer than five nodes (``W @ d``, a bare name) say too little to count, nor does a tuple of
names (``return d_W1, d_b1, d_W2, d_b2``), and a plain call of a graded function
(``forward_pass(x, W1, b1, W2, b2)``) is how a demo calls the student's own code.

A part's answer (``part_answers``) is its solutions' statement shapes less what an earlier part already
taught: a shape that an earlier part's student files show (part 3 gives the layer's forward pass
``x @ W + b``, which parts 4 and 5 compute again and state as the layer's definition), and the few earlier
answers listed in ``TAUGHT_ANSWERS`` that a later notebook states on purpose. An earlier part's answer is not
exempt otherwise: part 4's ``np.outer(x, d_z1)`` is part 3's answer too and stays part 4's.

``make publish`` withholds given code holding another open part's answer with these shapes, and the build
tests (tests/build/test_no_computed_answer.py, test_publish.py) look for them in everything a student reads.
"""

import ast
import base64
import copy
import io
import json
import re
import zipfile
from pathlib import Path

from .config import ROOT, masters
from .sample_submissions import solution_sources

MIN_NODES = 5
KEEP = {"np"}  # names that are not variables: NumPy itself
UNWRAP = {"float", "int", "np.asarray", "np.array"}  # a cast around a computation: the computation counts too


class _Eraser(ast.NodeTransformer):
    def visit_Call(self, call):
        func = call.func if isinstance(call.func, ast.Name) else self.visit(call.func)
        return ast.Call(func=func, args=[self.visit(a) for a in call.args],
                        keywords=[self.visit(k) for k in call.keywords])

    def visit_Name(self, name):
        return ast.Name(id=name.id if name.id in KEEP else "_")


def erase(node):
    """An ast dump of node with variables erased: callee names and NumPy's attributes kept."""
    return ast.dump(_Eraser().visit(copy.deepcopy(node)), annotate_fields=False, include_attributes=False)


def shape_of(expression):
    """The shape of an expression written as code, e.g. ``shape_of("d_Z.sum(axis=0)")``."""
    return erase(ast.parse(expression, mode="eval").body)


def size(node):
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
            if size(expr) >= MIN_NODES and not plain_call and not names_only:
                shapes[erase(expr)] = ast.unparse(stmt)
    return shapes


def expression_shapes(source):
    """The shapes of every expression in some code (a cell, a file, a function); set() if it does not parse."""
    if isinstance(source, ast.AST):
        tree = source
    else:
        lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
        try:
            tree = ast.parse("\n".join(lines))
        except SyntaxError:
            return set()
    return {erase(node) for node in ast.walk(tree) if isinstance(node, ast.expr)}


def _packed_files(cell_source):
    """The files a setup cell unpacks: {name: text} from its base64 zip."""
    match = re.search(r"PUBLIC_FILES = \((.*?)\n\)", cell_source, re.S)
    if not match:
        return {}
    data = base64.b64decode("".join(re.findall(r'"([A-Za-z0-9+/=]+)"', match.group(1))))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {f"setup cell: {n}": zf.read(n).decode() for n in zf.namelist() if n.endswith(".py")}


def student_sources(folder: Path):
    """{where: Python source} for everything a student of this notebook can read: the notebook's code cells,
    the files beside it (tests/, bpcheck/) and the files packed into its setup cell."""
    sources = {}
    for path in sorted(Path(folder).rglob("*")):
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


# Answers of an earlier part that a later notebook states on purpose, each with the part whose graded answer it
# is (it stays that part's answer, protected there) and why later parts may show it.
TAUGHT_ANSWERS = {
    shape_of("d_Z.sum(axis=0)"): (
        "05_minibatch_classifier",
        "the bias gradient of a batch, part 5's linear_backward's d_b. Part 6 gives part 5's building blocks "
        "(its section 1), so its given linear_backward shows it; the same step, summing the batch axis away, is "
        "one line of part 6's add_backward, whose answer is the rule around it (which axes, keepdims)"),
}


def part_answers(root: Path = ROOT):
    """{part: {shape: (function, statement)}}: each part's own answer, in course order, from a build folder
    holding assignments/ and solutions/. A shape an earlier part's student files show, or one of
    ``TAUGHT_ANSWERS`` whose part comes earlier, is not a later part's answer."""
    answers, taught = {}, set()
    for part in (m.stem for m in masters()):
        solutions = solution_sources(part, root)
        answers[part] = {shape: (function, statement) for function, source in solutions.items()
                         for shape, statement in solution_shapes(source, set(solutions)).items()
                         if shape not in taught}
        for source in student_sources(Path(root) / "assignments" / part).values():
            taught |= expression_shapes(source)
        taught |= {shape for shape, (teacher, _) in TAUGHT_ANSWERS.items() if teacher == part}
    return answers
