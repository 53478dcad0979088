"""Notebook cell source as the grader handles it, without running it.

Used on both sides: the submission reader (``submission.defined_names``) parses cells in the grader, and
the child (``child.StudentProcess``) compiles and runs them in the student's process.
"""

import ast
import re

MAGIC_LINE = re.compile(r"^([ \t]*)(?:[%!].*|[\w.]+\?{1,2}[ \t]*)$", re.M)  # %magic, !shell, obj?
HARMLESS_CELL_MAGICS = {"time", "capture", "timeit", "prun"}


def clean_source(source):
    """Cell source ready to compile: IPython magics and shell lines become ``pass``; None if skipped.

    Source that already compiles is left alone (so a line starting with % inside a string survives).
    """
    if source.lstrip().startswith("%%"):
        first, _, rest = source.lstrip().partition("\n")
        magic = first[2:].split()[0] if first[2:].split() else ""
        if magic not in HARMLESS_CELL_MAGICS:
            return None
        source = rest
    try:
        compile(source, "<cell>", "exec")
        return source
    except SyntaxError:
        pass
    except (ValueError, OverflowError, MemoryError, RecursionError):
        return source
    return MAGIC_LINE.sub(lambda m: f"{m.group(1)}pass", source)


def definitions_only(source):
    """Only the imports, function and class definitions of a cell (used once a cell hung or ended the
    process: the demo cells after it would most likely call the same broken function)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return ""
    lines = source.splitlines()
    keep = []
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
            keep.append("\n".join(lines[first - 1:node.end_lineno]))
    return "\n".join(keep)
