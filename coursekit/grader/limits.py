"""The limits one submission is graded under: the one home of their defaults.

The command line's options and help (``grade.cli``), the Gradescope entry point and the docs all take
them from ``Limits``; nothing else holds a default of its own.
"""

from dataclasses import dataclass, field, fields


def _limit(default, help, metavar=None, option=True):
    return field(default=default, metadata={"help": help, "metavar": metavar, "option": option})


@dataclass(frozen=True)
class Limits:
    call_timeout: float = _limit(3.0, "seconds one call of a student's function may take", "S")
    cell_timeout: float = _limit(15.0, "seconds one notebook cell may take before it is skipped", "S")
    submission_timeout: float = _limit(60.0, "wall-clock budget per submission, restarts included", "S")
    file_timeout: float = _limit(120.0, "wall-clock budget per submitted file (all the notebooks a zip holds)", "S")
    memory_mb: int = _limit(1024, "address space a submission may add to what it maps at fork", "M")
    output_kb: int = _limit(64, "the student's printed output kept (the rest is counted, then dropped)", "K",
                            option=False)
    scratch_mb: int = _limit(64, "size of the scratch tmpfs (root only)", "M", option=False)
    max_restarts: int = _limit(12, "fresh children per submission at most", option=False)
    grace: float = _limit(1.0, "how much later than the child's own alarm the grader kills it", option=False)

    @classmethod
    def from_kwargs(cls, **kwargs):
        """Limits with the given values; None (an option not given) keeps the default."""
        known = {k: v for k, v in kwargs.items() if k in cls.__dataclass_fields__ and v is not None}
        return cls(**known)

    @classmethod
    def options(cls):
        """[(field name, type, default, help, metavar)] of the limits the command line exposes."""
        return [(f.name, f.type, f.default, f.metadata["help"], f.metadata["metavar"])
                for f in fields(cls) if f.metadata["option"]]
