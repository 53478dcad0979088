"""The tests are strict, fair and helpful: every known mistake loses points, every correct alternative scores
full marks, and the message a student reads names the mistake.

The suite is the catalogue under source/catalogue/mistakes/ and source/catalogue/correct/ (see
coursekit/catches.py); harness.py beside this file runs it without the product's grader.
The fast tests call the checks in this process (bpcheck.hidden.run and the masters' public test cells); the
slow ones grade the whole suite once per session through the real autograder of each notebook
(autograder/<assignment>/, or the build folder named by ACCURACY_ROOT).
"""

import os
import re
from pathlib import Path

import pytest

from coursekit import catches
from coursekit.config import ROOT as REPO
from coursekit.config import masters
from tests.accuracy import harness

VARIANTS = catches.load_suite()
MISTAKES = [v for v in VARIANTS if v.mistaken]
CORRECT = [v for v in VARIANTS if not v.mistaken]
ROOT = Path(os.environ["ACCURACY_ROOT"]) if os.environ.get("ACCURACY_ROOT") else None

# Every class of mistake the issue lists, in each graded function where it can occur.
REQUIRED = {
    "mse_loss": {"wrong scale", "order/shape", "in place"},
    "mse_gradient": {"wrong scale", "sign", "transpose", "mse vs cross-entropy", "order/shape", "in place"},
    "relu": {"activation derivative", "order/shape", "in place"},
    "relu_gradient": {"activation derivative", "kink", "order/shape", "in place"},
    "layer_backward": {"transpose", "activation derivative", "kink", "order/shape", "in place"},
    "forward_pass": {"transpose", "activation derivative", "order/shape", "in place"},
    "backward_pass": {"wrong scale", "sign", "transpose", "activation derivative", "kink", "mse vs cross-entropy",
                      "order/shape", "in place"},
    "update_parameters": {"wrong scale", "sign", "order/shape", "in place"},
    "train_step": {"wrong scale", "sign", "order/shape", "in place"},
    "softmax": {"stability", "order/shape", "in place"},
    "cross_entropy_loss": {"wrong scale", "sign", "mse vs cross-entropy", "stability", "in place"},
    "softmax_cross_entropy_gradient": {"wrong scale", "sign", "activation derivative", "mse vs cross-entropy",
                                       "stability", "order/shape", "in place"},
    "linear_backward": {"wrong scale", "transpose", "order/shape"},
    "relu_backward": {"activation derivative", "kink", "in place"},
    "softmax_cross_entropy": {"wrong scale", "sign", "stability", "order/shape", "in place"},
    "init_mlp": {"wrong scale", "order/shape"},
    "mlp_forward": {"activation derivative", "in place"},
    "mlp_backward": {"activation derivative", "order/shape"},
    "minibatches": {"order/shape"},
    "accuracy": {"wrong scale"},
    "sigmoid_backward": {"activation derivative", "wrong scale", "sign", "stability", "in place"},
    "tanh_backward": {"activation derivative", "in place"},
    "gradient_norms": {"wrong scale", "order/shape"},
    "add_backward": {"broadcasting"},
    "matmul_backward": {"transpose", "wrong scale", "order/shape"},
    "topological_order": {"fan-out", "visiting order", "order/shape", "in place"},
    "backward": {"fan-out", "visiting order", "accumulation", "order/shape", "in place"},
}

# Each correct style the issue lists, as a pattern some correct alternative's code must contain.
STYLES = {
    "@": r"\S @ \S", "np.dot": r"np\.dot\(", "np.outer": r"np\.outer\(", "broadcasting": r"\[:, None\]",
    "einsum": r"np\.einsum\(", "np.where": r"np\.where\(", "np.heaviside": r"np\.heaviside\(",
    "np.clip": r"np\.clip\(", "a mask": r"\* \(\w+ > 0\)", "a Python loop": r"\bfor \w+ in range\(",
    "a list where a tuple is returned": r"return \[np\.outer", "recomputing z1": r"z1 = ",
    "the mask from h1": r"h1 > 0",
}

# Flagship cases: the message shown for the question must name the mistake with these words.
FLAGSHIPS = {
    "mistakes/01_loss_gradient/grad_no_factor2": "factor 2",
    "mistakes/03_layer_backward/dweights_transposed": "transpose",
    "mistakes/02_relu_backward/grad_ge_zero": "x == 0",
    "mistakes/03_layer_backward/kink_ge": "z == 0",
    "mistakes/03_layer_backward/inplace_d_output": "changed its argument d_output",
    "mistakes/04_backward_pass/train_inplace": "changed its argument params[0]",
    "mistakes/04_backward_pass/forward_wrong_order": "wrong order",
    "mistakes/04_backward_pass/softmax_unstable": "NaN",
    "mistakes/04_backward_pass/backward_output_minus_y": "output - y_true",
    "mistakes/05_minibatch_classifier/linear_dW_over_B": "batch size",
    "mistakes/05_minibatch_classifier/linear_db_not_summed": "not summed",
    "mistakes/05_minibatch_classifier/sce_grad_missing_1_over_B": "1/B",
    "mistakes/05_minibatch_classifier/backward_reverse_order": "reverse order",
    "mistakes/05_minibatch_classifier/minibatches_drop_last": "last, shorter batch",
    "mistakes/06_depth_and_autograd/backward_overwrite": "accumulated with +=",
    "mistakes/06_depth_and_autograd/backward_mutable_default": "earlier call",
    "mistakes/06_depth_and_autograd/add_not_summed": "summed back to the operand's shape",
    "mistakes/06_depth_and_autograd/sigmoid_at_preactivation": "as if H were the pre-activation",
}


