"""Reading a submitted file, whatever it holds, without running any of it.

A submission is a ``.ipynb`` (JSON; the kernelspec is ignored: no kernel is ever started by name) or
otter's export ``.zip`` (or any zip) holding notebooks. Other files are sniffed, so a notebook saved as
``.json`` or ``.txt`` is still graded. Every problem becomes a status string instead of an exception:
not a notebook, not UTF-8, invalid or truncated JSON, no code cells, a zip that is broken, empty, too big
or a zip bomb.
"""

import ast
import io
import json
import os
import re
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from .cells import clean_source

MAX_FILE = 32 << 20         # bytes of one submitted file
MAX_NOTEBOOK = 32 << 20     # bytes of one notebook (also inside a zip)
MAX_ZIP_TOTAL = 128 << 20   # bytes a zip may expand to
MAX_ZIP_ENTRIES = 2000
MAX_ZIP_NOTEBOOKS = 8       # notebooks in one zip (one per assignment is graded; more is refused)
MAX_RATIO = 200             # expansion ratio above which an entry counts as a zip bomb
MAX_CELL = 1 << 20          # characters of one cell
MAX_PARSE_CELL = 64 << 10   # characters of one cell the grader itself parses (to name its definitions)
MAX_PARSE_TOTAL = 512 << 10  # characters of a notebook the grader parses in all; the rest: a line scan
TOP_LEVEL_NAME = re.compile(r"^(?:(?:async[ \t]+)?def|class)[ \t]+(\w+)|^(\w+)[ \t]*=(?!=)", re.M)
IGNORE_TAG = "otter_ignore"


@dataclass
class Notebook:
    label: str                      # its name: the file's, or its path inside a zip
    cells: list                     # [{"i": index in the notebook, "src": code}], otter_ignore cells left out
    metadata: dict
    defined: set = field(default_factory=set)   # names defined at top level (functions, classes, variables)


@dataclass
class Unreadable:
    label: str
    status: str    # what is wrong, in words (the student reads it)
    reason: str    # a short label of it for tables, e.g. "invalid JSON", "zip bomb"


def read_submission(path, label=None):
    """[Notebook | Unreadable] for one file (a zip can hold several notebooks)."""
    label = label or PurePosixPath(str(path)).name
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):  # a FIFO or device behind a symlink would block or never end
            return [Unreadable(label, "not a regular file", "not a regular file")]
        with open(path, "rb") as f:
            data = f.read(MAX_FILE + 1)
    except OSError as exc:
        return [Unreadable(label, f"cannot read the file ({exc.strerror or exc})", "cannot read the file")]
    return read_bytes(data, label)


def read_bytes(data, label):
    if len(data) > MAX_FILE:
        return [Unreadable(label, f"file larger than {MAX_FILE >> 20} MiB", "file too large")]
    if not data.strip():
        return [Unreadable(label, "empty file", "empty file")]
    suffix = PurePosixPath(label).suffix.lower()
    if data[:4] == b"PK\x03\x04" or suffix == ".zip":
        return read_zip(data, label)
    head = data.lstrip()[:1]
    if suffix == ".ipynb" or head in (b"{", b"\xef"):
        return [read_notebook(data, label)]
    kind = suffix or "no extension"
    return [Unreadable(label, f"not a notebook ({kind} file): submit the .ipynb file or otter's .zip",
                       f"not a notebook ({kind} file)")]


