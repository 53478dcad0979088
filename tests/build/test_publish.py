"""`make publish` hands no part's answer to another: a published file holds the graded answer of no other part
that is still open (the answers' statements, coursekit/answer_shapes.py, as test_no_computed_answer finds them),
whether only part 1 is released or every part is released and none is closed."""

from pathlib import Path

import pytest

from coursekit.answer_shapes import expression_shapes, part_answers, student_sources
from coursekit.config import ROOT, masters
from coursekit.publish import parts_settings, publish

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


def test_course_toml_parts_are_known():
    released, closed = parts_settings()
    assert set(released) <= set(PARTS) and set(closed) <= set(PARTS)
