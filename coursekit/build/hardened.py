"""Ship the hardened grader inside each autograder zip, and make Gradescope use it.

``add_hardened_grader(files)`` takes the zip's {archive name: bytes} as otter wrote it and returns it with

* ``coursekit/__init__.py`` and ``coursekit/grade/*.py``: the grader (numpy is its only dependency);
* ``coursekit_grade.json``: which files under ``files/`` students may see (the rest stays in the grader);
* ``run_autograder`` rewritten: the same environment set-up lines as otter's, then
  ``python -m coursekit.grade.gradescope /autograder`` instead of otter's ``run_otter.py``.

``otter run`` never reads run_autograder or these files, so the zip keeps working with it. The contents
come from the repository only, so the zip stays byte-for-byte reproducible.
"""

import json
from pathlib import Path

from ..config import PUBLIC_CHECK_MODULES

GRADE_PACKAGE = Path(__file__).resolve().parent.parent / "grade"
MANIFEST = "coursekit_grade.json"

LAST_STEP = "cd /autograder/source && exec python -m coursekit.grade.gradescope /autograder"
RUN_AUTOGRADER = """\
#!/usr/bin/env bash
# Gradescope runs this file. It grades with coursekit's hardened grader (coursekit/grade): the submission
# runs in a sandboxed process and the tests and their verdicts stay in the grader process.
# (`otter run` does not use this file.)
{setup}
{last}
"""


def run_autograder_script(original: str) -> str:
    """otter's run_autograder with its last step (python .../run_otter.py) replaced by the hardened grader."""
    setup = [line for line in original.splitlines()
             if line.strip() and not line.lstrip().startswith("#") and "run_otter.py" not in line
             and line.strip() != LAST_STEP]
    return RUN_AUTOGRADER.format(setup="\n".join(setup), last=LAST_STEP)


def grader_files():
    """{archive name: bytes} of the grader package."""
    files = {"coursekit/__init__.py": b'"""coursekit\'s hardened grader, as shipped in an autograder zip."""\n'}
    for path in sorted(GRADE_PACKAGE.glob("*.py")):
        files[f"coursekit/grade/{path.name}"] = path.read_bytes()
    return files


def add_hardened_grader(files: dict) -> dict:
    files = dict(files)
    files["run_autograder"] = run_autograder_script(files.get("run_autograder", b"").decode()).encode()
    files.update(grader_files())
    manifest = {"grader": "coursekit.grade.gradescope",
                "public_files": [f"bpcheck/{m}" for m in PUBLIC_CHECK_MODULES]}
    files[MANIFEST] = (json.dumps(manifest, indent=1, sort_keys=True) + "\n").encode()
    return files
