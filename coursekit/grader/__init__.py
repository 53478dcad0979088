"""The grader that ships inside every autograder zip (and that ``make grade`` uses): self-contained.

It needs the standard library and numpy only, and imports nothing of the course repository, so that
``python -m coursekit.grader.gradescope /autograder`` runs from an unzipped autograder on Gradescope.
The student's code runs in a sandboxed process; the tests and their verdicts stay in the grader.

    runner        Grader.grade_file(path) -> [GradeResult]; grade_notebook; run_tests
    result        GradeResult, TestResult, QuestionScore, Kind: the typed result and its JSON form
    limits        Limits: the one home of the time, memory and output limits
    autograders   an assignment's tests and checking files, in memory; which assignment a notebook is
    integrity     the zips' recorded hashes (autograder/SHA256SUMS, git): checked before a run, watched in one
    submission    reading an untrusted file (notebook, zip, anything) without running it
    cells         cell source handling shared by both sides (magics, definitions only)
    session       the grader's side of one submission: restarts, budget, incidents
    remote        stand-ins for the student's functions and values in test code
    protocol      every message between grader, zygote and child, and their checks
    codec         the pickle-free encoding of values and the message framing
    sandbox       the grader's handles on the zygote and its children
    zygote        the warm interpreter that forks one child per submission
    child         the student's process: confinement, running cells, answering requests
    confine       the operating system's limits (namespaces, rlimits, uid, Landlock, prctl)
    gradescope    the Gradescope entry point

Keep this file free of imports: the zygote imports ``coursekit.grader.zygote`` and nothing else.
"""
