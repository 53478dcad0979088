"""Every notebook, end to end with the real tools: the solution earns full marks through `otter run`,
the untouched student version runs top to bottom and earns nothing, and the handout's examples print."""

import json

import nbformat
import pytest
from nbclient import NotebookClient

from coursekit.config import ASSIGNMENTS, SOLUTIONS
from tests.conftest import otter_run

# What the solutions must print for the handout's worked examples (and the notebooks' own).
HANDOUT_OUTPUTS = {
    "01_loss_gradient": ["Loss: 0.1667", "Gradient: [-0.3333  0.     -0.3333]"],
    "02_relu_backward": ["relu(x) = [0. 0. 0. 1. 2.]", "relu_gradient(x) = [0. 0. 0. 1. 1.]"],
    "03_layer_backward": ["d_biases = [ 0.5 -1.   0. ]", "d_inputs = [ 1.5  -0.75]"],
    "04_backward_pass": ["d_b1: [1.5 2.  0. ]", "loss before the step: 1.6250", "loss after the step:  0.9450",
                         "epoch 200: mean loss 0.0029", "gradient:      [-0.341   0.2424  0.0986]"],
    "06_depth_and_autograd": ["sigmoid_backward: max relative error below 1e-7: right", "dL/dx = 10, dL/dy = 4",
                              "largest difference between the gradients: below 1e-10, they agree",
                              "trained parameters: the same (largest difference below 1e-8)"],
}


def _printed(nb):
    return "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))


def test_solution_scores_full_marks(assignment, tmp_path):
    scores = otter_run(assignment, SOLUTIONS / assignment / f"{assignment}.ipynb", tmp_path)
    assert scores and all(s == m for s, m in scores.values()), scores


def test_untouched_student_version_runs_and_scores_zero(assignment, tmp_path):
    folder = ASSIGNMENTS / assignment
    nb = nbformat.read(folder / f"{assignment}.ipynb", as_version=4)
    work = tmp_path / "student"
    work.mkdir()
    # Only the notebook, as a student downloading it alone would have: the setup cell unpacks the rest.
    runnable = [c for c in nb.cells if "tags" not in c.metadata or "otter_ignore" not in c.metadata.tags
                or "setup" in c.metadata.tags]
    executed = nbformat.v4.new_notebook(cells=runnable, metadata=nb.metadata)
    NotebookClient(executed, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(work)}}).execute()  # raises on the first error
    checks = [json.dumps(c.outputs) for c in executed.cells if c.cell_type == "code" and "grader.check(" in c.source]
    assert checks and all("failed" in out or "NotImplementedError" in out for out in checks)
    nbformat.write(nb, tmp_path / f"{assignment}.ipynb")
    scores = otter_run(assignment, tmp_path / f"{assignment}.ipynb", tmp_path)
    assert scores and all(s == 0 for s, _ in scores.values()), scores


@pytest.mark.parametrize("name,expected", sorted(HANDOUT_OUTPUTS.items()))
def test_solution_prints_the_worked_examples(name, expected):
    printed = _printed(nbformat.read(SOLUTIONS / name / f"{name}.ipynb", as_version=4))
    for line in expected:
        assert line in printed, f"{name} does not print {line!r}"
