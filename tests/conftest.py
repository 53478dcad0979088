"""Shared fixtures: the repository's generated folders and a real `otter run`."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coursekit.config import AUTOGRADER, masters  # noqa: E402

ASSIGNMENTS = [m.stem for m in masters()]


def otter_run(assignment, notebook, workdir):
    """Grade a submission with the real `otter run` on its autograder zip; return {question: (score, max)}."""
    out = Path(workdir) / "otter-out"
    out.mkdir(parents=True, exist_ok=True)
    zip_path = AUTOGRADER / assignment / f"{assignment}-autograder.zip"
    proc = subprocess.run([sys.executable, "-m", "otter", "run", "-a", str(zip_path), "-o", str(out), str(notebook)],
                          capture_output=True, text=True, timeout=300)
    results = out / "results.json"
    assert results.exists(), f"otter run left no results:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
    tests = json.loads(results.read_text())["tests"]
    return {t["name"]: (t["score"], t["max_score"]) for t in tests if "max_score" in t}


@pytest.fixture(params=ASSIGNMENTS)
def assignment(request):
    return request.param
