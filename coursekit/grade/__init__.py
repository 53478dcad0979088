"""Hardened grading: student code runs in a sandboxed process, tests and verdicts stay in the grader.

    grade_notebook_file(path, assignment=None, **limits) -> result dict of one notebook
    grade_folder(submissions, out, workers=None, regrade=False, **limits) -> list of result dicts

Modules: autograders (load and identify), submission (read files safely), codec (safe messages),
confine (OS limits), sandbox (zygote and child), runner (tests in the grader, calls in the child),
batch (folders, workers, resume), gradebook and feedback (outputs), gradescope (entry point), bench.

This package imports lazily: the zygote imports ``coursekit.grade.sandbox`` and nothing else from here.
"""


def grade_notebook_file(path, assignment=None, autograders=None, **limits):
    """Grade one submitted file; returns the result of its (first) notebook.

    autograders : None (the repository's autograder/ folder), a folder of them, or {name: Autograder}
    limits      : call_timeout, cell_timeout, submission_timeout (seconds), memory_mb, output_kb
    """
    from .runner import Grader, Limits

    with Grader(autograders, Limits.from_kwargs(**limits)) as grader:
        return grader.grade_file(path, assignment=assignment)[0]


def grade_folder(submissions, out, workers=None, regrade=False, **kwargs):
    """Grade every file under ``submissions`` into ``out`` (see coursekit.grade.batch.grade_folder)."""
    from .batch import grade_folder as _grade_folder

    return _grade_folder(submissions, out, workers=workers, regrade=regrade, **kwargs)


__all__ = ["grade_notebook_file", "grade_folder"]
