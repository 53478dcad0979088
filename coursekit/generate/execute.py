"""Execute a notebook top to bottom in a fresh kernel, the way a student's "Run all" would."""

import os
from pathlib import Path

import nbformat
from nbclient import NotebookClient

SKIP_TAG = "otter_ignore"  # tagged cells other than the setup cell (the submission step) are not run


def execute_notebook(nb, workdir: Path, timeout=120, skip_tagged=True):
    """Run nb's code cells in workdir; cells tagged otter_ignore (except setup) are left unexecuted.

    Raises nbclient's CellExecutionError on the first error, so a notebook that does not run is noticed.
    """
    skipped = {}
    if skip_tagged:
        for i, cell in enumerate(nb.cells):
            tags = cell.metadata.get("tags", [])
            if cell.cell_type == "code" and SKIP_TAG in tags and "setup" not in tags:
                skipped[i] = cell
        nb.cells = [c for i, c in enumerate(nb.cells) if i not in skipped]
    # otter's check messages pick a random emoji: seed Python's random so outputs are reproducible
    nb.cells.insert(0, nbformat.v4.new_code_cell("import random; random.seed(0)"))
    backend = os.environ.pop("MPLBACKEND", None)  # the kernel must use its inline backend to keep figures
    try:
        NotebookClient(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                       resources={"metadata": {"path": str(workdir)}}).execute()
    finally:
        if backend is not None:
            os.environ["MPLBACKEND"] = backend
        nb.cells.pop(0)
        for i in sorted(skipped):
            nb.cells.insert(i, skipped[i])
    return nb
