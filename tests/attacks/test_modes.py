"""What the grader guarantees in each mode an instructor really runs it in, tested in that mode.

CI runs as root, so the non-root modes run ``unprivileged.py`` as a throwaway ordinary user that owns a copy
of the course (as on an instructor's laptop, where the autograders are the user's own files): in a mount
namespace of its own where the Python installation is reachable (it lives under /root here), with
privileges dropped before it starts. Modes: "user namespaces" (what such a laptop gets on a current kernel),
"Landlock only" (the kernel forbids unprivileged user namespaces: left out on request), "unconfined"
(neither: refused unless --allow-unconfined). Root mode is the rest of ``tests/attacks``.
"""

import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
import pytest

from coursekit.config import AUTOGRADER, ROOT, SOLUTIONS
from coursekit.grader import confine

from .conftest import ASSIGNMENT, build_notebook

USER = "ckgrade-instructor"
SCRIPT = Path(__file__).with_name("unprivileged.py")

PROBE = """\
import ctypes, os, resource, signal, socket
GRADER, ZYGOTE, COURSE = {GRADER_PID}, {ZYGOTE_PID}, "{COURSE}"
ZIP = COURSE + "/autograder/01_loss_gradient/01_loss_gradient-autograder.zip"
def attempt(action):
    try:
        action()
        return "allowed"
    except BaseException as exc:
        return type(exc).__name__
def memfds():
    held = []
    for _ in range(64):
        fd = os.memfd_create("x")
        os.write(fd, b"x" * (1 << 20))
        held.append(fd)
libc = ctypes.CDLL(None, use_errno=True)
def shm():
    if libc.shmget(0, 1 << 20, 0o1000 | 0o600) < 0:
        raise OSError(ctypes.get_errno(), "shmget")
probe = {
    "read autograder zip": attempt(lambda: open(ZIP, "rb").read(4)),
    "rewrite autograder zip": attempt(lambda: open(ZIP, "r+b").write(b"PK")),
    "read the course's sources": attempt(lambda: open(COURSE + "/source/secret.txt").read()),
    "write the course folder": attempt(lambda: open(COURSE + "/ckgrade-canary", "w").write("x")),
    "read /etc/passwd": attempt(lambda: open("/etc/passwd").read(4)),
    "list /usr/local": attempt(lambda: os.listdir("/usr/local")),
    "write /tmp": attempt(lambda: open("/tmp/ckgrade-modes-canary", "w").write("x")),
    "write its scratch folder": attempt(lambda: open("scratch.txt", "w").write("x")),
    "import numpy.linalg and sqlite3": attempt(lambda: (__import__("numpy.linalg"), __import__("sqlite3"))),
    "set the grader's CPU limit": attempt(lambda: resource.prlimit(GRADER, resource.RLIMIT_CPU, (1, 1))),
    "set the zygote's file-size limit": attempt(lambda: resource.prlimit(ZYGOTE, resource.RLIMIT_FSIZE, (0, 0))),
    "lower the priority of the user's processes": attempt(lambda: os.setpriority(os.PRIO_USER, os.getuid(), 19)),
    "signal the grader": attempt(lambda: os.kill(GRADER, 0)),
    "signal the zygote": attempt(lambda: os.kill(ZYGOTE, 0)),
    "hold 64 MiB in memfds": attempt(memfds),
    "create a SysV segment": attempt(shm),
    "connect to the network": attempt(lambda: socket.create_connection(("127.0.0.1", 22), timeout=1)),
    "set its own CPU limit": attempt(lambda: resource.prlimit(0, resource.RLIMIT_CORE, (0, 0))),
    "uid": os.getuid(),
    "pid": os.getpid(),
}
"""

# every mode that grades must deny these (the files and processes a submission could use to cheat or harm)
DENIED = ("read autograder zip", "rewrite autograder zip", "read the course's sources", "write the course folder",
          "write /tmp", "set the grader's CPU limit", "set the zygote's file-size limit",
          "lower the priority of the user's processes", "signal the grader", "signal the zygote",
          "hold 64 MiB in memfds", "create a SysV segment", "connect to the network")
ALLOWED = ("write its scratch folder", "import numpy.linalg and sqlite3", "set its own CPU limit")
CLASSIFIER = "05_minibatch_classifier"  # loads scikit-learn's digits and draws a contour plot: real reading
WRONG = "def mse_gradient(predictions, targets):\n    return np.zeros_like(predictions)\n"


@pytest.fixture(scope="module")
def user():
    if os.geteuid() != 0:
        pytest.skip("creates an ordinary user: needs root (CI runs as root)")
    try:
        pwd.getpwnam(USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", USER],
                       check=True)
    entry = pwd.getpwnam(USER)
    return entry.pw_uid, entry.pw_gid


@pytest.fixture(scope="module")
def course(user):
    """A copy of the course the ordinary user owns: the grader package, the autograders, a secret source
    (under /tmp itself: pytest's own temporary folders are closed to other users)."""
    home = Path(tempfile.mkdtemp(prefix="ckgrade-laptop-"))
    yield from _course(user, home)
    shutil.rmtree(home, ignore_errors=True)


