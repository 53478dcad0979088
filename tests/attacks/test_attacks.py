"""Submissions that try to cheat or break the grader. Each must get a row, lose the points its wrong code
deserves, keep the points of its honest parts, and change nothing outside its scratch folder.

Run with -rA or look at the "attack table" section printed at the end.
"""

import io
import json
import re
import time
import zipfile
from pathlib import Path

import nbformat
import pytest

from coursekit.config import AUTOGRADER, ROOT
from coursekit.grade.feedback import feedback_markdown

from .conftest import ATTACK_ROWS, build_notebook, leftover_sandbox_processes

HONEST_LOSS = 5      # mse_loss's points (its honest solution is kept in every attack on mse_gradient)
WRONG_KEEPS = HONEST_LOSS + 1   # a wrong mse_gradient that leaves its arguments alone passes the "unchanged" test
FULL = 12
ZIP = AUTOGRADER / "01_loss_gradient" / "01_loss_gradient-autograder.zip"
CANARIES = [Path("/tmp/ckgrade-canary"), ROOT / "ckgrade-canary", ROOT / "autograder" / "ckgrade-canary"]
WRONG = "def mse_gradient(predictions, targets):\n    return np.zeros_like(predictions)\n"

PATCH_NUMPY = """\
import numpy as np, numpy.testing, builtins
np.allclose = lambda *a, **k: True
np.isclose = lambda a, b, *x, **k: np.ones(np.broadcast(a, b).shape, dtype=bool)
np.array_equal = lambda *a, **k: True
np.all = lambda *a, **k: True
np.testing.assert_allclose = lambda *a, **k: None
np.testing.assert_array_equal = lambda *a, **k: None
np.testing.assert_array_almost_equal = lambda *a, **k: None
builtins.AssertionError = type("AssertionError", (Exception,), {})
"""

PATCH_OTTER = """\
import otter, sys
class AlwaysPasses:
    def __init__(self, *a, **k): pass
    def check(self, *a, **k): return "All test cases passed!"
    def check_all(self, *a, **k): return "All test cases passed!"
otter.Notebook = AlwaysPasses
for target in ("otter.test_files.abstract_test", "otter.test_files.exception_test", "otter.execute.checker",
               "coursekit.grader.runner", "coursekit.grader.autograders"):
    try:
        module = __import__(target, fromlist=["x"])
        for name in dir(module):
            obj = getattr(module, name)
            if isinstance(obj, type):
                for attr in ("score", "passed_all", "grade"):
                    try: setattr(obj, attr, property(lambda self: 100))
                    except Exception: pass
        print("patched", target)
    except Exception as exc:
        print("cannot patch", target, type(exc).__name__)
"""

FRAMES_GC = """\
def mse_gradient(predictions, targets):
    import gc, sys
    frame = sys._getframe(1)
    while frame is not None:
        for key, value in frame.f_locals.items():
            if key in ("expected", "numeric", "ref", "reference"):
                return value
        frame = frame.f_back
    for obj in gc.get_objects():
        if callable(obj) and getattr(obj, "__name__", "") == "mse_gradient" and \\
                getattr(obj, "__module__", "__main__") != "__main__":
            return obj(predictions, targets)
        if isinstance(obj, dict) and "mse_gradient" in obj and obj.get("__name__", "").endswith("reference"):
            return obj["mse_gradient"](predictions, targets)
    return np.zeros_like(predictions)
"""

READ_TESTS = f"""\
import glob, os
leaked = []
for pattern in ["tests/*.py", "bpcheck/hidden.py", "bpcheck/reference.py", "{ROOT}/autograder/*/tests/*.py",
                "{ROOT}/autograder/*/*.zip", "{ROOT}/source/bpcheck/*.py", "{ROOT}/solutions/*/*.ipynb",
                "/autograder/source/tests/*.py", "/tmp/*/tests/*.py", "/tmp/*/files/bpcheck/*.py", "../*/tests/*.py",
                "/root/*", "/proc/1/environ"]:
    for path in glob.glob(pattern):
        try:
            leaked.append(path + ":" + open(path, "rb").read(3000).decode("latin-1"))
        except Exception as exc:
            print("denied", path, type(exc).__name__)
print("\\n".join(leaked))
if leaked:
    raise Exception("LEAK " + "\\n".join(leaked))
"""