def _ids(variants):
    return [f"{v.assignment[:2]}-{v.name}" for v in variants]


# --- the suite itself -------------------------------------------------------------------------------
def test_suite_size():
    assert len(MISTAKES) >= 45, f"only {len(MISTAKES)} mistaken implementations"
    assert len(CORRECT) >= 18, f"only {len(CORRECT)} correct alternatives"


def test_every_class_in_every_function_where_it_can_occur():
    have = {}
    for v in MISTAKES:
        for f in v.functions:
            have.setdefault(f, set()).add(v.cls)
    missing = {f: sorted(need - have.get(f, set())) for f, need in REQUIRED.items() if need - have.get(f, set())}
    assert not missing, f"classes of mistake without a mutation: {missing}"
    assert set(catches.CLASSES) == set().union(*REQUIRED.values())


def test_every_graded_function_has_mistakes_and_correct_alternatives():
    graded = {f for m in masters() for q in catches.master_questions(m.stem).values() for f in q["functions"]}
    assert graded == set(REQUIRED), "REQUIRED must list exactly the graded functions of the masters"
    for f in sorted(graded):
        assert any(f in v.functions for v in CORRECT), f"no correct alternative for {f}"


def test_every_correct_style_is_represented():
    missing = [style for style, pattern in STYLES.items()
               if not any(re.search(pattern, v.source) for v in CORRECT)]
    assert not missing, f"no correct alternative written with: {missing}"


def test_files_are_small_and_readable():
    for v in VARIANTS:
        assert len(v.source.splitlines()) <= 40, f"{v.key} is long: keep each mutation small"
        assert v.title.endswith("."), f"{v.key}: the docstring's first line should be a sentence"


def test_masters_and_hidden_checks_agree():
    """Every hidden check is called by a master, and every master's hidden cell names an existing check."""
    hidden = harness.bpcheck_module("hidden")
    used = set()
    for master in masters():
        for info in catches.master_questions(master.stem).values():
            for test in info["tests"]:
                used |= set(re.findall(r'hidden\.run\("(\w+)", "(\w+)"', test.source))
    assert used <= set(hidden.CHECKS), f"masters call unknown checks: {sorted(used - set(hidden.CHECKS))}"
    assert set(hidden.CHECKS) <= used, f"checks no master runs: {sorted(set(hidden.CHECKS) - used)}"


# --- fast: the checks called in this process ---------------------------------------------------------
@pytest.mark.parametrize("variant", MISTAKES, ids=_ids(MISTAKES))
def test_hidden_checks_catch_mistake(variant):
    """The hidden checks alone catch every mistake (bpcheck.hidden.run, no notebook)."""
    results = harness.run_hidden(variant)
    assert results, f"{variant.key}: no hidden check covers {variant.functions}"
    assert any(message is not None for message in results.values()), \
        f"{variant.key} ({variant.title}) passes every hidden check: {sorted(results)}"


@pytest.mark.parametrize("variant", CORRECT, ids=_ids(CORRECT))
def test_correct_alternative_passes_every_check_in_process(variant):
    failed = {k: m for k, m in harness.run_hidden(variant).items() if m is not None}
    assert not failed, f"{variant.key} ({variant.title}) fails hidden checks: {failed}"
    report = harness.run_in_process(variant)
    failing = [(t["name"], t["message"]) for t in report["tests"] if not t["passed"]]
    assert not failing, f"{variant.key} ({variant.title}) fails tests of its master: {failing}"


def test_hidden_messages_reveal_no_inputs():
    """Hidden messages name mistakes but print no array of expected or received values."""
    for v in MISTAKES:
        for message in harness.run_hidden(v).values():
            if message:
                assert "expected [" not in message and "got      [" not in message, f"{v.key}: {message}"
                assert not re.search(r"expected -?\d+\.\d{4}", message), f"{v.key}: {message}"


# A float literal in a message ("0.6383 times", "relative error 0.36"): with the student's own result on the
# hidden inputs (which are the same for everyone) it would give the expected values. Factors that name a
# mistake ("-1 times": the sign is flipped, "2 times": twice) are integers and allowed.
FLOAT_LITERAL = re.compile(r"(?<![\w.])-?\d*\.\d+(?:e[-+]?\d+)?|\d+e[-+]?\d+")
# Constants of the messages themselves, not of any expected value: the learning rate the check passes (an
# input it names), the epsilon of a known mistake with the loss it caps at (-log(1e-8)), and the named ratio
# "exactly half" (its "0.5 times", like "twice" and "the sign is flipped", says nothing of the expected values).
MESSAGE_CONSTANTS = {"0.1", "1e-8", "18.4", "0.5"}


