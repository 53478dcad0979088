"""Run by ``test_modes.py`` as an ordinary user (an instructor's laptop): grade the given notebooks with a
copy of the course the user owns, and print one JSON object: the confinement found, what a probe cell
could do from inside the student's process, each notebook's result, and whether the grader's own
process kept its limits and priority.

    python unprivileged.py COURSE WITHOUT PROBE.ipynb NOTEBOOK.ipynb...

COURSE holds ``coursekit/`` and ``autograder/``; WITHOUT is a comma-separated list of confinement layers to
leave out (or "-"). The probe notebook's cells may use {GRADER_PID} and {COURSE}, filled in here.
"""

import json
import os
import resource
import sys
from pathlib import Path

course, without = Path(sys.argv[1]), [w for w in sys.argv[2].split(",") if w and w != "-"]
probe_path, notebooks = Path(sys.argv[3]), [Path(p) for p in sys.argv[4:]]
sys.path.insert(0, str(course))

import nbformat  # noqa: E402

from coursekit.grader import preflight  # noqa: E402
from coursekit.grader.limits import Limits  # noqa: E402
from coursekit.grader.runner import Grader  # noqa: E402
from coursekit.grader.session import Session  # noqa: E402
from coursekit.grader.submission import read_submission  # noqa: E402

LIMITS = Limits(call_timeout=2.0, cell_timeout=5.0, submission_timeout=40, memory_mb=256, grace=1.0)
ASSIGNMENT = "01_loss_gradient"


def fill(path, **values):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            for key, value in values.items():
                cell.source = cell.source.replace("{" + key + "}", str(value))
    out = Path(os.environ.get("TMPDIR", "/tmp")) / f"filled-{os.getpid()}-{path.name}"
    nbformat.write(nb, out)
    return out


def main():
    found = preflight.probe(without)
    report = {"uid": os.getuid(), "confinement": found.to_dict(), "refusal": preflight.refusal(found)}
    limits_before = resource.getrlimit(resource.RLIMIT_CPU), resource.getrlimit(resource.RLIMIT_FSIZE)
    nice_before = os.getpriority(os.PRIO_PROCESS, 0)
    with Grader(course / "autograder", limits=LIMITS, hide=[course / "autograder", course / "source"],
                without=without) as grader:
        zygote = grader._zygote()
        notebook = read_submission(fill(probe_path, GRADER_PID=os.getpid(), ZYGOTE_PID=zygote.proc.pid,
                                        COURSE=course), label="probe")[0]
        session = Session(zygote, notebook, grader.autograders[ASSIGNMENT], grader.limits)
        try:
            session.start()
            report["probe"] = session.resolve("probe")
            report["applied"], report["missing"] = session.applied, session.missing
        finally:
            session.close()
        report["results"] = []
        for path in notebooks:
            for result in grader.grade_file(path):
                report["results"].append({"file": path.name, "score": result.score, "max": result.max_score,
                                          "status": result.status, "kind": str(result.kind),
                                          "maxrss_kb": result.child_maxrss_kb, "cell_errors": result.cell_errors})
        report["zygote_alive"] = grader.zygote.proc.poll() is None
    report["grader_kept"] = {
        "cpu and file-size limits": [resource.getrlimit(resource.RLIMIT_CPU),
                                     resource.getrlimit(resource.RLIMIT_FSIZE)] == list(limits_before),
        "priority": os.getpriority(os.PRIO_PROCESS, 0) == nice_before}
    print(json.dumps(report))


main()
