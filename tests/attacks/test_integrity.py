"""Issue 10, reproduced: where the student's process is not confined (not root, no Landlock), a notebook
rewrites the autograder zips on disk so that every test passes. The grader must notice during the run that
did it (the file's row is "tampered", grading stops with one line naming the zip and the file) and the next
run must refuse the rewritten zip (it no longer matches autograder/SHA256SUMS).

The unconfined host is simulated for real by ``unconfined_host.py`` (a user namespace, so the grader is not
root, and a seccomp filter answering Landlock's system calls with ENOSYS, as an older kernel does); the
autograder folder is a temporary copy, so the real one is never at risk.
"""

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from coursekit.config import AUTOGRADER, ROOT

from .conftest import ATTACK_ROWS, build_notebook

WRAPPER = Path(__file__).with_name("unconfined_host.py")
ZIP = "autograder/01_loss_gradient/01_loss_gradient-autograder.zip"
WRONG = "def mse_gradient(predictions, targets):\n    return np.zeros_like(predictions)\n"

# appended to every test file of every zip: each test case's function replaced by one that passes
PASS_ALL = (b"\nimport functools as _ft\nfor _v in list(globals().values()):\n"
            b"    if type(_v).__name__ == 'test_case':\n"
            b"        _v.test_func = _ft.update_wrapper(lambda *a, **k: None, _v.test_func)\n")
TAMPER = """\
import hashlib, io, pathlib, zipfile
root = pathlib.Path(ROOT)
lines = []
for zp in sorted(root.glob("*/*-autograder.zip")):
    src = zipfile.ZipFile(io.BytesIO(zp.read_bytes()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.startswith("tests/") and info.filename.endswith(".py"):
                data += PASS_ALL
            out.writestr(info, data)
    zp.write_bytes(buffer.getvalue())
    lines.append(hashlib.sha256(buffer.getvalue()).hexdigest() + "  " + zp.relative_to(root).as_posix() + "\\n")
if REWRITE_SUMS:
    (root / "SHA256SUMS").write_text("".join(lines))
print("rewrote", len(lines), "zips")
"""

GRADE_FILES = """\
import json, sys
from pathlib import Path
from coursekit.grader.integrity import AutograderChanged
from coursekit.grader.limits import Limits
from coursekit.grader.runner import Grader
out = []
with Grader(sys.argv[1], Limits(call_timeout=2, cell_timeout=5, submission_timeout=30)) as grader:
    for path in sys.argv[2:]:
        try:
            rows = grader.grade_file(path, submission=Path(path).name)
            out.append({"rows": [r.to_dict() for r in rows], "rehashed": grader.rehashed})
        except AutograderChanged as exc:
            out.append({"refused": str(exc)})
print(json.dumps(out))
"""


def tamper_cell(root, rewrite_sums):
    return TAMPER.replace("PASS_ALL", repr(PASS_ALL)).replace("REWRITE_SUMS", repr(rewrite_sums)).replace(
        "ROOT", repr(str(root)), 1)


def unconfined(*command, timeout=300):
    """Run a command as on a host without root and without Landlock (``unconfined_host.py``)."""
    return subprocess.run([sys.executable, str(WRAPPER), *command], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, env=dict(os.environ, PYTHONPATH=str(ROOT)))


@pytest.fixture(scope="module")
def simulated_host():
    probe = unconfined(sys.executable, "-c", "import os; from coursekit.grader import confine; "
                                             "print(os.geteuid() != 0 and confine.landlock_abi() == 0)")
    if probe.returncode != 0 or probe.stdout.strip() != "True":
        pytest.skip(f"cannot simulate a host without root and Landlock here: {probe.stderr.strip()[-300:]}")


def autograder_copy(tmp_path):
    return shutil.copytree(AUTOGRADER, tmp_path / "autograder", ignore=shutil.ignore_patterns("__pycache__"))


