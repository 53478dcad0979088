"""The same course for nbgrader: every otter master in source/ -> an nbgrader course folder.

    master.py       reads an otter-assign master: each cell's role, questions, tests and their points
    convert.py      master -> nbgrader source notebook (solution, grade and locked cells)
    texts.py        the student-facing text that differs from otter's (setup cell, submit note, stub)
    config_file.py  the course's nbgrader_config.py
    course.py       writes the course folder (python -m coursekit nbgrader [--out DIR])

The masters stay the one source: nothing in the course folder is edited by hand.
"""

from .course import DEFAULT_OUT, build_course

__all__ = ["DEFAULT_OUT", "build_course"]
