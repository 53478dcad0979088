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
published as is.

A given helper of another name can hold an open part's answer too (part 6's ``deep_backward`` is part 5's
``mlp_backward`` with a choice of activation). It is withheld the same way, with a stub saying it appears
once that part is closed and whose code to write it from, when its body holds a statement of that part's
answer (the shapes of ``answer_shapes``, as the build tests look for them) or when its ``def`` line declares
what it is built on, for a likeness no single statement shows::

    def deep_forward(X, params, activation):  # built on part 5's mlp_forward

The Colab badges already point at ``course.toml``'s [colab] repository, where this tree belongs (at its
root: the badges' paths are ``assignments/<part>/<part>.ipynb``).
"""

import ast
import re
import shutil
import tomllib
from pathlib import Path

import nbformat

from .answer_shapes import expression_shapes, part_answers
from .config import ASSIGNMENTS, ROOT, colab_settings, masters
from .generate.normalize import write_notebook
from .master_format import ANSWER_TAG


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


BUILT_ON = re.compile(r"#\s*built on part (\d+)'s (\w+)")


def graded_signatures(assignments=ASSIGNMENTS):
    """{function: (the part that grades it, its arguments as written)}, from the answer cells of the generated
    student notebooks."""
    graded = {}
    for master in masters():
        nb = nbformat.read(Path(assignments) / master.stem / f"{master.stem}.ipynb", as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code" and ANSWER_TAG in cell.metadata.get("tags", []):
                for node in ast.parse(cell.source).body:
                    if isinstance(node, ast.FunctionDef):
                        graded[node.name] = (master.stem, ast.unparse(node.args))
    return graded


def _head(function_node):
    """A function's def line and docstring, as stub lines."""
    doc = ast.get_docstring(function_node)
    lines = [f"def {function_node.name}({ast.unparse(function_node.args)}):"]
    if doc:
        lines.append('    """' + doc.replace("\n", "\n    ") + '"""')
    return lines


def stub_source(function_node, part):
    """A function's signature and docstring, with a body asking for the student's own version from ``part``."""
    number = int(part[:2])
    lines = _head(function_node)
    lines.append(f"    # Paste the body of your own {function_node.name} from part {number} ({part}) here.")
    lines.append(f'    raise NotImplementedError("{function_node.name}: paste your own version from part {number}")')
    return "\n".join(lines)


def helper_stub(function_node, holds):
    """A given helper's signature and docstring, with a body saying it appears once the parts whose answers it
    holds are closed, and whose code to write it from meanwhile. ``holds``: {part: [its functions]}."""
    lines = _head(function_node)
    parts = sorted(holds)
    numbers = " and ".join(f"part {int(p[:2])}" for p in parts)
    own = ", ".join(f"{f} (part {int(p[:2])})" for p in parts for f in holds[p])
    lines.append(f"    # This helper is built on the answer of {numbers} ({', '.join(parts)}), still open: the course")
    lines.append(f"    # publishes it here once {'they are' if len(parts) > 1 else 'it is'} closed. Until then, "
                 f"write it from your own {own}.")
    lines.append(f'    raise NotImplementedError("{function_node.name}: given once {numbers} '
                 f'{"are" if len(parts) > 1 else "is"} closed; until then write it from your own code")')
    return "\n".join(lines)


def answers_held(node, source_lines, this_part, parts, answers, graded, closed):
    """{part: [functions]}: the other open parts whose answer the given function ``node`` holds, by a statement
    of it (``answers``: {part: {shape: (function, statement)}}) or by a ``# built on part N's f`` comment on its
    def line (``parts``: {number: part}; ``graded``: {function: part})."""
    held = {}
    shapes = expression_shapes(node)
    for part, theirs in answers.items():
        if part != this_part and part not in closed:
            for shape, (function, _) in theirs.items():
                if shape in shapes and function not in held.get(part, []):
                    held.setdefault(part, []).append(function)
    for number, function in BUILT_ON.findall(source_lines[node.lineno - 1]):
        part = parts.get(int(number))
        if part is None or graded.get(function) != part:
            raise ValueError(f"{node.name}: '# built on part {number}'s {function}' names no function part "
                             f"{number} grades")
        if part != this_part and part not in closed and function not in held.get(part, []):
            held.setdefault(part, []).append(function)
    return held


