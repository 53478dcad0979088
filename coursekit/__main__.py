"""Command line: python -m coursekit <verb> [options]  (verbs: build, demo, grade, bench, nbgrader, catches)."""

import argparse
import sys
from pathlib import Path


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m coursekit", description=__doc__)
    verbs = parser.add_subparsers(dest="verb", required=True)
    build = verbs.add_parser("build", help="regenerate assignments/, solutions/ and autograder/ from source/")
    build.add_argument("--out", type=Path, default=None, help="write under this folder instead of the repository")
    build.add_argument("--only", nargs="*", default=None, help="build only these assignments (e.g. 01_loss_gradient)")
    demo = verbs.add_parser("demo", help="grade the demo class (solutions, stubs, classic mistakes) and print the table")
    demo.add_argument("--workers", type=int, default=None, help="parallel graders (default: the number of cores)")
    args = parser.parse_args(argv)
    if args.verb == "demo":
        from .demo import run_demo

        run_demo(workers=args.workers)
    if args.verb == "build":
        from .build import build_all
        from .config import ROOT

        build_all(args.out or ROOT, only=args.only)
    return 0


if __name__ == "__main__":
    sys.exit(main())
