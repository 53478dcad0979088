"""Command line: python -m coursekit <verb> [options]  (verbs: build, demo, grade, bench, nbgrader, catches, publish)."""

import argparse
import sys
from pathlib import Path


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m coursekit", description=__doc__)
    verbs = parser.add_subparsers(dest="verb", required=True)
    build = verbs.add_parser("build", help="regenerate assignments/, solutions/ and autograder/ from source/")
    build.add_argument("--out", type=Path, default=None, help="write under this folder instead of the repository")
    build.add_argument("--only", nargs="*", default=None, help="build only these assignments (e.g. 01_loss_gradient)")
    build.add_argument("--full", action="store_true",
                       help="run otter assign and the solutions even where only the packed grader changed")
    demo = verbs.add_parser("demo", help="grade the demo class (solutions, stubs, classic mistakes) and print the table")
    demo.add_argument("--workers", type=int, default=None, help="parallel graders (default: the number of cores)")
    nbgrader = verbs.add_parser("nbgrader", help="write the nbgrader version of the course (default: nbgrader_course/)")
    nbgrader.add_argument("--out", type=Path, default=None, help="the course folder to write (default: nbgrader_course/)")
    nbgrader.add_argument("--only", nargs="*", default=None, help="convert only these assignments")
    catches = verbs.add_parser("catches", help="grade the mistake catalogue (source/catalogue/), print the catch table")
    catches.add_argument("--out", type=Path, default=None, help="also write the table here (e.g. docs/catch-table.md)")
    catches.add_argument("--root", type=Path, default=None, help="a build folder to take the autograders from")
    catches.add_argument("--workers", type=int, default=2, help="submissions graded at once (default: 2)")
    catches.add_argument("--separate", action="store_true", help="one submission per file instead of grouping")
    publish = verbs.add_parser("publish", help="write the student tree for the public repository (course.toml [parts])")
    publish.add_argument("--dest", type=Path, required=True, help="the folder to write (the public repository's root)")
    from .grade.cli import add_parsers as add_grade_parsers

    add_grade_parsers(verbs)  # grade, bench
    args = parser.parse_args(argv)
    from .grader.integrity import IntegrityError

    try:
        return _run(args)
    except IntegrityError as exc:  # an autograder zip that is not the build's: one line, no traceback
        print(exc, file=sys.stderr)
        return 1


def _run(args):
    if args.verb in ("grade", "bench"):
        from .grade.cli import run as run_grade

        return run_grade(args)
    if args.verb == "catches":
        from .catches import print_catches

        return print_catches(out=args.out, root=args.root, workers=args.workers, separate=args.separate)
    if args.verb == "publish":
        from .publish import publish

        publish(args.dest)
    if args.verb == "demo":
        from .demo import run_demo

        run_demo(workers=args.workers)
    if args.verb == "nbgrader":
        from .to_nbgrader import DEFAULT_OUT, build_course

        build_course(args.out or DEFAULT_OUT, only=args.only)
    if args.verb == "build":
        from .config import ROOT
        from .generate import build_all

        build_all(args.out or ROOT, only=args.only, full=args.full)
    return 0


if __name__ == "__main__":
    sys.exit(main())
