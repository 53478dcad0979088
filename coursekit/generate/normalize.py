"""Make generated files byte-for-byte reproducible, so regenerating an unchanged source/ changes nothing."""

import hashlib
import io
import zipfile

import nbformat

ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can hold
EXECUTABLE = {"run_autograder", "setup.sh"}


def deterministic_zip_bytes(files):
    """A zip of {archive name: bytes}, entries sorted, with fixed dates and permissions."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (0o755 if name.rsplit("/", 1)[-1] in EXECUTABLE else 0o644) << 16
            z.writestr(info, files[name])
    return buffer.getvalue()


def read_zip(path):
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist() if not name.endswith("/")}


def stable_cell_ids(nb, keep):
    """Keep the master's cell ids (``keep``); give cells otter added an id derived from their content."""
    seen = set()
    for cell in nb.cells:
        if cell.get("id") not in keep or cell.id in seen:
            digest = hashlib.sha1(f"{cell.cell_type}:{cell.source}".encode()).hexdigest()
            candidate, n = f"g-{digest[:8]}", 1
            while candidate in seen:
                candidate, n = f"g-{digest[:8]}-{n}", n + 1
            cell.id = candidate
        seen.add(cell.id)


def merge_streams(outputs):
    """Consecutive stream outputs of one name (stdout, stderr) as one output with their texts joined.

    How a kernel splits a cell's printing into stream messages depends on when it flushes (a print that
    comes just before a long computation may arrive on its own), so the same text can be one output or
    several; joined, the outputs depend only on what the cell printed.
    """
    merged = []
    for out in outputs:
        previous = merged[-1] if merged else None
        if (out.get("output_type") == "stream" and previous is not None
                and previous.get("output_type") == "stream" and previous.get("name") == out.get("name")):
            previous["text"] = _text(previous["text"]) + _text(out["text"])
        else:
            merged.append(out)
    return merged


def _text(text):
    return "".join(text) if isinstance(text, list) else text


def clean_notebook(nb):
    """Drop run-to-run noise: execution timing, kernel-reported versions and how stdout was chunked."""
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code" and cell.get("outputs"):
            cell.outputs = merge_streams(cell.outputs)
    nb.metadata.pop("widgets", None)
    info = nb.metadata.get("language_info")
    if info:
        nb.metadata["language_info"] = {"name": info.get("name", "python")}


def write_notebook(nb, path):
    nbformat.validate(nb)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        nbformat.write(nb, f)
