"""Grade a student's file with the project's own grader (coursekit.grade, the one `make grade` uses): well
under a second per notebook where `otter run` takes 5 to 13 s here. Points match otter's (tests/grade)."""

from coursekit.grade import grade_notebook_file


def _field(result, name):
    return result[name] if isinstance(result, dict) else getattr(result, name)


def grade_file(path):
    """(score, max_score, status, questions) of the file's first notebook."""
    result = grade_notebook_file(str(path))
    return (_field(result, "score"), _field(result, "max_score"), _field(result, "status"),
            _field(result, "questions"))


def assert_full_marks(path, assignment):
    score, max_score, status, questions = grade_file(path)
    assert status == "ok" and max_score > 0 and score == max_score, (assignment, score, max_score, status, questions)
