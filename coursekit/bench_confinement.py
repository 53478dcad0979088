"""``python -m coursekit.bench_confinement``: what confining one submission costs, in this host's mode, and
what bubblewrap would cost instead.

Prints, for the grader's own confinement (the mode ``preflight`` finds, or weaker with ``--without``), the
time from asking the warm zygote for a child to the child's first cell having run, and back to a reaped
child, over ``--count`` children; then, if ``bwrap`` is installed, the time bubblewrap takes to start a
confined process (``/bin/true``) and a confined Python that imports what a notebook needs (bubblewrap
starts a new program, so used per submission it cannot fork from a warm interpreter).

    python -m coursekit.bench_confinement [--count 30] [--without userns,landlock,seccomp]
"""

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time

import nbformat

from .config import AUTOGRADER, repository_folders
from .grader import preflight
from .grader.limits import Limits
from .grader.runner import Grader
from .grader.session import Session
from .grader.submission import read_submission

ASSIGNMENT = "01_loss_gradient"
IMPORTS = "import numpy, matplotlib; matplotlib.use('Agg'); import matplotlib.pyplot, sklearn.datasets"


def _ms(values):
    values = sorted(values)
    return {"median_ms": round(1000 * statistics.median(values), 1),
            "p90_ms": round(1000 * values[int(0.9 * (len(values) - 1))], 1)}


def grader_children(count, without, folder):
    """Seconds from spawn to the first cell done, and to a reaped child, for ``count`` children."""
    path = folder / "tiny.ipynb"
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x = 1")]
    nbformat.write(nb, path)
    notebook = read_submission(path, label="tiny")[0]
    started, whole, applied = [], [], []
    with Grader(AUTOGRADER, limits=Limits(), hide=repository_folders(), without=without) as grader:
        zygote = grader._zygote()
        for _ in range(count):
            t0 = time.perf_counter()
            session = Session(zygote, notebook, grader.autograders[ASSIGNMENT], grader.limits)
            session.start()
            t1 = time.perf_counter()
            session.close()
            started.append(t1 - t0)
            whole.append(time.perf_counter() - t0)
            applied = session.applied
    return {"to_ready": _ms(started), "spawn_to_reaped": _ms(whole), "applied": applied}


def bubblewrap(count):
    """bubblewrap's start, alone and with the imports a notebook needs (None if bwrap is not installed)."""
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return None
    base = [bwrap, "--unshare-all", "--die-with-parent", "--ro-bind", "/", "/", "--dev", "/dev",
            "--proc", "/proc", "--tmpfs", "/tmp", "--"]

    def timed(argv):
        times = []
        for _ in range(count):
            t0 = time.perf_counter()
            subprocess.run(argv, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times.append(time.perf_counter() - t0)
        return _ms(times)

    return {"bwrap /bin/true": timed(base + ["/bin/true"]),
            "bwrap python + imports": timed(base + [sys.executable, "-c", IMPORTS]),
            "python + imports, no bwrap": timed([sys.executable, "-c", IMPORTS])}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=30)
    parser.add_argument("--without", default="", help="comma-separated layers to leave out (userns,landlock,seccomp)")
    args = parser.parse_args(argv)
    without = tuple(w for w in args.without.split(",") if w)
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        found = preflight.probe(without)
        report = {"mode": found.mode, "grader": grader_children(args.count, without, Path(tmp)),
                  "bubblewrap": bubblewrap(max(3, args.count // 5))}
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
