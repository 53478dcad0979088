"""Limits is the one home of the defaults: the command line's help is generated from it."""

import argparse

from coursekit.grade.cli import add_parsers
from coursekit.grader.limits import Limits


def _grade_parser():
    parser = argparse.ArgumentParser()
    add_parsers(parser.add_subparsers(dest="verb"))
    return parser


def test_cli_help_states_the_defaults_that_run():
    parser = _grade_parser()
    grade = parser._subparsers._group_actions[0].choices["grade"]
    text = grade.format_help()
    for name, _, default, _, _ in Limits.options():
        assert f"--{name.replace('_', '-')}" in text
        assert f"(default {default:g})" in " ".join(text.split())
    assert "(default 3)" in " ".join(text.split()) and "(default 15)" in " ".join(text.split())


def test_options_not_given_keep_the_defaults():
    args = _grade_parser().parse_args(["grade", "subs", "--out", "o", "--cell-timeout", "7"])
    limits = Limits.from_kwargs(**{name: getattr(args, name) for name, *_ in Limits.options()})
    assert limits == Limits(cell_timeout=7.0)
    assert limits.call_timeout == Limits().call_timeout == 3.0
