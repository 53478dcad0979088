"""How long a student waits on Colab's versions: `make bench-student` (python -m coursekit.student_bench).

For every student notebook, answers filled in, run as on Colab (coursekit/colab_env.py: Colab's
preinstalled versions, nothing of ours installed yet): the setup cell's seconds, and the seconds from the
setup cell's start until the first grader.check answers (the init cell's imports and otter.Notebook()
included). Targets: setup under 5 s, first check under 8 s. Kernel start-up is not counted: Colab's
runtime is up before the student runs a cell.
"""

import argparse
import os
import sys
import tempfile
from pathlib import Path

from .colab_env import base_env, run_as_on_colab, seconds
from .config import masters
from .sample_submissions import make_submission

SETUP_TARGET, FIRST_CHECK_TARGET = 5.0, 8.0


def measure(assignment, base, work: Path):
    nb = run_as_on_colab(make_submission(assignment), work, base=base)["nb"]
    setup = next(c for c in nb.cells if "setup" in c.metadata.get("tags", []))
    first_check = next(c for c in nb.cells if c.cell_type == "code" and c.source.startswith("grader.check("))
    start, setup_end = seconds(setup)
    _, check_end = seconds(first_check)
    return (setup_end - start).total_seconds(), (check_end - start).total_seconds()


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m coursekit.student_bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="*", default=None, help="these assignments only")
    args = parser.parse_args(argv)
    base = base_env()
    print(f"{'notebook':22s} {'setup s':>8s} {'first check s':>14s}   (targets: < {SETUP_TARGET:g} s, < "
          f"{FIRST_CHECK_TARGET:g} s)")
    worst = [0.0, 0.0]
    for master in masters():
        if args.only and master.stem not in args.only:
            continue
        with tempfile.TemporaryDirectory(prefix="bench-student-") as tmp:
            setup, check = measure(master.stem, base, Path(tmp))
        worst = [max(worst[0], setup), max(worst[1], check)]
        print(f"{master.stem:22s} {setup:8.2f} {check:14.2f}", flush=True)
    ok = worst[0] < SETUP_TARGET and worst[1] < FIRST_CHECK_TARGET
    print(f"worst: setup {worst[0]:.2f} s, first check {worst[1]:.2f} s: {'within' if ok else 'OVER'} the targets")
    load = os.getloadavg()[0]
    print(f"load average {load:.1f} on {os.cpu_count()} cores" + ("  (a busy machine: the figures are inflated)"
                                                                 if load > os.cpu_count() else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