def write(path, nb):
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def test_the_grader_notices_a_zip_rewritten_during_the_run(simulated_host, tmp_path):
    """Rewriting the zips and SHA256SUMS together: the file's row is "tampered", the next file is refused. The
    honest file before it is graded normally, after the zips were hashed again (no false alarm)."""
    root = autograder_copy(tmp_path)
    honest = write(tmp_path / "subs" / "a_honest.ipynb", build_notebook())
    evil = write(tmp_path / "subs" / "b_evil.ipynb",
                 build_notebook(answers={"mse_gradient": WRONG}, last=[tamper_cell(root, rewrite_sums=True)]))
    later = write(tmp_path / "subs" / "c_wrong.ipynb", build_notebook(solved=False))
    started = time.monotonic()
    proc = unconfined(sys.executable, "-c", GRADE_FILES, str(root), str(honest), str(evil), str(later))
    seconds = time.monotonic() - started
    assert proc.returncode == 0, proc.stderr[-3000:]
    first, second, third = json.loads(proc.stdout.strip().splitlines()[-1])
    (ok,) = first["rows"]
    assert ok["kind"] == "ok" and ok["score"] == 12
    assert any(m.startswith("landlock") for m in ok["missing_protections"]), ok["missing_protections"]
    assert first["rehashed"] == 1  # unconfined: the zips were hashed again after the file, and had not changed
    (row,) = second["rows"]
    assert row["kind"] == "tampered" and row["reason"] == "changed the autograder" and row["score"] == 0
    assert f"the autograder ({ZIP}, " in row["status"] and "grading stopped" in row["status"]
    assert third["refused"].startswith(f"grading stopped: {ZIP}, ")
    assert "changed on disk while b_evil.ipynb was graded" in third["refused"]
    assert "\n" not in third["refused"]
    ATTACK_ROWS.append(("rewrites every zip and SHA256SUMS (not root, no Landlock)", row["score"], 12,
                        row["status"], seconds))


def test_make_grade_stops_and_the_next_run_refuses_the_rewritten_zip(simulated_host, tmp_path):
    """The batch (`python -m coursekit grade`, as `make grade` runs it) on the simulated host: the honest file
    before keeps its saved result, the tampering file's row is not saved, the file after it is not graded,
    and the run ends with one line. The next run refuses the zip before grading anything."""
    root = autograder_copy(tmp_path)
    subs, out = tmp_path / "subs", tmp_path / "out"
    write(subs / "a_honest.ipynb", build_notebook())
    write(subs / "b_evil.ipynb", build_notebook(answers={"mse_gradient": WRONG},
                                                last=[tamper_cell(root, rewrite_sums=False)]))
    write(subs / "c_wrong.ipynb", build_notebook(solved=False))
    command = [sys.executable, "-m", "coursekit", "grade", str(subs), "--out", str(out), "--autograders", str(root),
               "--workers", "1", "--call-timeout", "2", "--cell-timeout", "5"]
    refused = unconfined(*command)  # such a host is refused unless the instructor insists
    assert refused.returncode == 2 and not (out / "results").exists(), refused.stdout + refused.stderr
    line = refused.stderr.strip()
    assert "\n" not in line and line.startswith("grade: this host cannot confine submissions") and "no Landlock" in line
    command.append("--allow-unconfined")
    proc = unconfined(*command)
    assert proc.returncode == 1, proc.stdout[-2000:] + proc.stderr[-2000:]
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith(f"grading stopped: {ZIP}, "), proc.stderr[-2000:]
    assert "while b_evil.ipynb was graded" in last and "Traceback" not in proc.stderr
    assert "c_wrong.ipynb" not in proc.stderr  # never graded
    saved = [json.loads(p.read_text())["results"] for p in (out / "results").glob("*.json")]
    assert [[r["submission"] for r in rows] for rows in saved] == [["a_honest.ipynb"]]
    assert not (out / "grades.csv").exists()

    again = unconfined(*command)
    assert again.returncode == 1
    assert again.stderr.strip() == (f"{ZIP} does not match autograder/SHA256SUMS: rebuild with make build or "
                                    "restore it from git")


def test_an_honest_batch_on_the_unconfined_host_is_graded_as_usual(simulated_host, tmp_path):
    root = autograder_copy(tmp_path)
    subs, out = tmp_path / "subs", tmp_path / "out"
    write(subs / "a.ipynb", build_notebook())
    write(subs / "b.ipynb", build_notebook(answers={"mse_gradient": WRONG}))
    proc = unconfined(sys.executable, "-m", "coursekit", "grade", str(subs), "--out", str(out), "--autograders",
                      str(root), "--workers", "2", "--call-timeout", "2", "--cell-timeout", "5", "--allow-unconfined")
    assert proc.returncode == 0, proc.stderr[-3000:]
    grades = (out / "grades.csv").read_text()
    assert "a.ipynb" in grades and "b.ipynb" in grades
    rows = [r for p in (out / "results").glob("*.json") for r in json.loads(p.read_text())["results"]]
    assert sorted((r["submission"], r["score"]) for r in rows) == [("a.ipynb", 12), ("b.ipynb", 6)]


def test_a_confined_host_never_hashes_the_zips_again(grader, tmp_path):
    """Where the child is confined (root's own uid and mount namespace, or Landlock) it can write its scratch
    folder only: no re-hash after each file."""
    path = write(tmp_path / "01_loss_gradient.ipynb", build_notebook())
    result = grader.grade_file(path)[0]
    if not (grader.zygote.info.get("root") or any(p.startswith("landlock") for p in result.protections)):
        pytest.skip("this host does not confine the student's process")
    assert result.score == 12
    assert grader.rehashed == 0 and not grader.unconfined
