"""Gradescope entry point: ``python -m coursekit.grader.gradescope [ROOT]`` (ROOT defaults to /autograder).

Gradescope unzips the autograder into ``ROOT/source`` (its run_autograder, written by the course build,
calls this), puts the student's upload in ``ROOT/submission/`` and reads ``ROOT/results/results.json``.
One test entry per test case; hidden tests are shown once grades are published ("after_published"),
with only their student-facing message.
"""

import json
import os
import sys
from pathlib import Path

from .autograders import Autograder
from .limits import Limits
from .result import GradeResult, Kind
from .runner import Grader

HIDDEN_VISIBILITY = "after_published"
PREFERRED = (".ipynb", ".zip")


def pick_submission(folder):
    """The submitted file: a notebook first, then a zip, else whatever single file is there."""
    files = sorted(p for p in Path(folder).rglob("*") if p.is_file()) if Path(folder).is_dir() else []
    for suffix in PREFERRED:
        matching = [p for p in files if p.suffix.lower() == suffix]
        if matching:
            return matching[0], files
    return (files[0] if files else None), files


def results_json(result, extra_output=""):
    tests = []
    for t in result.tests:
        tests.append({
            "name": f"{t.question}: {t.name}",
            "score": t.points if t.passed else 0,
            "max_score": t.points,
            "visibility": HIDDEN_VISIBILITY if t.hidden else "visible",
            "output": t.message or ("passed" if t.passed else "failed"),
        })
    output = [f"Assignment {result.assignment or '?'}: {result.score:g} / {result.max_score:g}."]
    if result.status != "ok":
        output.append(f"Note: {result.status}")
    if extra_output:
        output.append(extra_output)
    return {"score": result.score, "tests": tests, "output": "\n".join(output),
            "visibility": "visible", "stdout_visibility": "hidden"}


def main(root="/autograder"):
    """Grade the submission; ``results.json`` is written whatever happens (a failure of the grader gives a
    0 with the reason, never a traceback without results)."""
    root = Path(root)
    results_dir = root / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    try:
        result, extra = _grade(root)
    except Exception as exc:  # noqa: BLE001 - Gradescope must get a results.json
        result = GradeResult.not_graded("", "", Kind.GRADER_ERROR, f"grader error: {exc!r}"[:500], "grader error")
        extra = "The grader failed on this submission; please tell your instructor."
    with open(results_dir / "results.json", "w", encoding="utf-8") as f:
        json.dump(results_json(result, extra), f, indent=1)
    return result


def _grade(root):
    source = root / "source"
    # No hash check here (``integrity`` checks the zips ``discover`` loads): this folder is what Gradescope
    # unzipped from the zip the instructor uploaded, in a fresh container per submission. SHA256SUMS is not in
    # the zip (a hash inside it proves nothing against whoever rewrote it), and the tests are in memory before
    # the student's code runs, so a rewrite of these files reaches no grade.
    autograder = Autograder.from_dir(source)
    _ = autograder.questions  # load the tests now, before anything else happens
    if os.geteuid() == 0:
        os.chmod(source, 0o700)  # the tests are in memory; the student's uid cannot enter the folder
    path, files = pick_submission(root / "submission")
    if path is None:
        return GradeResult.not_graded("", "", Kind.UNREADABLE, "no file was submitted", "no file",
                                      autograder.name, autograder.max_score), ""
    rel = path.relative_to(root / "submission").as_posix()
    with Grader({autograder.name: autograder}, Limits()) as grader:
        results = grader.grade_file(path, submission=rel, assignment=autograder.name)
    # one row per assignment (Grader refuses a file with several notebooks for it): never the best of several
    result = next((r for r in results if r.assignment == autograder.name), results[0])
    extra = f"Graded {rel}" + (f" (notebook {result.notebook})" if result.notebook != path.name else "")
    if len(files) > 1:
        extra += f"; {len(files) - 1} other file(s) in the submission were not graded"
    return result, extra


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/autograder")
