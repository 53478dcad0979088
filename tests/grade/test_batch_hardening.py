"""Issue 10: a batch never crashes nor loses others' results; grader errors are not cached; feedback paths
never collide; the Gradescope entry point always writes results.json; no worker outlives the main process."""

import json
import os
import signal
import subprocess
import sys
import time

import nbformat

from coursekit.config import ROOT
from coursekit.grade import grade_folder
from coursekit.grader import gradescope
from coursekit.grader.runner import Grader
from coursekit.sample_submissions import make_submission

A = "01_loss_gradient"


def _write(folder, rel, nb=None):
    path = folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb or make_submission(A), path)
    return path


def test_single_process_path_turns_a_grader_exception_into_a_row_and_never_caches_it(tmp_path, monkeypatch):
    subs, out = tmp_path / "subs", tmp_path / "out"
    _write(subs, "alice/01_loss_gradient.ipynb")
    _write(subs, "mallory/01_loss_gradient.ipynb", make_submission(A, {"mse_loss": "def mse_loss(p, t):\n"
                                                                                  "    return 1.0\n"}))
    real = Grader.grade_file

    def flaky(self, path, submission=None, assignment=None):
        if "mallory" in str(path):
            raise TypeError("list indices must be integers or slices, not list")
        return real(self, path, submission=submission, assignment=assignment)

    monkeypatch.setattr(Grader, "grade_file", flaky)
    rows = grade_folder(subs, out, workers=1, quiet=True, figure=False)
    by = {r.submission: r for r in rows}
    assert by["alice/01_loss_gradient.ipynb"].score == 12
    assert by["mallory/01_loss_gradient.ipynb"].kind.value == "grader error"
    assert (out / "grades.csv").exists()
    assert len(list((out / "results").glob("*.json"))) == 1  # alice's only: a grader error is not a grade
    monkeypatch.setattr(Grader, "grade_file", real)
    rows = grade_folder(subs, out, workers=1, quiet=True, figure=False)
    again = {r.submission: r for r in rows}["mallory/01_loss_gradient.ipynb"]
    assert again.kind.value == "ok" and 0 < again.score < 12  # graded this time, not the saved error


def test_feedback_of_a_file_and_a_folder_named_like_its_feedback_never_collide(tmp_path):
    subs, out = tmp_path / "subs", tmp_path / "out"
    _write(subs, "x.ipynb")
    _write(subs, "x.ipynb.md/y.ipynb")
    _write(subs, "z_after.ipynb")
    grade_folder(subs, out, workers=1, quiet=True, figure=False)
    written = sorted(p.relative_to(out / "feedback").as_posix() for p in (out / "feedback").rglob("*.md"))
    assert written == ["x.ipynb.md", "x.ipynb.md_/y.ipynb.md", "z_after.ipynb.md"]


def test_gradescope_writes_results_json_even_when_the_grader_fails(tmp_path, monkeypatch):
    from tests.grade.test_gradescope import gradescope_root

    root, _ = gradescope_root(tmp_path, f"{A}.ipynb", nbformat.writes(make_submission(A)).encode())

    def crash(*args, **kwargs):
        raise TypeError("list indices must be integers or slices, not list")

    monkeypatch.setattr(Grader, "grade_file", crash)
    result = gradescope.main(root)
    data = json.loads((root / "results" / "results.json").read_text())
    assert data["score"] == 0 and "grader error" in data["output"]
    assert result.kind.value == "grader error"


def _descendants(pid):
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, ValueError, IndexError):
                continue
    found, todo = [], [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            found.append(c)
            todo.append(c)
    return found


def _alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_killing_the_main_process_leaves_no_worker_zygote_or_child(tmp_path):
    subs, out = tmp_path / "subs", tmp_path / "out"
    sleeper = make_submission(A)
    sleeper.cells.append(nbformat.v4.new_code_cell("import time\ntime.sleep(30)"))
    for n in range(4):
        _write(subs, f"s{n}/01_loss_gradient.ipynb", sleeper)
    main = subprocess.Popen([sys.executable, "-m", "coursekit", "grade", str(subs), "--out", str(out),
                             "--workers", "2"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline and len(_descendants(main.pid)) < 6:  # 2 workers, 2 zygotes, children
            time.sleep(0.2)
        tree = _descendants(main.pid)
        assert len(tree) >= 4, tree
        os.kill(main.pid, signal.SIGKILL)
        main.wait()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(p) for p in tree):
            time.sleep(0.2)
        assert [p for p in tree if _alive(p)] == []
    finally:
        try:
            os.killpg(main.pid, signal.SIGKILL)
        except OSError:
            pass


def test_gradescope_never_keeps_the_best_of_several_notebooks(tmp_path):
    from tests.attacks.test_attacks import WRONG, notebooks_zip
    from tests.grade.test_gradescope import gradescope_root

    root, _ = gradescope_root(tmp_path, "submission.zip", notebooks_zip(WRONG, WRONG, None))
    result = gradescope.main(root)
    data = json.loads((root / "results" / "results.json").read_text())
    assert result.score == 0 and data["score"] == 0
    assert "holds 3 notebooks" in data["output"]
