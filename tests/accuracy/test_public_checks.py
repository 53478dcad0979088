"""The public checks are the student's feedback loop: every catalogued mistake fails one of them before
submission, with the name the hidden tests give it, and every correct alternative passes them all.

Runs in this process (the masters' public test cells, whose case(...) calls compute the same data the build
writes into the public test files). Every file added under source/catalogue/mistakes/ gets the rule for free.
The same holds through the real autograders: see test_mutations.py (the catch table's "caught by public
checks" column).
"""

import re

import pytest

from coursekit import catches
from tests.accuracy import harness

VARIANTS = catches.load_suite()
MISTAKES = [v for v in VARIANTS if v.mistaken]
CORRECT = [v for v in VARIANTS if not v.mistaken]


def _ids(variants):
    return [f"{v.assignment[:2]}-{v.name}" for v in variants]


def _public_failures(variant):
    report = harness.run_in_process(variant)
    return [t for t in report["tests"] if not t["hidden"] and not t["passed"]]


# The part of a message that names the mistake, after the part that names the call (which differs between the
# public case and the hidden one).
NAMED = [re.compile(r"is wrong at \d+ of \d+ entries: (.*?)\.\n"), re.compile(r"is wrong: (.*?)\.\n"),
         re.compile(r"This looks like: (.*?)\.$", re.M), re.compile(r"^(your function changed its argument \S+?):", re.M),
         re.compile(r"The shapes do not fit together: (.*)\.$", re.M),
         re.compile(r"returns its results in the wrong order: \((loss, new_params)\)")]


def named_part(message):
    for pattern in NAMED:
        match = pattern.search(message)
        if match:
            return match.group(1)
    return None


@pytest.mark.parametrize("variant", MISTAKES, ids=_ids(MISTAKES))
def test_every_mistake_fails_a_public_check(variant):
    assert _public_failures(variant), f"{variant.key} ({variant.title}) passes every public check"


@pytest.mark.parametrize("variant", MISTAKES, ids=_ids(MISTAKES))
def test_public_and_hidden_checks_name_a_mistake_alike(variant):
    """Where the first failing public check names the mistake, a hidden check gives it the same name."""
    failures = _public_failures(variant)
    name = named_part(failures[0]["message"]) if failures else None
    if name is None or name.startswith(("exactly half of", "exactly twice", "the sign is flipped (every", "every entry is")):
        return  # a shape, a NaN or a ratio: described from the values, not a name
    hidden = "\n".join(m for m in harness.run_hidden(variant).values() if m)
    assert name in hidden, f"{variant.key}: the public check says {name!r}; the hidden tests say:\n{hidden}"


@pytest.mark.parametrize("variant", CORRECT, ids=_ids(CORRECT))
def test_correct_alternative_passes_every_public_check(variant):
    failures = _public_failures(variant)
    assert not failures, f"{variant.key}: {[(t['name'], t['message']) for t in failures]}"
