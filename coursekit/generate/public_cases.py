"""Public cases as data: the masters' ``case(...)`` calls -> literal numbers in the public test files.

A master's public test cell checks a graded function on a declared case:

    def test_mse_gradient_example(mse_gradient):
        from bpcheck.cases import case
        from bpcheck.public import check
        check(mse_gradient, case("mse_gradient", "example"))

``source/bpcheck/cases.py`` declares each case's inputs and completes them with the reference answer and
what every named mistake of ``hidden.py`` would return. Before ``otter assign`` (and the nbgrader
conversion) ``stage_master`` copies the master with each ``case(...)`` call replaced by that dict written
out as literals (numbers in ``np.array(...)``, ``Mistake(label, values)``), so the public test files a student
receives hold data, never the code that computed it, and the import of the private ``bpcheck.cases`` is gone.
"""

import math
import re
import shutil
import sys
from pathlib import Path

import nbformat
import numpy as np

from ..config import SOURCE

CASE_CALL = re.compile(r'\bcase\("(\w+)", "(\w+)"\)')
CASES_IMPORT = re.compile(r"^([ \t]*)from bpcheck\.cases import case[ \t]*$", flags=re.M)
LITERAL_IMPORTS = ["import numpy as np", "from bpcheck.compare import Mistake, Region"]


def _cases_module():
    if str(SOURCE) not in sys.path:
        sys.path.insert(0, str(SOURCE))
    import importlib

    return importlib.import_module("bpcheck.cases")


def _number(x, dtype=float):
    x = float(x)
    if math.isnan(x):
        return "np.nan"
    if math.isinf(x):
        return "np.inf" if x > 0 else "-np.inf"
    if dtype == "int":
        return str(int(x))
    return repr(x)


def _nested(a, kind):
    if a.ndim == 0:
        return _number(a, kind)
    return "[" + ", ".join(_nested(row, kind) for row in a) + "]"


def render_value(value):
    """Python source for one value of a case: numbers, arrays, tuples, lists, Mistakes and Regions."""
    from_compare = type(value).__name__
    if from_compare in ("Mistake", "Region"):
        return f"{from_compare}({value[0]!r}, {render_value(value[1])})"
    if isinstance(value, np.ndarray):
        if value.dtype == bool:
            return f"np.array({_nested(value.astype(int), 'int').replace('1', 'True').replace('0', 'False')})"
        if np.issubdtype(value.dtype, np.integer):
            return f"np.array({_nested(value, 'int')}, dtype=np.int64)"
        if value.dtype == np.float32:
            return f"np.array({_nested(value.astype(float), float)}, dtype=np.float32)"
        return f"np.array({_nested(value.astype(float), float)})"
    if isinstance(value, (bool, np.bool_)):
        return repr(bool(value))
    if isinstance(value, (int, float, np.floating, np.integer)):
        return _number(value)
    if isinstance(value, str) or value is None:
        return repr(value)
    if isinstance(value, tuple):
        return "(" + ", ".join(render_value(v) for v in value) + ("," if len(value) == 1 else "") + ")"
    if isinstance(value, list):
        return "[" + ", ".join(render_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k!r}: {render_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"cannot write a {type(value).__name__} into a public test")


def _render_list(items, indent):
    pad = " " * indent
    return "[\n" + "".join(f"{pad}    {render_value(m)},\n" for m in items) + f"{pad}]"


def render_case(case, indent=4):
    """A case dict as readable source: one key per line, one mistake per line."""
    pad = " " * indent
    lines = ["{"]
    for key, value in case.items():
        if key == "mistakes" and isinstance(value, list):
            text = _render_list(value, indent + 4)
        elif key == "mistakes" and isinstance(value, dict):
            inner = []
            for name, items in value.items():
                if isinstance(items, dict):  # train_step: {"params": {name: [...]}}
                    sub = "".join(f"{pad}            {k!r}: {_render_list(v, indent + 12)},\n" for k, v in items.items())
                    inner.append(f"{pad}        {name!r}: {{\n{sub}{pad}        }},\n")
                else:
                    inner.append(f"{pad}        {name!r}: {_render_list(items, indent + 8)},\n")
            text = "{\n" + "".join(inner) + f"{pad}    }}"
        else:
            text = render_value(value)
        lines.append(f"{pad}    {key!r}: {text},")
    lines.append(f"{pad}}}")
    return "\n".join(lines)


def inline_cases(source):
    """A test cell's source with every case(...) call written out as data; unchanged if it calls none."""
    if not CASE_CALL.search(source):
        return source
    cases = _cases_module()

    def indent_of(pos):
        line_start = source.rfind("\n", 0, pos) + 1
        return len(source[line_start:pos]) - len(source[line_start:pos].lstrip())

    out, last = [], 0
    for match in CASE_CALL.finditer(source):
        out.append(source[last:match.start()])
        out.append(render_case(cases.case(match.group(1), match.group(2)), indent_of(match.start())))
        last = match.end()
    out.append(source[last:])
    text = "".join(out)
    return CASES_IMPORT.sub(lambda m: "\n".join(m.group(1) + line for line in LITERAL_IMPORTS), text)


def stage_master(master: Path, folder: Path) -> Path:
    """Write the master with its cases inlined, and source/bpcheck beside it, into folder; return its path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    nb = nbformat.read(master, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.source = inline_cases(cell.source)
    staged = folder / Path(master).name
    nbformat.write(nb, staged)
    shutil.copytree(Path(master).parent / "bpcheck", folder / "bpcheck", dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__"))
    return staged
