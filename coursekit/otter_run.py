"""The reference grader: the real ``otter run`` on an autograder zip, for comparisons and the benchmark."""

import json
import subprocess
import sys
from pathlib import Path


def otter_run(zip_path, notebook, out_dir, timeout=600):
    """Grade ``notebook`` with ``otter run -a zip_path -o out_dir``.

    Returns ({question: (score, max_score)}, "") from its results.json, or (None, the end of its output)
    when otter left no results.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run([sys.executable, "-m", "otter", "run", "-a", str(zip_path), "-o", str(out), str(notebook)],
                          capture_output=True, text=True, timeout=timeout)
    results = out / "results.json"
    if not results.exists():
        return None, f"{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
    tests = json.loads(results.read_text())["tests"]
    return {t["name"]: (t["score"], t["max_score"]) for t in tests if "max_score" in t}, ""