def _course(user, home):
    folder = home / "course"
    shutil.copytree(ROOT / "coursekit", folder / "coursekit", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(AUTOGRADER, folder / "autograder")
    shutil.copy(SCRIPT, home / SCRIPT.name)  # the user may not be able to enter the checkout (a clone under /root)
    (folder / "source").mkdir()
    (folder / "source" / "secret.txt").write_text("the solutions")
    work = folder.parent / "work"
    work.mkdir()
    nbformat.write(build_notebook(last=[PROBE]), work / "probe.ipynb")
    nbformat.write(build_notebook(), work / "honest.ipynb")
    nbformat.write(build_notebook(answers={"mse_gradient": WRONG}), work / "wrong.ipynb")
    shutil.copy(SOLUTIONS / CLASSIFIER / f"{CLASSIFIER}.ipynb", work / "classifier.ipynb")
    for path in [folder.parent, *folder.parent.rglob("*")]:
        os.lchown(path, *user)
    os.chmod(folder.parent, 0o755)
    yield folder


def _as_user(uid, gid):
    """preexec_fn: a mount namespace where the Python installation is reachable (it sits under /root,
    which only root may enter), then the user's ids, no groups."""
    def start():
        confine._check(confine._libc.unshare(confine.CLONE_NEWNS), "unshare")
        confine._mount(None, "/", None, confine.MS_REC | confine.MS_PRIVATE)
        stage = f"/tmp/ckgrade-stage-{os.getpid()}"
        os.mkdir(stage, 0o700)
        confine.expose_blocked([os.path.realpath(p) for p in (sys.prefix, sys.base_prefix)], stage)
        os.setgroups([])
        os.setresgid(gid, gid, gid)
        os.setresuid(uid, uid, uid)
    return start


def run_mode(user, course, without, check=True):
    work = course.parent / "work"
    notebooks = [work / "honest.ipynb", work / "wrong.ipynb", work / "classifier.ipynb"]
    env = {"PATH": "/usr/bin:/bin", "HOME": str(course.parent), "TMPDIR": str(work), "LANG": "C.UTF-8",
           "MPLCONFIGDIR": str(work / "mpl")}
    proc = subprocess.run([sys.executable, str(course.parent / SCRIPT.name), str(course), ",".join(without) or "-",
                           str(work / "probe.ipynb"), *map(str, notebooks)],
                          env=env, cwd=str(work), capture_output=True, text=True, timeout=300,
                          preexec_fn=_as_user(*user))
    canary_written = os.path.exists("/tmp/ckgrade-modes-canary")
    if canary_written:
        os.unlink("/tmp/ckgrade-modes-canary")
    if not check and proc.returncode != 0:
        return {"returncode": proc.returncode}
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    report["canary written"] = canary_written
    return report


def _zip_digest(course):
    return (course / "autograder" / ASSIGNMENT / f"{ASSIGNMENT}-autograder.zip").read_bytes()


@pytest.mark.parametrize("without, mode", [((), "user namespaces"), (("userns",), "Landlock only")])
def test_mode_denies_what_matters(user, course, without, mode):
    before = _zip_digest(course)
    report = run_mode(user, course, without)
    probe = report["probe"]
    assert report["confinement"]["mode"] == mode and report["refusal"] is None, report["confinement"]
    for action in DENIED:
        assert probe[action] != "allowed", (mode, action, probe)
    for action in ALLOWED:
        assert probe[action] == "allowed", (mode, action, probe)
    if mode == "user namespaces":
        assert not report["missing"], report["missing"]
        assert probe["uid"] == confine.INSIDE_UID and probe["pid"] == 1, probe
        assert "private PID namespace" in report["applied"] and "no capabilities" in report["applied"]
    else:
        assert [m.split(" (")[0] for m in report["missing"]] == ["namespaces"], report["missing"]
        assert probe["uid"] == user[0]
    assert any(p.startswith("seccomp") for p in report["applied"])
    assert any(p.startswith("landlock") for p in report["applied"])
    # the probe's attempts left the grader whole: honest and wrong classmates graded as they deserve
    assert report["grader_kept"] == {"cpu and file-size limits": True, "priority": True}
    assert report["zygote_alive"]
    scores = {r["file"]: (r["score"], r["status"]) for r in report["results"]}
    assert scores == {"honest.ipynb": (12, "ok"), "wrong.ipynb": (6, "ok"), "classifier.ipynb": (41, "ok")}, scores
    assert all(r["cell_errors"] == [] for r in report["results"]), report["results"]
    # peak memory is measured through the extra process of the PID namespace too (a warm child holds numpy)
    assert all(r["maxrss_kb"] > 20_000 for r in report["results"]), report["results"]
    assert _zip_digest(course) == before and not (course / "ckgrade-canary").exists()
    assert not report["canary written"]


def test_unconfined_host_is_refused_with_what_is_missing(user, course):
    report = run_mode(user, course, ("userns", "landlock"))
    assert report["confinement"]["mode"] == "unconfined"
    line = report["refusal"]
    assert line and "\n" not in line and "no user namespaces" in line and "no Landlock" in line, line
    assert "--allow-unconfined" in line and "rewrite the autograders" in line
    # what it would let through, so the refusal is not a formality
    assert report["probe"]["read autograder zip"] == "allowed"


def test_without_seccomp_landlock_alone_lets_the_grader_be_harmed(user, course):
    """The control for the rows above: leave the seccomp filter out too and the same probe sets the
    grader's CPU limit to 1 s, which kills it (the attack reproduced in issue 10)."""
    report = run_mode(user, course, ("userns", "seccomp"), check=False)
    harmed = report.get("returncode") == -9 or report.get("grader_kept") != {"cpu and file-size limits": True,
                                                                           "priority": True}
    assert harmed, report
