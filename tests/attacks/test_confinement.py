"""What the student's process can and cannot do, asked from inside it (a notebook cell records every
attempt in a dict the test then reads through the grader's own get() request)."""

import os

import nbformat
import pytest

from coursekit.config import AUTOGRADER, ROOT
from coursekit.grader.session import Session
from coursekit.grader.submission import read_submission

from .conftest import ASSIGNMENT, build_notebook

PROBE = f"""\
import os, socket, signal, sys
def attempt(action):
    try:
        action()
        return "allowed"
    except BaseException as exc:
        return type(exc).__name__
probe = {{
    "read autograder zip": attempt(lambda: open("{AUTOGRADER}/{ASSIGNMENT}/{ASSIGNMENT}-autograder.zip", "rb").read(4)),
    "read reference.py": attempt(lambda: open("{ROOT}/source/bpcheck/reference.py").read(4)),
    "list the repository": attempt(lambda: os.listdir("{ROOT}")),
    "read /etc/passwd": attempt(lambda: open("/etc/passwd").read(4)),
    "list /root": attempt(lambda: os.listdir("/root")),
    "write /tmp": attempt(lambda: open("/tmp/ckgrade-canary-probe", "w").write("x")),
    "write the repository": attempt(lambda: open("{ROOT}/ckgrade-canary", "w").write("x")),
    "write its scratch folder": attempt(lambda: open("scratch.txt", "w").write("x")),
    "import hidden tests": attempt(lambda: __import__("bpcheck.hidden")),
    "import public checks": attempt(lambda: __import__("bpcheck.compare")),
    "import a stdlib module": attempt(lambda: __import__("sqlite3")),
    "connect to the network": attempt(lambda: socket.create_connection(("127.0.0.1", 22), timeout=1)),
    "signal its zygote": attempt(lambda: os.kill(os.getppid(), 0)),
    "signal init": attempt(lambda: os.kill(1, 0)),
    "environment": sorted(os.environ),
    "uid": os.getuid(),
}}
"""


@pytest.fixture(scope="module")
def probe(grader, tmp_path_factory):
    path = tmp_path_factory.mktemp("probe") / f"{ASSIGNMENT}.ipynb"
    nbformat.write(build_notebook(last=[PROBE]), path)
    notebook = read_submission(path)[0]
    session = Session(grader._zygote(), notebook, grader.autograders[ASSIGNMENT], grader.limits)
    try:
        session.start()
        found = session.resolve("probe")
        found["applied"] = session.applied
        found["missing"] = session.missing
    finally:
        session.close()
    return found


def test_allowed(probe):
    assert probe["write its scratch folder"] == "allowed"
    assert probe["import public checks"] == "allowed"
    assert probe["import a stdlib module"] == "allowed"
    assert set(probe["environment"]) <= {"HOME", "TMPDIR", "PATH", "LANG", "MPLBACKEND", "OPENBLAS_NUM_THREADS",
                                         "OMP_NUM_THREADS"}


def test_denied_everywhere(probe):
    for action in ("read autograder zip", "read reference.py", "list the repository", "write /tmp",
                   "write the repository", "import hidden tests", "connect to the network", "signal its zygote",
                   "signal init"):
        assert probe[action] != "allowed", (action, probe)
    assert not os.path.exists("/tmp/ckgrade-canary-probe") and not (ROOT / "ckgrade-canary").exists()


@pytest.mark.skipif(os.geteuid() != 0, reason="privilege drop and namespaces need root")
def test_root_protections(probe):
    assert probe["uid"] >= 65534 and probe["uid"] != 0
    assert "no network" in probe["applied"] and not probe["missing"], probe["missing"]
    assert probe["list /root"] in ("allowed", "PermissionError")  # at most the Python installation shows
    assert any(p.startswith("landlock") for p in probe["applied"])
