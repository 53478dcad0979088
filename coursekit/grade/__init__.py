"""The ``grade`` verb: a folder of submissions into a gradebook, with the sandboxed ``coursekit.grader``.

    grade_folder(submissions, out, workers=None, regrade=False, ...) -> [GradeResult]   (batch)
    grade_notebook_file(path, assignment=None, **limits) -> GradeResult of its first notebook

Modules: batch (folders, workers, resume), gradebook (grades.csv, figure, summary), feedback (one page
per student), cli (the grade verb's options). The grader itself (what ships in the autograder zips) is
``coursekit.grader``; this package is what only instructors run, and depends on it, never the other way.
"""


def grade_notebook_file(path, assignment=None, autograders=None, **limits):
    """Grade one submitted file with the repository's autograders; returns the result of its first notebook.

    autograders : None (the repository's autograder/ folder), a folder of them, or {name: Autograder}
    limits      : call_timeout, cell_timeout, submission_timeout (seconds), memory_mb, output_kb
    """
    from ..config import AUTOGRADER, repository_folders
    from ..grader.limits import Limits
    from ..grader.runner import Grader

    with Grader(autograders or AUTOGRADER, Limits.from_kwargs(**limits), hide=repository_folders()) as grader:
        return grader.grade_file(path, assignment=assignment)[0]


def grade_folder(submissions, out, **kwargs):
    """Grade every file under ``submissions`` into ``out`` (see coursekit.grade.batch.grade_folder)."""
    from .batch import grade_folder as _grade_folder

    return _grade_folder(submissions, out, **kwargs)


__all__ = ["grade_notebook_file", "grade_folder"]
