"""Run inside a venv holding only one NumPy version: every solution function passes every hidden check.

Usage: python run_with_numpy.py <repo root>. Prints one line per check and exits 1 if any fails.
Needs only NumPy, so it shows that the solutions and bpcheck use no API missing from that version.
"""

import ast
import json
import sys
from pathlib import Path

import numpy as np

root = Path(sys.argv[1])
sys.path.insert(0, str(root / "source"))
from bpcheck import hidden  # noqa: E402

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
        # definition cells only: functions and classes, with the constant tables beside them (no calls, so
        # nothing that needs more than NumPy runs)
        definitions = (ast.FunctionDef, ast.ClassDef)
        plain = all(isinstance(node, definitions) or isinstance(node, ast.Assign)
                    and not any(isinstance(n, ast.Call) for n in ast.walk(node.value)) for node in tree.body)
        if plain and any(isinstance(node, definitions) for node in tree.body):
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
