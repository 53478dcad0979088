"""The autograder zip's Gradescope entry point, in a temporary root laid out like Gradescope's:
<root>/source = the unzipped autograder (as the build now writes it), <root>/submission/<file>,
<root>/results/results.json. The grader code imported is the copy inside the zip, not the repository's."""

import json
import subprocess
import sys

import nbformat
import pytest

from coursekit.config import AUTOGRADER
from coursekit.generate import PUBLIC
from coursekit.generate.normalize import deterministic_zip_bytes, read_zip
from coursekit.generate.pack_grader import pack_grader, unpack_grader
from coursekit.sample_submissions import make_submission

A = "01_loss_gradient"


def repacked(files):
    """The zip's contents with the repository's current grader packed in (what `make build` would write)."""
    otter_files, manifest = unpack_grader(files)
    return pack_grader(otter_files, PUBLIC, manifest["source_digest"])


def gradescope_root(tmp_path, submission_name, data):
    files = repacked(read_zip(AUTOGRADER / A / f"{A}-autograder.zip"))
    root = tmp_path / "autograder"
    for arc, content in files.items():
        (root / "source" / arc).parent.mkdir(parents=True, exist_ok=True)
        (root / "source" / arc).write_bytes(content)
    (root / "submission").mkdir()
    (root / "submission" / submission_name).write_bytes(data)
    (root / "results").mkdir()
    return root, files


def run_entry_point(root):
    # what run_autograder does after activating the environment (the source folder is the working directory,
    # so `coursekit` is the zip's copy)
    proc = subprocess.run([sys.executable, "-m", "coursekit.grader.gradescope", str(root)], cwd=root / "source",
                          capture_output=True, text=True, timeout=300, env={"PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads((root / "results" / "results.json").read_text())


@pytest.mark.parametrize("answers, expected", [({}, 12), ({"mse_loss": "def mse_loss(p, t):\n    return 0.0\n"}, 8)])
def test_gradescope_entry_point(tmp_path, answers, expected):
    nb = make_submission(A, answers)
    root, files = gradescope_root(tmp_path, "my notebook.ipynb", nbformat.writes(nb).encode())
    results = run_entry_point(root)
    assert results["score"] == expected
    tests = results["tests"]
    assert sum(t["max_score"] for t in tests) == 12
    assert {t["visibility"] for t in tests} == {"visible", "after_published"}
    assert all(t["visibility"] == "after_published" for t in tests if "hidden" in t["name"])
    assert "hidden.run" not in json.dumps(results)
    if expected < 12:
        failed = [t for t in tests if t["score"] == 0]
        assert failed and all(t["output"] for t in failed)


def test_zip_runs_the_hardened_grader_and_stays_deterministic():
    original = read_zip(AUTOGRADER / A / f"{A}-autograder.zip")
    files = repacked(original)
    script = files["run_autograder"].decode()
    assert script.rstrip().endswith("exec python -m coursekit.grader.gradescope /autograder")
    assert "mamba activate otter-env" in script  # otter's environment set-up is kept
    assert "run_otter.py" not in script and "run_otter.py" in files  # otter's own entry point is still shipped
    assert "coursekit/grader/sandbox.py" in files and "coursekit_grade.json" in files
    assert not any(arc.startswith("coursekit/") and not arc.startswith("coursekit/grader/")
                   for arc in files if arc != "coursekit/__init__.py")  # only what Gradescope runs
    public = json.loads(files["coursekit_grade.json"])["public_files"]
    assert "bpcheck/hidden.py" not in public and "bpcheck/reference.py" not in public
    assert deterministic_zip_bytes(files) == deterministic_zip_bytes(repacked(original))
    assert repacked(files) == files  # packing twice changes nothing
    assert files == original  # the committed zip carries the current grader (else: make build)