def test_hidden_messages_carry_no_numbers_of_expected_values():
    """Issue 10: no hidden message carries a float from which the expected values could be computed."""
    offending = []
    for v in MISTAKES:
        for (function, aspect), message in harness.run_hidden(v).items():
            if message and set(FLOAT_LITERAL.findall(message)) - MESSAGE_CONSTANTS:
                offending.append(f"{v.key} {function}/{aspect}: {message}")
    assert not offending, "\n".join(offending[:20])


def test_hidden_checks_are_deterministic():
    for key in ("mistakes/01_loss_gradient/grad_no_factor2", "mistakes/04_backward_pass/train_no_factor2",
                "correct/03_layer_backward/loops"):
        (v,) = [v for v in VARIANTS if v.key == key]
        assert harness.run_hidden(v) == harness.run_hidden(v)


# --- slow: the whole suite through the real autograders, once per session ------------------------------
@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    base = ROOT or REPO
    missing = sorted({v.assignment for v in VARIANTS
                      if not (base / "autograder" / v.assignment / f"{v.assignment}-autograder.zip").exists()
                      or not (base / "solutions" / v.assignment / f"{v.assignment}.ipynb").exists()})
    if missing:
        pytest.fail(f"no generated autograder or solution for {missing} under {base}: run `make build`, or point "
                    "ACCURACY_ROOT at a folder built with `python -m coursekit build --out <folder>`")
    reports = []
    rows = catches.run_suite(VARIANTS, root=ROOT, workers=2, reports=reports,
                              keep=tmp_path_factory.mktemp("accuracy-submissions"))
    reports.sort(key=lambda item: item[0][0].key)  # graded in parallel: put them back in a fixed order
    return {"rows": {r.variant.key: r for r in rows}, "all_rows": rows, "reports": reports}


@pytest.mark.parametrize("variant", MISTAKES, ids=_ids(MISTAKES))
def test_mistake_loses_points_in_the_autograder(graded, variant):
    row = graded["rows"][variant.key]
    assert row.lost > 0, f"{variant.key} ({variant.title}) scores full marks on {row.question}"
    assert row.message, f"{variant.key}: points lost but no message shown"


@pytest.mark.parametrize("variant", MISTAKES, ids=_ids(MISTAKES))
def test_mistake_fails_a_public_check_in_the_autograder(graded, variant):
    """The catch table's "caught by public checks" column is yes for every mistake, including ones added later."""
    row = graded["rows"][variant.key]
    assert row.caught_publicly, f"{variant.key} ({variant.title}) passes every public check of {row.question}"


@pytest.mark.parametrize("variant", CORRECT, ids=_ids(CORRECT))
def test_correct_alternative_scores_full_marks_in_the_autograder(graded, variant):
    row = graded["rows"][variant.key]
    assert row.lost == 0, f"{variant.key} ({variant.title}) loses {row.lost:g} on {row.question}: {row.message}"
    assert row.other_lost == 0, f"{variant.key}: other questions lost {row.other_lost:g} points"


@pytest.mark.parametrize("key", sorted(FLAGSHIPS))
def test_message_names_the_mistake(graded, key):
    row = graded["rows"][key]
    assert FLAGSHIPS[key] in row.message, f"{key}: the message shown does not say {FLAGSHIPS[key]!r}: {row.message}"


def _by_test(report):
    return {(t["question"], t["name"]): (t["hidden"], t["passed"], t["message"]) for t in report["tests"]}


def test_otter_run_agrees_on_a_sample(graded):
    """The suite is graded by the sandboxed grader; otter run, on one submission of each notebook, agrees
    with it on every score, every test's verdict and every message."""
    sample = {}
    for group, path, report in graded["reports"]:
        sample.setdefault((group[0].assignment, group[0].kind == "correct"), (group, path, report))
    picked = [sample[k] for k in sorted(sample) if k[1] == (k[0] in ("01_loss_gradient", "03_layer_backward"))]
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(2) as pool:  # otter run is one process per submission: two at a time
        runs = list(pool.map(lambda item: harness.grade_with_otter(item[0][0].assignment, item[1], ROOT), picked))
    for (group, _path, report), otter in zip(picked, runs):
        assert otter["questions"] == report["questions"], [v.key for v in group]
        assert _by_test(otter) == _by_test(report), [v.key for v in group]


def test_same_submission_same_score(graded):
    """Seeds are fixed: grading a submission again gives the same scores and the same messages."""
    group, path, first = graded["reports"][0]
    again = catches.grade(group[0].assignment, path, ROOT)
    assert again == first


def test_catch_table_in_docs_is_current(graded):
    """docs/catch-table.md is the current output of `python -m coursekit catches`."""
    table = catches.catch_table(graded["all_rows"])
    doc = REPO / "docs" / "catch-table.md"
    assert doc.exists() and doc.read_text(encoding="utf-8") == table, \
        "docs/catch-table.md is out of date: run `python -m coursekit catches --out docs/catch-table.md`"
