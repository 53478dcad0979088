"""Pack coursekit's grader into each autograder zip, and make Gradescope run it.

``pack_grader(files, source_digest)`` takes the zip's {archive name: bytes} as otter wrote it and returns it with

* ``coursekit/__init__.py`` and ``coursekit/grader/*.py``: the self-contained grader (numpy is its only
  dependency; it imports nothing else of coursekit, so it runs from the unzipped autograder);
* ``coursekit_grade.json`` (``grader.autograders.MANIFEST``): which files under ``files/`` students may see
  (the rest stays in the grader), and the digest of the sources otter assign was run on;
* ``run_autograder`` rewritten: the same environment set-up lines as otter's, then
  ``python -m coursekit.grader.gradescope /autograder`` instead of otter's ``run_otter.py``.

``otter run`` never reads run_autograder or these files, so the zip keeps working with it. ``unpack_grader``
gives back otter's own files, so a change to the grader only repacks (``generate.repack``).
"""

import json
from pathlib import Path

from ..grader.autograders import MANIFEST

GRADER_PACKAGE = Path(__file__).resolve().parent.parent / "grader"
GRADER_PREFIX = "coursekit/"

LAST_STEP = "cd /autograder/source && exec python -m coursekit.grader.gradescope /autograder"
RUN_AUTOGRADER = """\
#!/usr/bin/env bash
# Gradescope runs this file. It grades with coursekit's hardened grader (coursekit/grader): the submission
# runs in a sandboxed process and the tests and their verdicts stay in the grader process.
# (`otter run` does not use this file.)
{setup}
{last}
"""


def run_autograder_script(original: str) -> str:
    """otter's run_autograder with its last step (python .../run_otter.py) replaced by the hardened grader."""
    setup = [line for line in original.splitlines()
             if line.strip() and not line.lstrip().startswith("#") and "run_otter.py" not in line
             and not line.strip().startswith("cd /autograder/source && exec python -m coursekit.")]
    return RUN_AUTOGRADER.format(setup="\n".join(setup), last=LAST_STEP)


def grader_files():
    """{archive name: bytes} of the grader package."""
    files = {"coursekit/__init__.py": b'"""coursekit\'s hardened grader, as shipped in an autograder zip."""\n'}
    for path in sorted(GRADER_PACKAGE.glob("*.py")):
        files[f"coursekit/grader/{path.name}"] = path.read_bytes()
    return files


def pack_grader(files: dict, public_files, source_digest: str) -> dict:
    """otter's zip contents + the grader, its manifest and the Gradescope entry point."""
    files = dict(files)
    files["run_autograder"] = run_autograder_script(files.get("run_autograder", b"").decode()).encode()
    files.update(grader_files())
    manifest = {"grader": "coursekit.grader.gradescope", "public_files": list(public_files),
                "source_digest": source_digest}
    files[MANIFEST] = (json.dumps(manifest, indent=1, sort_keys=True) + "\n").encode()
    return files


def unpack_grader(files: dict):
    """(otter's files, the manifest dict) from a packed zip's contents: the inverse of ``pack_grader``
    (run_autograder keeps otter's set-up lines, which ``run_autograder_script`` reads again)."""
    manifest = json.loads(files[MANIFEST]) if MANIFEST in files else {}
    otter_files = {k: v for k, v in files.items() if not k.startswith(GRADER_PREFIX) and k != MANIFEST}
    return otter_files, manifest
