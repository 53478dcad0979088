"""The same course for nbgrader: every otter master in source/ -> an nbgrader course folder.

    (the master format and its reader: coursekit/master_format.py)
    convert.py      master -> nbgrader source notebook (solution, grade and locked cells)
    texts.py        the student-facing text that differs from otter's (setup cell, submit note, stub)
    config_file.py  the course's nbgrader_config.py
    course.py       writes the course folder (python -m coursekit nbgrader [--out DIR])

The masters stay the one source: nothing in the course folder is edited by hand.
"""

from .course import DEFAULT_OUT, build_course

__all__ = ["DEFAULT_OUT", "build_course"]
