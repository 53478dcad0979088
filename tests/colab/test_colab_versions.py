"""Colab as it really is: its own preinstalled versions (tests/colab/colab-pins.txt), not ours.

Every student notebook, answers filled in as the browser would hold them, runs top to bottom in a kernel of
a virtual environment built from Colab's pins (cached; see coursekit/colab_env.py) with the google.colab
shims: the setup cell, every grader.check, and the submit cell. Nothing may fail, the setup cell may add
packages but change the version of none that Colab preinstalls, pip may print no dependency conflict, and
the file the submit cell downloads must grade full marks.
"""

import json

import pytest

from coursekit.colab_env import PIP_CONFLICT_TEXT, base_env, run_as_on_colab
from coursekit.config import pinned_version
from coursekit.generate.colab import SETUP_PACKAGES
from coursekit.sample_submissions import make_submission
from tests.student_grading import assert_full_marks


@pytest.fixture(scope="session")
def colab_base():
    from coursekit.colab_env import base_python

    try:
        base_python()
    except RuntimeError as exc:  # no Python 3.11 on this machine: say so in one line
        pytest.skip(str(exc))
    return base_env(log=lambda *_: None)  # about a minute the first time, then cached


def _name(line):
    return line.split("==")[0].split(" @ ")[0].lower().replace("_", "-")


def test_setup_packages_are_missing_from_colab():
    """The setup cell installs exactly what Colab lacks: none of its packages is preinstalled there."""
    from coursekit.colab_env import PINS

    preinstalled = {_name(line) for line in PINS.read_text().splitlines() if "==" in line and not line.startswith("#")}
    assert not {d.lower() for d in SETUP_PACKAGES.values()} & preinstalled


def test_on_colab_versions(assignment, colab_base, tmp_path):
    result = run_as_on_colab(make_submission(assignment), tmp_path, base=colab_base)
    nb = result["nb"]
    errors = [c.source[:60] for c in nb.cells if c.cell_type == "code"
              and any(o.get("output_type") == "error" for o in c.get("outputs", []))]
    assert not errors, errors

    before, after = set(result["freeze_before"]), set(result["freeze_after"])
    assert before - after == set(), f"the setup cell changed or removed preinstalled packages: {sorted(before - after)}"
    added = sorted(after - before)
    expected = sorted(f"{dist}=={pinned_version(dist)}" for dist in SETUP_PACKAGES.values())
    assert [a.lower() for a in added] == [e.lower() for e in expected], added

    for cell in nb.cells:
        shown = json.dumps(cell.get("outputs", []))
        found = [t for t in PIP_CONFLICT_TEXT if t in shown]
        assert not found, f"pip conflict text {found} in the output of {cell.source[:60]!r}: {shown[:800]}"
    setup = next(c for c in nb.cells if "setup" in c.metadata.get("tags", []))
    assert "Installing otter-grader==" in json.dumps(setup.outputs), setup.outputs

    checks = [c for c in nb.cells if c.cell_type == "code" and c.source.startswith("grader.check(")]
    assert checks
    for cell in checks:
        shown = json.dumps(cell.outputs)
        assert "passed" in shown and "failed" not in shown.lower(), f"{cell.source}: {shown[:500]}"

    downloaded = result["downloads"] / f"{assignment}_submission.ipynb"
    assert downloaded.is_file(), list(result["downloads"].iterdir())
    assert_full_marks(downloaded, assignment)
