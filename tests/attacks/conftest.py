"""Fixtures for the attack suite: one real Grader (one zygote) with short timeouts, notebook builders, and
an attack table printed at the end of the run."""

import hashlib
import os
from pathlib import Path

import nbformat
import pytest

from coursekit.config import AUTOGRADER, SOURCE, repository_folders
from coursekit.grader.limits import Limits
from coursekit.grader.runner import Grader
from coursekit.sample_submissions import make_submission

ASSIGNMENT = "01_loss_gradient"
FAST = Limits(call_timeout=1.0, cell_timeout=2.0, submission_timeout=30, memory_mb=128, grace=1.0)
ATTACK_ROWS = []


@pytest.fixture(scope="session")
def grader():
    with Grader(AUTOGRADER, limits=FAST, hide=repository_folders()) as g:
        yield g


def build_notebook(answers=None, solved=True, first=(), last=(), kernel=None):
    """The student notebook with answer cells filled, extra code cells first (before every other code
    cell that runs) and last, and optionally another kernelspec name."""
    nb = make_submission(ASSIGNMENT, answers, solved=solved)
    position = next(i for i, c in enumerate(nb.cells)
                    if c.cell_type == "code" and "otter_ignore" not in c.metadata.get("tags", []))
    for offset, source in enumerate(first):
        nb.cells.insert(position + offset, nbformat.v4.new_code_cell(source))
    for source in last:
        nb.cells.append(nbformat.v4.new_code_cell(source))
    if kernel:
        nb.metadata["kernelspec"] = {"name": kernel, "display_name": kernel, "language": "python"}
    return nb


def tree_digest(*folders):
    """One hash over every file under the folders (to prove nothing there changed)."""
    h = hashlib.sha256()
    for folder in folders:
        for path in sorted(Path(folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                h.update(str(path).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="session")
def protected_digest():
    return lambda: tree_digest(AUTOGRADER, SOURCE / "bpcheck")


def leftover_sandbox_processes(grader):
    """Processes still running under this grader's sandbox uid (none should outlive a submission).
    Other graders running at the same time have uids of their own."""
    uid = grader.zygote.info.get("uid") if grader.zygote else None
    if uid is None:
        return []
    left = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.stat(f"/proc/{entry}").st_uid == uid:
                    left.append(int(entry))
            except OSError:
                continue
    return left


def pytest_terminal_summary(terminalreporter):
    if not ATTACK_ROWS:
        return
    terminalreporter.write_sep("-", "attack table (01_loss_gradient: mse_loss 5 pts, mse_gradient 7 pts)")
    width = max(len(r[0]) for r in ATTACK_ROWS)
    terminalreporter.write_line(f"{'attack':<{width}}  {'score':>7}  {'time':>5}  status")
    for attack, score, max_score, status, seconds in ATTACK_ROWS:
        terminalreporter.write_line(f"{attack:<{width}}  {score:>3g}/{max_score:<3g}  {seconds:4.1f}s  {status[:110]}")


