"""Run inside a venv holding only one NumPy version: every solution function passes every hidden check.

Usage: python run_with_numpy.py <repo root>. Prints one line per check and exits 1 if any fails.
Needs only NumPy, so it shows that the solutions and bpcheck use no API missing from that version.
"""

import ast
import builtins
import json
import sys
from pathlib import Path

import numpy as np

root = Path(sys.argv[1])
sys.path.insert(0, str(root / "source"))
from bpcheck import hidden  # noqa: E402

DEFINITIONS = (ast.FunctionDef, ast.ClassDef)


def runs_with_numpy_alone(tree, namespace):
    """A definition cell: functions and classes, with the constant tables beside them. A table may name only
    what is defined already (above, or earlier in the cell: a table of functions from a cell skipped here, say
    one that plots, could not be built) and calls nothing, so nothing that needs more than NumPy runs."""
    known = set(namespace) | set(dir(builtins))
    for node in tree.body:
        if isinstance(node, ast.Assign):
            names = {n.id for n in ast.walk(node.value) if isinstance(n, ast.Name)}
            if any(isinstance(n, ast.Call) for n in ast.walk(node.value)) or not names <= known:
                return False
            known |= {n.id for t in node.targets for n in ast.walk(t) if isinstance(n, ast.Name)}
        elif isinstance(node, DEFINITIONS):
            known.add(node.name)
        else:
            return False
    return any(isinstance(node, DEFINITIONS) for node in tree.body)


failures = 0
for solution in sorted((root / "solutions").glob("*/*.ipynb")):
    namespace = {"np": np}
    for cell in json.loads(solution.read_text())["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] != "code":
            continue
        try:
            tree = ast.parse(source)
        except SyntaxError:  # a cell with IPython magics: no definitions the checks need
            continue
        if runs_with_numpy_alone(tree, namespace):
            exec(compile(tree, solution.name, "exec"), namespace)
    for (function, aspect), check in hidden.CHECKS.items():
        if function in namespace:
            try:
                check(namespace[function])
                print(f"ok    numpy {np.__version__}  {solution.stem}  {function}/{aspect}")
            except AssertionError as exc:
                failures += 1
                print(f"FAIL  numpy {np.__version__}  {solution.stem}  {function}/{aspect}: {exc}")
sys.exit(1 if failures else 0)
