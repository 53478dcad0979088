"""Shared fixtures: the repository's generated folders and a real `otter run`."""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coursekit.config import AUTOGRADER, masters  # noqa: E402
from coursekit.otter_run import otter_run as run_otter  # noqa: E402

ASSIGNMENTS = [m.stem for m in masters()]


def otter_run(assignment, notebook, workdir):
    """Grade a submission with the real `otter run` on its autograder zip; return {question: (score, max)}."""
    scores, output = run_otter(AUTOGRADER / assignment / f"{assignment}-autograder.zip", notebook,
                               Path(workdir) / "otter-out", timeout=300)
    assert scores is not None, f"otter run left no results:\n{output}"
    return scores


@pytest.fixture(params=ASSIGNMENTS)
def assignment(request):
    return request.param


def pytest_collection_modifyitems(config, items):
    """tests/unit/ is the fast layer (pure functions, no kernel, no otter run); everything else runs the real
    tools and is marked slow, so `pytest -m "not slow"` (make test-fast) is the quick loop while working."""
    unit = Path(__file__).resolve().parent / "unit"
    for item in items:
        if unit not in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.slow)
