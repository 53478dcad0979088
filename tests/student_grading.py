"""Grade a student's file with the project's own grader (coursekit.grade, the one `make grade` uses): well
under a second per notebook where `otter run` takes 5 to 13 s here. Points match otter's (tests/grade)."""

from coursekit.grade import grade_notebook_file


def assert_full_marks(path, assignment):
    result = grade_notebook_file(str(path))
    assert result.status == "ok" and result.max_score > 0 and result.score == result.max_score, \
        (assignment, result.score, result.max_score, result.status, result.questions)