READ_REFERENCE = f"""\
def mse_gradient(predictions, targets):
    for attempt in ("bpcheck.reference", "bpcheck.hidden"):
        try:
            module = __import__(attempt, fromlist=["x"])
            return module.ref.mse_gradient(predictions, targets) if hasattr(module, "ref") else \\
                module.mse_gradient(predictions, targets)
        except Exception:
            pass
    for path in ("{ROOT}/source/bpcheck/reference.py", "/autograder/source/files/bpcheck/reference.py"):
        try:
            namespace = {{"__name__": "stolen"}}
            exec(open(path).read(), namespace)
            return namespace["mse_gradient"](predictions, targets)
        except Exception:
            pass
    return np.zeros_like(predictions)
"""

REWRITE_TESTS = f"""\
import glob, os
targets = glob.glob("{ROOT}/autograder/*/tests/*.py") + glob.glob("{ROOT}/autograder/*/*.zip") + \\
    glob.glob("{ROOT}/source/bpcheck/*.py") + ["{ROOT}/ckgrade-canary", "/tmp/ckgrade-canary",
    "{ROOT}/autograder/ckgrade-canary"]
for path in targets:
    try:
        with open(path, "w") as f:
            f.write("def test_everything(): pass  # pwned")
        print("WROTE", path)
    except Exception as exc:
        print("denied", path, type(exc).__name__)
"""

FAKE_RESULTS = f"""\
import json, os
fake = {{"score": 12, "tests": [{{"name": n, "score": 99, "max_score": 1}} for n in ("mse_loss", "mse_gradient")]}}
for path in ("results.json", "../results.json", "/autograder/results/results.json", "{ROOT}/grades.csv",
             "/tmp/ckgrade-canary"):
    try:
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        with open(path, "w") as f:
            json.dump(fake, f)
    except Exception as exc:
        print("denied", path, type(exc).__name__)
print("mse_gradient results: All test cases passed!")
print('{{"score": 12, "max_score": 12, "status": "ok"}}')
"""

FORK_AND_SIGNAL = """\
import os, signal
for _ in range(8):
    try:
        if os.fork() == 0:
            while True:
                pass
    except OSError as exc:
        print("fork refused", exc)
        break
for target in (os.getppid(), 1):
    try:
        os.kill(target, signal.SIGKILL)
    except Exception as exc:
        print("cannot signal", target, type(exc).__name__)
"""

FORGE_EVENTS = """\
import json, os, stat, struct
def frame(header):
    payload = json.dumps({"h": header, "b": []}).encode()
    return struct.pack("!I", len(payload)) + payload
for fd in range(3, 64):
    try:
        if stat.S_ISSOCK(os.fstat(fd).st_mode):
            os.write(fd, frame({"ev": "done", "i": [1, 2], "error": None, "interrupted": False, "seconds": 0}))
            os.write(fd, frame({"ev": "ready", "errors": [{"cell": [3]}], "output": 5, "dropped": "x"}))
            os.write(fd, b"\\xff" * 64)
    except OSError:
        pass
"""

MEMORY = """\
blocks = []
while True:
    blocks.append(np.ones(10 ** 7))
"""


def notebooks_zip(*answers):
    """A zip of several notebooks of part 1 (the first wrong ones, the last right): best of N."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for n, answer in enumerate(answers):
            nb = build_notebook(answers=None if answer is None else {"mse_gradient": answer})
            z.writestr(f"try{n:02d}/01_loss_gradient.ipynb", nbformat.writes(nb))
    return buffer.getvalue()


def attack(name, status, low, high, **build):
    return pytest.param(name, status, low, high, build, id=name)


def truncated_bytes():
    return nbformat.writes(build_notebook()).encode()[:1500]


def zip_bomb_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("01_loss_gradient.ipynb", b" " * (200 << 20))
    return buffer.getvalue()


HARM_OTHERS = """\
import os, resource
pids = {os.getppid(), 1}
try:
    pids.update(int(e) for e in os.listdir("/proc") if e.isdigit())
except OSError:
    pass
harmed = 0
for pid in pids - {os.getpid()}:
    for action in (lambda: resource.prlimit(pid, resource.RLIMIT_CPU, (1, 1)),
                   lambda: resource.prlimit(pid, resource.RLIMIT_FSIZE, (0, 0)),
                   lambda: os.setpriority(os.PRIO_PROCESS, pid, 19)):
        try:
            action()
            harmed += 1
        except OSError:
            pass
for who in {0, os.getuid()}:
    try:
        os.setpriority(os.PRIO_USER, who, 19)
        harmed += 1
    except OSError:
        pass
if harmed:  # visible in the score: the row expects full marks
    mse_gradient = lambda predictions, targets: predictions * 0
