"""What grading one notebook gives: a typed record, built by ``runner`` and serialised here only.

    GradeResult     one row of the gradebook: which file, which assignment, the score, why not ``ok``
    TestResult      one test case: its points, whether it passed, the message the student reads
    QuestionScore   a question's score out of its maximum
    Kind            the machine-readable status beside the human message (tables group by it)

Every reader (gradebook, feedback, Gradescope output, the demo, the catch table, the tests) reads these
fields; ``to_dict``/``from_dict`` are the one JSON form (the batch's saved results, the bench).
"""

from dataclasses import asdict, dataclass, field, fields, replace
from enum import Enum

UNRECOGNISED = "unrecognised"   # the mistake id of a failed test that matched no named mistake


class Kind(str, Enum):
    OK = "ok"                          # graded, nothing went wrong
    INCIDENTS = "incidents"            # graded, but the student's process hung, died or misbehaved
    UNREADABLE = "unreadable"          # not a notebook we can read (not JSON, a broken zip, no cells...)
    UNKNOWN_ASSIGNMENT = "unknown assignment"  # no autograder matches it
    GRADER_ERROR = "grader error"      # the grader itself failed: not a grade, never saved as one
    TAMPERED = "tampered"              # an autograder zip changed on disk while it was graded: not a grade

    def __str__(self):
        return self.value


@dataclass(frozen=True)
class QuestionScore:
    score: float
    max_score: float


@dataclass(frozen=True)
class TestResult:
    __test__ = False   # not a pytest class, whatever its name

    question: str
    name: str          # the test function's name, e.g. test_factor_two
    hidden: bool
    points: float
    passed: bool
    message: str = ""  # what the student reads ("" or the success message when it passed)
    detail: str = ""   # for the instructor only: the exception a hidden test met
    mistake: str = ""  # failed only: the id of the named mistake (bpcheck's AssertionError carries it), or UNRECOGNISED,
                       # or a label of the failure ("not-implemented", "raised-valueerror", "process-failed")
    mistake_title: str = ""  # its short title, for reports


@dataclass
class GradeResult:
    submission: str                    # the file, relative to the submissions folder
    notebook: str                      # the notebook's name: the file's, or "<file>/<path in the zip>"
    assignment: str | None             # None when no autograder matched
    kind: Kind
    status: str = "ok"                 # "ok", or in words what went wrong (shown to students and in grades.csv)
    reason: str = ""                   # a short label of ``status`` for tables ("" when ok)
    score: float = 0
    max_score: float = 0
    identified_by: str = ""            # how the assignment was recognised (metadata, file name, functions)
    questions: dict = field(default_factory=dict)   # {question: QuestionScore}, in the autograder's order
    tests: list = field(default_factory=list)       # [TestResult], in the order they ran
    cell_errors: list = field(default_factory=list)  # [{"cell": index, "error": "Type: message"}]
    skipped_cells: list = field(default_factory=list)
    incidents: list = field(default_factory=list)    # what went wrong, in words, in order
    protections: list = field(default_factory=list)  # confinement applied to the student's process
    missing_protections: list = field(default_factory=list)
    output_excerpt: str = ""
    processes: int = 0                 # student processes started (restarts included)
    child_maxrss_kb: int = 0
    timings: dict = field(default_factory=dict)
    autograder: str | None = None      # the autograder's fingerprint
    student: str = ""                  # set by the batch from the file's path

    @property
    def graded(self):
        """Whether the notebook ran against an autograder (a score, possibly with incidents)."""
        return self.kind in (Kind.OK, Kind.INCIDENTS)

    @classmethod
    def not_graded(cls, submission, notebook, kind, status, reason, assignment=None, max_score=0):
        """The row of a file that could not be graded at all."""
        return cls(submission, notebook, assignment, Kind(kind), status, reason, 0, max_score or 0)

    def relabel(self, submission, notebook):
        return replace(self, submission=submission, notebook=notebook)

    # --- the one JSON form ---------------------------------------------------------------------
    def to_dict(self):
        data = asdict(self)
        data["kind"] = self.kind.value
        return data

    @classmethod
    def from_dict(cls, data):
        """The inverse of ``to_dict``; raises (KeyError, TypeError, ValueError) on anything else."""
        known = {f.name for f in fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["kind"] = Kind(values["kind"])
        values["questions"] = {q: QuestionScore(**v) for q, v in values.get("questions", {}).items()}
        values["tests"] = [TestResult(**t) for t in values.get("tests", [])]
        return cls(**values)


def number(x):
    """A score as otter writes it: an int when whole, else rounded to 6 places."""
    return int(x) if float(x).is_integer() else round(float(x), 6)