def read_zip(data, label):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError) as exc:
        return [Unreadable(label, f"not a valid zip file ({exc})", "not a valid zip file")]
    if len(infos) > MAX_ZIP_ENTRIES:
        return [Unreadable(label, f"zip holds {len(infos)} entries (more than {MAX_ZIP_ENTRIES})",
                           "too many entries in zip")]
    declared = sum(i.file_size for i in infos)
    if declared > MAX_ZIP_TOTAL:
        return [Unreadable(label, f"zip expands to {declared >> 20} MiB (zip bomb?)", "zip bomb")]
    wanted = [i for i in infos if i.filename.lower().endswith(".ipynb") and not i.is_dir()
              and "__MACOSX" not in i.filename and ".ipynb_checkpoints" not in i.filename]
    if not wanted:
        return [Unreadable(label, "zip holds no notebook (.ipynb)", "zip holds no notebook")]
    if len(wanted) > MAX_ZIP_NOTEBOOKS:
        return [Unreadable(label, f"zip holds {len(wanted)} notebooks (more than {MAX_ZIP_NOTEBOOKS}): submit one "
                                  "notebook per assignment", "too many notebooks in zip")]
    found = []
    for info in wanted:
        inner = f"{label}/{info.filename}"
        if info.file_size > MAX_NOTEBOOK or (info.compress_size and info.file_size / info.compress_size > MAX_RATIO
                                             and info.file_size > (1 << 20)):
            found.append(Unreadable(inner, "notebook in zip is too large or too compressed (zip bomb?)", "zip bomb"))
            continue
        try:
            with archive.open(info) as member:
                content = member.read(MAX_NOTEBOOK + 1)  # never trust the declared size
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError, ValueError) as exc:
            found.append(Unreadable(inner, f"broken zip entry ({exc})", "broken zip entry"))
            continue
        if len(content) > MAX_NOTEBOOK:
            found.append(Unreadable(inner, "notebook in zip is too large (zip bomb?)", "zip bomb"))
            continue
        found.append(read_notebook(content, inner))
    return found


def read_notebook(data, label):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return Unreadable(label, "not a notebook: the file is not UTF-8 text", "not a notebook")
    try:
        nb = json.loads(text)
    except RecursionError:
        return Unreadable(label, "invalid JSON (nested too deeply)", "invalid JSON")
    except json.JSONDecodeError as exc:
        end = len(text.rstrip())
        if exc.pos >= end - 1 or exc.msg.startswith("Unterminated string"):
            return Unreadable(label, f"truncated notebook: the JSON ends early ({exc.msg}, line {exc.lineno})",
                              "truncated notebook")
        return Unreadable(label, f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}", "invalid JSON")
    if not isinstance(nb, dict):
        return Unreadable(label, "not a notebook: the JSON is not an object", "not a notebook")
    if isinstance(nb.get("cells"), list):
        raw_cells = nb["cells"]
    elif isinstance(nb.get("worksheets"), list):  # nbformat 3
        raw_cells = [c for ws in nb["worksheets"] if isinstance(ws, dict) for c in ws.get("cells", [])
                     if isinstance(c, dict)]
        for c in raw_cells:
            c.setdefault("source", c.get("input", ""))
    else:
        return Unreadable(label, "not a notebook: no list of cells", "not a notebook")
    metadata = nb.get("metadata") if isinstance(nb.get("metadata"), dict) else {}
    cells, n_code = [], 0
    for index, cell in enumerate(raw_cells):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        n_code += 1
        meta = cell.get("metadata") if isinstance(cell.get("metadata"), dict) else {}
        tags = meta.get("tags") if isinstance(meta.get("tags"), list) else []
        otter_meta = meta.get("otter") if isinstance(meta.get("otter"), dict) else {}
        if IGNORE_TAG in tags or otter_meta.get("ignore"):
            continue
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(s for s in source if isinstance(s, str))
        if not isinstance(source, str):
            continue
        cells.append({"i": index, "src": source[:MAX_CELL]})
    if n_code == 0:
        status = "no code cells" if raw_cells else "no cells"
        return Unreadable(label, status, status)
    return Notebook(label, cells, metadata, defined_names(cells))


def defined_names(cells):
    """Names defined at top level, by parsing (in the grader process, before any limit applies: so only
    small cells, and a bounded total; larger ones by a line scan that costs linear time)."""
    names = set()
    budget = MAX_PARSE_TOTAL
    for cell in cells:
        if len(cell["src"]) > min(MAX_PARSE_CELL, budget):
            names.update(a or b for a, b in TOP_LEVEL_NAME.findall(cell["src"]))
            continue
        budget -= len(cell["src"])
        source = clean_source(cell["src"])
        try:
            tree = ast.parse(source or "")
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names.add(node.name)
            elif isinstance(node, ast.Assign):
                names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return names