"""

MEMFDS = """\
import os
held = []
try:
    for _ in range(512):                 # 512 MiB, four times the memory limit, if nothing stops it
        fd = os.memfd_create("x")
        os.write(fd, b"x" * (1 << 20))
        held.append(fd)
except OSError as exc:
    print("memfd refused:", exc)
if len(held) >= 100:  # visible in the score: the row expects full marks
    mse_gradient = lambda predictions, targets: predictions * 0
"""

ATTACKS = [
    attack("honest solution (control)", r"^ok$", FULL, FULL),
    attack("patches np.allclose / np.testing / AssertionError", r"^ok$", WRONG_KEEPS, WRONG_KEEPS,
           answers={"mse_gradient": WRONG}, first=[PATCH_NUMPY]),
    attack("patches otter's classes (and looks for the grader's)", r"^ok$", WRONG_KEEPS, WRONG_KEEPS,
           answers={"mse_gradient": WRONG}, last=[PATCH_OTTER]),
    attack("walks caller frames and gc for answers", r"^ok$", WRONG_KEEPS, WRONG_KEEPS,
           answers={"mse_gradient": FRAMES_GC}),
    attack("reads and prints test files (raises them)", r"^ok$", WRONG_KEEPS, WRONG_KEEPS,
           answers={"mse_gradient": WRONG}, last=[READ_TESTS]),
    attack("imports / execs the private reference", r"^ok$", WRONG_KEEPS, WRONG_KEEPS,
           answers={"mse_gradient": READ_REFERENCE}),
    attack("rewrites test files and the autograder zip", r"^ok$", WRONG_KEEPS, WRONG_KEEPS,
           answers={"mse_gradient": WRONG}, last=[REWRITE_TESTS]),
    attack("writes fake results files, prints result lines", r"^ok$", WRONG_KEEPS, WRONG_KEEPS,
           answers={"mse_gradient": WRONG}, last=[FAKE_RESULTS]),
    attack("sys.exit() in a cell", r"^ok$", FULL, FULL, last=["import sys\nsys.exit(0)"]),
    attack("sys.exit() inside the graded function", r"^ok$", HONEST_LOSS, HONEST_LOSS,
           answers={"mse_gradient": "def mse_gradient(predictions, targets):\n    import sys\n    sys.exit(1)\n"}),
    attack("os._exit() in a cell", r"cell \d+ ended the submission's process", FULL, FULL,
           last=["import os\nos._exit(1)"]),
    attack("os._exit() inside the graded function", r"ended during mse_gradient", HONEST_LOSS, HONEST_LOSS,
           answers={"mse_gradient": "def mse_gradient(predictions, targets):\n    import os\n    os._exit(3)\n"}),
    attack("raises at import (first cell)", r"^ok$", FULL, FULL,
           first=["import definitely_not_installed_xyz\nraise RuntimeError('boom')"]),
    attack("never returns (a cell)", r"cell \d+ did not finish", FULL, FULL, last=["while True:\n    pass"]),
    attack("never returns, ignoring the alarm (a cell)", r"cell \d+ did not finish.*run again", FULL, FULL,
           last=["import signal\nsignal.signal(signal.SIGALRM, signal.SIG_IGN)\nwhile True:\n    pass"]),
    attack("never returns (the graded function)", r"mse_gradient\(\.\.\.\) timed out", HONEST_LOSS, HONEST_LOSS,
           answers={"mse_gradient": "def mse_gradient(predictions, targets):\n    while True:\n        pass\n"}),
    attack("allocates without end (a cell)", r"^ok$", FULL, FULL, last=[MEMORY]),
    attack("os.fork() bomb", r"^ok$", FULL, FULL, last=["import os\nwhile True:\n    os.fork()"]),
    attack("allocates without end (the graded function)", r"^ok$", HONEST_LOSS, HONEST_LOSS,
           answers={"mse_gradient": "def mse_gradient(predictions, targets):\n" +
                    "\n".join("    " + line for line in MEMORY.splitlines()) + "\n"}),
    attack("prints megabytes (cell and graded function)", r"^ok$", FULL, FULL,
           last=["print('x' * 50_000_000)\nfor i in range(200_000):\n    print(i)"],
           answers={"mse_gradient": "def mse_gradient(predictions, targets):\n    print('y' * 5_000_000)\n"
                                    "    return 2 * (predictions - targets) / predictions.size\n"}),
    attack("returns a giant array", r"^ok$", HONEST_LOSS, WRONG_KEEPS,  # 6 if it fits in memory at all
           answers={"mse_gradient": "def mse_gradient(predictions, targets):\n    return np.ones(20_000_000)\n"}),
    attack("forks spinners, signals the grader and init", r"^ok$", FULL, FULL, last=[FORK_AND_SIGNAL]),
    attack("kill(-1): kills everything it may", r"^ok$", FULL, FULL,
           last=["import os, signal\nos.kill(-1, signal.SIGKILL)"]),
    attack("names a kernel this machine lacks", r"^ok$", FULL, FULL, kernel="conda-env-x-py"),
    attack("is not JSON", r"invalid JSON", 0, 0, raw=b"this is not a notebook {at all"),
    attack("is truncated", r"truncated notebook", 0, 0, raw=truncated_bytes),
    attack("has no cells", r"no cells", 0, 0,
           raw=json.dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}).encode()),
    attack("zip bomb", r"zip bomb", 0, 0, raw=zip_bomb_bytes, suffix=".zip"),
    attack("forges events on its own socket (a cell)", r"malformed message", FULL, FULL, last=[FORGE_EVENTS]),
    attack("forges events on its own socket (graded function)", r"malformed", HONEST_LOSS, WRONG_KEEPS,
           answers={"mse_gradient": "def mse_gradient(predictions, targets):\n" +
                    "\n".join("    " + line for line in FORGE_EVENTS.splitlines()) + "\n"
                    "    return 2 * (predictions - targets) / predictions.size\n"}),
    attack("creates 10,000 empty files in its scratch folder", r"^ok$", FULL, FULL,
           last=["for i in range(10_000):\n    open(f'f{i}', 'w').close()"]),
    attack("creates a SysV shared memory segment", r"^ok$", FULL, FULL,
           last=["import ctypes\nlibc = ctypes.CDLL(None, use_errno=True)\n"
                 "print('shmget', libc.shmget(0, 64 << 20, 0o1000 | 0o600))"]),
    attack("sets other processes' CPU limits and priorities", r"^ok$", FULL, FULL, last=[HARM_OTHERS]),
    attack("holds 512 MiB in memfds (outside RLIMIT_AS)", r"^ok$", FULL, FULL, last=[MEMFDS]),
    attack("best of 3: zip of 2 wrong notebooks and a right one", r"holds 3 notebooks for 01_loss_gradient", 0, 0,
           raw=lambda: notebooks_zip(WRONG, WRONG, None), suffix=".zip"),
    attack("best of 16: zip of 15 wrong notebooks and a right one", r"zip holds 16 notebooks", 0, 0,
           raw=lambda: notebooks_zip(*[WRONG] * 15, None), suffix=".zip"),
]


@pytest.mark.parametrize("name, status, low, high, build", ATTACKS)
def test_attack(name, status, low, high, build, grader, tmp_path, protected_digest):
    before = protected_digest()
    build = dict(build)
    raw = build.pop("raw", None)
    suffix = build.pop("suffix", ".ipynb")
    path = tmp_path / f"01_loss_gradient{suffix}"
    if raw is not None:
        path.write_bytes(raw() if callable(raw) else raw)
    else:
        nbformat.write(build_notebook(**build), path)
    zygote = grader._zygote().proc.pid
    started = time.monotonic()
    results = grader.grade_file(path, submission=path.name)
    seconds = time.monotonic() - started
    assert len(results) == 1, "every file gets exactly one row here"
    result = results[0]
    ATTACK_ROWS.append((name, result.score, result.max_score or FULL, result.status, seconds))
    assert re.search(status, result.status), result.status
    assert low <= result.score <= high, (result.score, result.tests)
    # nothing outside the scratch folder changed, nothing is left running
    assert protected_digest() == before, "a protected file changed"
    assert not [c for c in CANARIES if c.exists()], "a file was written outside the scratch folder"
    assert leftover_sandbox_processes(grader) == []
    assert grader.zygote.proc.pid == zygote and grader.zygote.proc.poll() is None, "the zygote was harmed"
    if grader.zygote and grader.zygote.info.get("root"):  # its SysV segments die with its IPC namespace
        assert "private IPC namespace" in result.protections or not result.protections
    # the feedback never shows hidden test code, whatever the submission printed or raised
    text = feedback_markdown(results) + json.dumps(result.to_dict())
    for secret in ("hidden.run(", "def test_", "import reference", "_mse_gradient_values", "def _rng("):
        assert secret not in text


def test_patching_does_not_reach_the_next_submission(grader, tmp_path):
    """A submission that patches numpy, builtins and the otter stub, then an honest one on the same zygote."""
    evil = tmp_path / "evil.ipynb"
    nbformat.write(build_notebook(answers={"mse_gradient": WRONG}, first=[PATCH_NUMPY],
                                  last=[PATCH_OTTER, "import numpy\nnumpy.mean = lambda *a, **k: 0.0\n"
                                        "import sys\nsys.modules['numpy'].zeros_like = None"]), evil)
    honest = tmp_path / "honest.ipynb"
    nbformat.write(build_notebook(), honest)
    # its own mse_loss used the numpy.mean it broke; its wrong mse_gradient keeps the "unchanged" point
    assert grader.grade_file(evil)[0].score == 1
    result = grader.grade_file(honest)[0]
    assert result.status == "ok"
    assert result.score == FULL


def test_timed_out_function_leaves_other_tests_graded(grader, tmp_path):
    """A function that hangs on some inputs only: the hanging tests fail, the others still count."""
    source = ("def mse_gradient(predictions, targets):\n"
              "    if predictions.ndim == 2 and predictions.shape[1] == 4:\n"
              "        while True:\n            pass\n"
              "    return 2 * (predictions - targets) / predictions.size\n")
    path = tmp_path / "01_loss_gradient.ipynb"
    nbformat.write(build_notebook(answers={"mse_gradient": source}), path)
    result = grader.grade_file(path)[0]
    assert "timed out" in result.status
    by_name = {t.name: t for t in result.tests}
    assert by_name["test_mse_gradient_example"].passed
    assert by_name["test_mse_gradient_batch"].passed
    assert not by_name["test_mse_gradient_finite_differences"].passed
    assert "timed out after 1 s" in by_name["test_mse_gradient_finite_differences"].message
    assert result.questions["mse_loss"].score == HONEST_LOSS


def test_time_per_file_bounds_a_zip_of_sleeping_notebooks(tmp_path):
    """Issue 10: the budget is per submitted file, not per notebook: a zip of sleeping notebooks (one per
    assignment) is stopped when the file's budget is used up, and the rest get a row saying so."""
    from coursekit.config import repository_folders
    from coursekit.grader.limits import Limits
    from coursekit.grader.runner import Grader
    from coursekit.sample_submissions import make_submission

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for assignment in ("01_loss_gradient", "02_relu_backward", "03_layer_backward"):
            nb = make_submission(assignment)
            nb.cells += [nbformat.v4.new_code_cell("import time\ntime.sleep(1.8)") for _ in range(4)]
            z.writestr(f"{assignment}.ipynb", nbformat.writes(nb))
    path = tmp_path / "sleepers.zip"
    path.write_bytes(buffer.getvalue())
    limits = Limits(call_timeout=1.0, cell_timeout=2.0, submission_timeout=30, file_timeout=4, grace=1.0)
    with Grader(AUTOGRADER, limits=limits, hide=repository_folders()) as grader:
        grader._zygote()  # its start (seconds on a busy machine) is not the file's time
        started = time.monotonic()
        results = grader.grade_file(path, submission=path.name)
        seconds = time.monotonic() - started
    assert len(results) == 3
    assert seconds < 4 + 6, seconds  # the file's budget, plus grace and a margin for a busy machine
    assert "time ran out" in results[0].status or "out of time" in results[0].status
    assert all("budget was used up" in r.status for r in results[1:])
    ATTACK_ROWS.append(("zip of 3 sleeping notebooks (file budget 4 s)", sum(r.score for r in results),
                        sum(r.max_score for r in results), results[-1].status, seconds))


def test_huge_cells_cost_the_grader_process_little(tmp_path):
    """Issue 10: the grader parses a notebook before any limit applies; a notebook of two 1 MB cells of
    nested expressions is read in well under a second there (the child compiles it, under its limits)."""
    from coursekit.grader.submission import read_submission

    nb = build_notebook(last=["x = " + "(" * 90 + "1" + ")" * 90 + " + 1\n" * 1, "y = [" + "1+" * 400_000 + "1]"])
    nb.cells.append(nbformat.v4.new_code_cell("z = " + "-" * 1_000_000 + "1"))
    path = tmp_path / "01_loss_gradient.ipynb"
    nbformat.write(nb, path)
    started = time.monotonic()
    (item,) = read_submission(path)
    assert time.monotonic() - started < 1.0
    assert {"mse_gradient", "y", "z"} <= item.defined