PASTE_NOTE = ("# These functions are graded in an earlier part that is still open: paste your own code into them\n"
              "# (once that part is closed, the course publishes its reference code here instead).")
HELPER_NOTE = ("# Some functions here are built on the answer of a part that is still open: each says what to write\n"
               "# it from until that part is closed (then the course publishes its code here instead).")


def withhold_given_code(nb, this_part, graded, closed, answers=None):
    """Replace, in the given (non-answer) cells, every function graded by another part that is not closed, and
    every other function holding the answer of such a part (``answers``: {part: {shape: (function,
    statement)}}, see ``answer_shapes.part_answers``; None: look at names only).

    ``graded`` is {function: (part, arguments)} (``graded_signatures``); a given function of a graded
    function's name must take the same arguments, or pasting the student's own body into it could not work.
    Returns the names replaced. A cell that defined them gets a short note on top.
    """
    parts = {int(p[:2]): p for p, _ in graded.values()}
    owner = {name: part for name, (part, _) in graded.items()}
    replaced = []
    for cell in nb.cells:
        if cell.cell_type != "code" or ANSWER_TAG in cell.metadata.get("tags", []):
            continue
        try:
            tree = ast.parse(cell.source)
        except SyntaxError:
            continue
        lines = cell.source.splitlines()
        edits, notes = [], []
        for node in tree.body:
            if not isinstance(node, ast.FunctionDef):
                continue
            part, args = graded.get(node.name, (None, None))
            if part and part != this_part:
                if ast.unparse(node.args) != args:
                    raise ValueError(f"{this_part}: the given {node.name}({ast.unparse(node.args)}) is not part "
                                     f"{int(part[:2])}'s graded {node.name}({args}): rename it")
                if part not in closed:
                    edits.append((node.lineno, node.end_lineno, stub_source(node, part)))
                    replaced.append(node.name)
                    notes.append(PASTE_NOTE)
                continue
            if part == this_part or answers is None:
                continue
            held = answers_held(node, lines, this_part, parts, answers, owner, closed)
            if held:
                edits.append((node.lineno, node.end_lineno, helper_stub(node, held)))
                replaced.append(node.name)
                notes.append(HELPER_NOTE)
        if not edits:
            continue
        for start, end, text in reversed(edits):
            lines[start - 1:end] = text.splitlines()
        cell.source = "\n".join(dict.fromkeys(notes)) + "\n" + "\n".join(lines)
    return replaced


STUDENT_README = """# {title}

The notebooks of the course, one per part. Open one in Google Colab with its badge (or download the
notebook and open it in Jupyter), run its setup cell first, and follow the notebook.

| part | notebook | open |
|---|---|---|
{rows}

Each notebook's public checks (`grader.check(...)`) say what is wrong before you submit; hidden tests grade the
submission. Where a notebook uses functions from an earlier part that is still open, it asks you to paste your
own versions (and to write the few helpers built on them from your own code); once that part is closed, its
reference code appears here instead.
"""


def publish(dest: Path, assignments: Path = ASSIGNMENTS, settings: Path = ROOT / "course.toml", log=print):
    """Write the published tree into dest (its assignments/ and README.md are replaced); returns the files."""
    dest = Path(dest)
    released, closed = parts_settings(settings)
    graded = graded_signatures(assignments)
    answers = part_answers(Path(assignments).parent)  # the build folder: its assignments/ and solutions/
    shutil.rmtree(dest / "assignments", ignore_errors=True)
    colab = colab_settings()
    rows = []
    for part in released:
        src = Path(assignments) / part
        out = dest / "assignments" / part
        shutil.copytree(src, out, ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
        nb = nbformat.read(src / f"{part}.ipynb", as_version=4)
        replaced = withhold_given_code(nb, part, graded, closed, answers)
        write_notebook(nb, out / f"{part}.ipynb")
        url = (f"https://colab.research.google.com/github/{colab['owner']}/{colab['repository']}/blob/"
               f"{colab['branch']}/assignments/{part}/{part}.ipynb")
        rows.append(f"| {int(part[:2])} | [`{part}`](assignments/{part}/{part}.ipynb) | "
                    f"[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]({url}) |")
        log(f"[{part}] published" + (f"; withholds {', '.join(replaced)}" if replaced else ""))
    (dest / "README.md").write_text(STUDENT_README.format(title="Backpropagation from scratch", rows="\n".join(rows)))
    return sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file())
