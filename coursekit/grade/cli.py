"""The ``grade`` and ``bench`` verbs of ``python -m coursekit``."""

import sys
from pathlib import Path

from ..grader.limits import Limits

GRADE_HELP = """\
Grade every file under SUBMISSIONS (nested folders included; any file type: each gets a row) with the
hardened grader: each notebook runs in a sandboxed process, the tests and their verdicts stay in the grader.
Writes OUT/grades.csv, OUT/feedback/<submission>.md, OUT/score_distribution.png, the class report
OUT/report.md and OUT/report.html (common mistakes per question), and OUT/results/ (one JSON per file
content, so a rerun grades only new or changed files unless --regrade). Canvas bulk-download names
(<name>_[late_]<user id>_<submission id>_<file>) name the student; with --roster (Canvas's gradebook
export) it also writes OUT/canvas_import.csv for Canvas's gradebook import."""


def _limits(parser):
    """One option per limit the command line exposes, with Limits' own help and default."""
    for name, kind, default, text, metavar in Limits.options():
        parser.add_argument("--" + name.replace("_", "-"), type=kind, default=None, metavar=metavar,
                            help=f"{text} (default {default:g})")


def add_parsers(verbs):
    grade = verbs.add_parser("grade", help="grade a folder of submissions (sandboxed)", description=GRADE_HELP)
    grade.add_argument("submissions", type=Path, help="folder of submitted files")
    grade.add_argument("--out", type=Path, required=True, help="folder for grades.csv, feedback/, results/")
    grade.add_argument("--workers", type=int, default=None, help="parallel graders (default: the number of cores)")
    grade.add_argument("--regrade", action="store_true", help="grade again files whose results are saved in OUT")
    grade.add_argument("--by-student", action="store_true",
                       help="add a student by question table with the mistake ids (report and OUT/by_student.csv)")
    grade.add_argument("--roster", type=Path, default=None, metavar="CANVAS_CSV",
                       help="Canvas gradebook export: write OUT/canvas_import.csv (latest submission per student)")
    grade.add_argument("--autograders", type=Path, default=None,
                       help="folder of <name>/<name>-autograder.zip (default: the repository's autograder/)")
    grade.add_argument("--allow-unconfined", action="store_true",
                       help="grade even on a host that cannot keep submissions from the autograders and the "
                            "grader's processes (no root, no user namespaces, no Landlock): see docs/grading.md")
    _limits(grade)
    bench = verbs.add_parser("bench", help="throughput of the grader versus sequential otter run",
                             description="Grade the same generated submissions with this grader and with "
                                         "sequential `otter run`; print seconds per submission, the ratio, "
                                         "peak memory and where the time goes.")
    bench.add_argument("--count", type=int, default=40, help="submissions to generate (default 40)")
    bench.add_argument("--otter-sample", type=int, default=8,
                       help="how many of them otter run grades (its per-submission time is extrapolated; 0: skip)")
    bench.add_argument("--workers", type=int, default=None, help="parallel graders (default: the number of cores)")
    bench.add_argument("--autograders", type=Path, default=None, help="folder of autograders (default: autograder/)")
    bench.add_argument("--keep", type=Path, default=None, help="keep the generated submissions and outputs here")


def run(args):
    limits = {name: getattr(args, name, None) for name, *_ in Limits.options()}
    if args.verb == "grade":
        from ..grader.preflight import Unconfined
        from .batch import grade_folder

        try:
            rows = grade_folder(args.submissions, args.out, workers=args.workers, regrade=args.regrade,
                                autograders=args.autograders, by_student=args.by_student, roster=args.roster,
                                allow_unconfined=args.allow_unconfined, **limits)
        except Unconfined as exc:
            print(f"grade: {exc}", file=sys.stderr)
            return 2
        return 0 if rows is not None else 1
    if args.verb == "bench":
        from ..bench import run_bench

        run_bench(count=args.count, otter_sample=args.otter_sample, workers=args.workers,
                  autograders=args.autograders, keep=args.keep)
        return 0
    raise ValueError(args.verb)
