"""`make publish` hands no part's answer to another: a published file holds the graded answer of no other part
that is still open (the answers' statements, coursekit/answer_shapes.py, as test_no_computed_answer finds them),
whether only part 1 is released or every part is released and none is closed."""

import ast
from pathlib import Path

import nbformat
import pytest

from coursekit.answer_shapes import expression_shapes, part_answers, student_sources
from coursekit.config import ROOT, masters
from coursekit.publish import graded_signatures, parts_settings, publish, withhold_given_code

PARTS = [m.stem for m in masters()]


def _settings(tmp_path, released, closed):
    path = tmp_path / "course.toml"
    path.write_text((ROOT / "course.toml").read_text().split("[parts]")[0]
                    + f"[parts]\nreleased = {released!r}\nclosed = {closed!r}\n".replace("'", '"'))
    return path


def _answers():
    """{part: {shape: (function, statement)}}: the statements of each part's graded functions that are that part's
    own answer. A step an earlier part already teaches is not (part 2 shows the chain rule through ReLU,
    d_z = d_h * relu_gradient(z), which part 3's layer_backward then uses; part 3 gives the layer's forward pass,
    which part 4's backward pass recomputes; part 5's bias gradient is a step of part 6's add_backward)."""
    return part_answers(ROOT)


def _leaks(dest, closed):
    """[(published part, function of another open part, statement, where)]."""
    answers, found = _answers(), []
    for folder in sorted((Path(dest) / "assignments").iterdir()):
        for where, source in student_sources(folder).items():
            shapes = expression_shapes(source)
            for part, theirs in answers.items():
                if part == folder.name or part in closed:
                    continue
                for shape, (function, statement) in theirs.items():
                    if shape in shapes:
                        found.append((folder.name, function, statement, where))
    return found


@pytest.mark.parametrize("released, closed", [(PARTS[:1], []), (PARTS, [])], ids=["part 1 only", "all, none closed"])
def test_published_files_hold_no_other_open_part_answer(tmp_path, released, closed):
    dest = tmp_path / "public"
    files = publish(dest, settings=_settings(tmp_path, released, closed), log=lambda *_: None)
    assert "README.md" in files
    assert sorted({f.split("/")[1] for f in files if f.startswith("assignments/")}) == released
    for part in released:
        assert f"assignments/{part}/{part}.ipynb" in files and f"assignments/{part}/bpcheck/public.py" in files
    leaks = _leaks(dest, closed)
    assert not leaks, "\n".join(f"{p}: {f} `{s}` in {w}" for p, f, s, w in leaks)
    readme = (dest / "README.md").read_text()
    assert all(part in readme for part in released) and "colab.research.google.com" in readme


def test_the_generated_assignments_would_leak(tmp_path):
    """Not vacuous: without withholding (everything closed), part 3 and 4 show earlier parts' answers."""
    dest = tmp_path / "public"
    publish(dest, settings=_settings(tmp_path, PARTS, PARTS), log=lambda *_: None)
    leaked = {(p, f) for p, f, _, _ in _leaks(dest, closed=[])}
    assert {("03_layer_backward", "relu_gradient"), ("04_backward_pass", "mse_gradient")} <= leaked


def test_closed_parts_give_their_code(tmp_path):
    dest = tmp_path / "public"
    publish(dest, settings=_settings(tmp_path, PARTS, PARTS[:1]), log=lambda *_: None)
    part4 = (dest / "assignments" / PARTS[3] / f"{PARTS[3]}.ipynb").read_text()
    assert "paste your own version from part 2" in part4       # relu, relu_gradient: part 2 is open
    assert "paste your own version from part 1" not in part4   # mse_loss, mse_gradient: part 1 is closed


def _functions(path):
    nb = nbformat.read(path, as_version=4)
    return {node.name: ast.get_source_segment(cell.source, node) for cell in nb.cells if cell.cell_type == "code"
            for node in ast.parse(cell.source).body if isinstance(node, ast.FunctionDef)}


def test_helpers_built_on_an_open_part_are_withheld(tmp_path):
    """Part 6's deep_forward and deep_backward are part 5's mlp_forward and mlp_backward with a choice of
    activation: withheld while part 5 is open (deep_backward by a statement of mlp_backward, deep_forward by its
    def line's declaration), with a stub saying what to write them from; given as is once part 5 is closed."""
    part6 = f"assignments/{PARTS[5]}/{PARTS[5]}.ipynb"
    generated = _functions(ROOT / part6)
    publish(tmp_path / "open", settings=_settings(tmp_path, PARTS, []), log=lambda *_: None)
    withheld = _functions(tmp_path / "open" / part6)
    for helper, built_on in (("deep_forward", "mlp_forward"), ("deep_backward", "mlp_backward")):
        assert "NotImplementedError" in withheld[helper] and f"your own {built_on} (part 5)" in withheld[helper]
    assert withheld["init_xavier"] == generated["init_xavier"]        # holds no open part's answer
    assert "paste your own version from part 2" in withheld["relu"]  # part 6's ACTIVATIONS use part 2's relu
    publish(tmp_path / "closed", settings=_settings(tmp_path, PARTS, PARTS[:5]), log=lambda *_: None)
    given = _functions(tmp_path / "closed" / part6)
    assert {f: given[f] for f in ("deep_forward", "deep_backward", "relu")} == \
           {f: generated[f] for f in ("deep_forward", "deep_backward", "relu")}


def test_a_given_function_must_take_its_graded_namesakes_arguments():
    """A paste-your-own stub keeps the given function's signature: one that differs from the graded function of
    that name (part 5's accuracy(logits, labels)) could never take the student's own body."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "def accuracy(X, y, params):\n    return 0.0\n")])
    with pytest.raises(ValueError, match="rename it"):
        withhold_given_code(nb, PARTS[5], graded_signatures(), closed=[])


def test_course_toml_parts_are_known():
    released, closed = parts_settings()
    assert set(released) <= set(PARTS) and set(closed) <= set(PARTS)
