"""Publish: the student tree for the public repository, holding no answer of a part that is not closed.

    python -m coursekit publish --dest <folder>      (make publish DEST=<folder>)

Writes, from the generated ``assignments/``:

    <dest>/README.md                          a short README for students: the released parts, their Colab links
    <dest>/assignments/<part>/...             each released part's student folder (notebook, tests/, bpcheck/)

``course.toml`` says which parts are released and which are closed (for example after their deadline):

    [parts]
    released = ["01_loss_gradient", "02_relu_backward"]
    closed = ["01_loss_gradient"]

Later parts use earlier parts' functions (part 3 calls ``relu_gradient``, part 4 ``mse_gradient`` and the
ReLU). The generated notebooks give those as ready code, which is that earlier part's graded answer. Here a
given function of a part that is not closed is replaced by a stub that keeps its signature and docstring and
asks the student to paste their own version from that part; once the part is closed, the given code is
published as is. The Colab badges already point at ``course.toml``'s [colab] repository, where this tree
belongs (at its root: the badges' paths are ``assignments/<part>/<part>.ipynb``).
"""

import ast
import shutil
import tomllib
from pathlib import Path

import nbformat

from .config import ASSIGNMENTS, ROOT, colab_settings, masters
from .generate.normalize import write_notebook
from .master_format import ANSWER_TAG, defined_functions


def parts_settings(path: Path = ROOT / "course.toml"):
    """(released, closed) part names from course.toml's [parts] (default: every part released, none closed)."""
    with open(path, "rb") as f:
        settings = tomllib.load(f).get("parts", {})
    every = [m.stem for m in masters()]
    released = list(settings.get("released", every))
    closed = list(settings.get("closed", []))
    unknown = sorted(set(released + closed) - set(every))
    if unknown:
        raise ValueError(f"course.toml [parts] names unknown parts: {unknown}")
    return [p for p in every if p in released], [p for p in every if p in closed]


def graded_functions(assignments=ASSIGNMENTS):
    """{function: the part that grades it}, from the answer cells of the generated student notebooks."""
    owner = {}
    for master in masters():
        nb = nbformat.read(Path(assignments) / master.stem / f"{master.stem}.ipynb", as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code" and ANSWER_TAG in cell.metadata.get("tags", []):
                for name in defined_functions(cell.source):
                    owner[name] = master.stem
    return owner


def stub_source(function_node, part):
    """A function's signature and docstring, with a body asking for the student's own version from ``part``."""
    number = int(part[:2])
    doc = ast.get_docstring(function_node)
    args = ast.unparse(function_node.args)
    lines = [f"def {function_node.name}({args}):"]
    if doc:
        lines.append('    """' + doc.replace("\n", "\n    ") + '"""')
    lines.append(f"    # Paste the body of your own {function_node.name} from part {number} ({part}) here.")
    lines.append(f'    raise NotImplementedError("{function_node.name}: paste your own version from part {number}")')
    return "\n".join(lines)


def withhold_given_code(nb, this_part, owner, closed):
    """Replace, in the given (non-answer) cells, every function graded by another part that is not closed.

    Returns the names replaced. A cell that defined them gets a short note on top.
    """
    replaced = []
    for cell in nb.cells:
        if cell.cell_type != "code" or ANSWER_TAG in cell.metadata.get("tags", []):
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        lines = cell.source.splitlines()
        edits = []
        for node in tree.body:
            part = owner.get(getattr(node, "name", None)) if isinstance(node, ast.FunctionDef) else None
            if part and part != this_part and part not in closed:
                edits.append((node.lineno, node.end_lineno, stub_source(node, part)))
                replaced.append(node.name)
        if not edits:
            continue
        for start, end, text in reversed(edits):
            lines[start - 1:end] = text.splitlines()
        note = ("# These functions are graded in an earlier part that is still open: paste your own code into them\n"
                "# (once that part is closed, the course publishes its reference code here instead).")
        cell.source = note + "\n" + "\n".join(lines)
    return replaced


STUDENT_README = """# {title}

The notebooks of the course, one per part. Open one in Google Colab with its badge (or download the
notebook and open it in Jupyter), run its setup cell first, and follow the notebook.

| part | notebook | open |
|---|---|---|
{rows}

Each notebook's public checks (`grader.check(...)`) say what is wrong before you submit; hidden tests grade the
submission. Where a notebook uses functions from an earlier part that is still open, it asks you to paste your
own versions; once that part is closed, its reference code appears here instead.
"""


def publish(dest: Path, assignments: Path = ASSIGNMENTS, settings: Path = ROOT / "course.toml", log=print):
    """Write the published tree into dest (its assignments/ and README.md are replaced); returns the files."""
    dest = Path(dest)
    released, closed = parts_settings(settings)
    owner = graded_functions(assignments)
    shutil.rmtree(dest / "assignments", ignore_errors=True)
    colab = colab_settings()
    rows = []
    for part in released:
        src = Path(assignments) / part
        out = dest / "assignments" / part
        shutil.copytree(src, out, ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
        nb = nbformat.read(src / f"{part}.ipynb", as_version=4)
        replaced = withhold_given_code(nb, part, owner, closed)
        write_notebook(nb, out / f"{part}.ipynb")
        url = (f"https://colab.research.google.com/github/{colab['owner']}/{colab['repository']}/blob/"
               f"{colab['branch']}/assignments/{part}/{part}.ipynb")
        rows.append(f"| {int(part[:2])} | [`{part}`](assignments/{part}/{part}.ipynb) | "
                    f"[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]({url}) |")
        log(f"[{part}] published" + (f"; asks for the student's own {', '.join(replaced)}" if replaced else ""))
    (dest / "README.md").write_text(STUDENT_README.format(title="Backpropagation from scratch", rows="\n".join(rows)))
    return sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file())
