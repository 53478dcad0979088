"""The test side of the mistake catalogue: the same checks without the product's grader.

    run_in_process(variant)     the master's public and hidden test cells, run here on the variant's code
    run_hidden(variant)         bpcheck.hidden's checks called directly on the variant's functions
    grade_with_otter(...)       one submission through the real ``otter run``, per test (for agreement)

The catalogue and the product's grading of it are ``coursekit.catches``.
"""

import os
import pickle
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from coursekit.catches import _student_message, master_questions
from coursekit.config import AUTOGRADER, SOURCE

# otter run has no timeout of its own: an answer that loops forever must not hang the suite.
OTTER_TIMEOUT = 300


def _test_names(zip_path: Path):
    """{question: [test function names in order]} from the autograder zip's tests/*.py."""
    names = {}
    with zipfile.ZipFile(zip_path) as zf:
        for arc in zf.namelist():
            if arc.startswith("tests/") and arc.endswith(".py"):
                text = zf.read(arc).decode()
                names[Path(arc).stem] = re.findall(r"^def (test_\w+)\(", text, re.M)
    return names


def grade_with_otter(assignment, notebook: Path, root: Path = None):
    """Grade one submission with ``otter run`` and the assignment's autograder zip; see ``grade``."""
    base = Path(root) / "autograder" if root else AUTOGRADER
    zip_path = base / assignment / f"{assignment}-autograder.zip"
    names = _test_names(zip_path)
    with tempfile.TemporaryDirectory(prefix="accuracy-otter-") as tmp:
        out = Path(tmp) / "out"
        out.mkdir()
        cmd = [sys.executable, "-m", "otter", "run", "--no-logo", "-p", "-a", str(zip_path), "-o", str(out),
               str(Path(notebook).resolve())]
        env = dict(os.environ, PYTHONHASHSEED="0", MPLBACKEND="Agg")
        proc = subprocess.run(cmd, cwd=tmp, capture_output=True, text=True, timeout=OTTER_TIMEOUT, env=env)
        pkl = Path(tmp) / "results.pkl"
        if not pkl.exists():
            raise RuntimeError(f"otter run produced no results for {notebook}:\n{proc.stdout[-2000:]}\n"
                               f"{proc.stderr[-2000:]}")
        with open(pkl, "rb") as f:
            results = pickle.load(f)
    report = {"questions": {}, "tests": []}
    for question, test_file in results.results.items():
        report["questions"][question] = (float(test_file.score), float(test_file.possible))
        for i, tcr in enumerate(test_file.test_case_results):
            name = names.get(question, [])
            report["tests"].append({
                "question": question,
                "name": name[i] if i < len(name) else tcr.test_case.name,
                "hidden": bool(tcr.test_case.hidden),
                "passed": bool(tcr.passed),
                "message": "" if tcr.passed else _student_message(tcr.message),
            })
    return report


def bpcheck_module(name):
    """A module of the checking package as the autograders ship it (source/bpcheck), e.g. "hidden"."""
    if str(SOURCE) not in sys.path:
        sys.path.insert(0, str(SOURCE))
    import importlib

    return importlib.import_module(f"bpcheck.{name}")


def _namespace(variant):
    """The globals an answer cell sees: numpy, the notebook's given helpers and every other solution."""
    import numpy as np

    reference = bpcheck_module("reference")

    ns = {"__name__": "__main__", "np": np}
    ns.update({k: v for k, v in vars(reference).items() if callable(v) and not k.startswith("_")})
    exec(compile(variant.source, f"<{variant.key}>", "exec"), ns)
    return ns


def run_in_process(variant, source_dir: Path = SOURCE):
    """Run the master's public and hidden test cells for the variant's questions in this process.

    Returns the same structure as ``grade`` (only the questions of the functions the variant defines).
    """
    import numpy as np

    ns = _namespace(variant)
    questions = master_questions(variant.assignment, source_dir)
    report = {"questions": {}, "tests": []}
    for question, info in questions.items():
        if not set(info["functions"]) & set(variant.functions):
            continue
        score = possible = 0.0
        for test in info["tests"]:
            possible += test.points
            try:
                with np.errstate(all="ignore"):
                    exec(compile(test.source, f"<{question}:{test.name}>", "exec"), dict(ns))
                passed, message = True, ""
            except Exception as exc:  # noqa: BLE001 - a failing test: AssertionError, or the student's own exception
                passed = False
                message = str(exc) if isinstance(exc, AssertionError) else f"{type(exc).__name__}: {exc}"
            score += test.points if passed else 0.0
            report["tests"].append({"question": question, "name": test.name, "hidden": test.hidden,
                                    "passed": passed, "message": message})
        report["questions"][question] = (score, possible)
    return report


def run_hidden(variant):
    """{(function, aspect): the failure message, or None if it passed} for every hidden check of the variant.

    Calls ``bpcheck.hidden.run`` directly on the variant's functions: no master, notebook or autograder.
    """
    import numpy as np

    hidden = bpcheck_module("hidden")
    ns = _namespace(variant)
    results = {}
    for (function, aspect) in hidden.CHECKS:
        if function in variant.functions:
            try:
                with np.errstate(all="ignore"):
                    hidden.run(function, aspect, ns[function])
                results[(function, aspect)] = None
            except AssertionError as exc:
                results[(function, aspect)] = str(exc)
    return results
