"""The same bytes on every machine: no committed output may print rounding noise.

A finite-difference error such as 2.6e-10 depends on the processor's BLAS kernels (and OPENBLAS_CORETYPE,
which some machines set): another instructor who regenerates gets 1.6e-11, a dirty tree and a failing
staleness test. The notebooks print a verdict or a bound instead (bpcheck.gradcheck.error_verdict). Two
guards: no committed output shows a number below 1e-6 written with decimals in scientific notation (a
computed value; a constant such as 1e-8 or a bound such as "< 1e-7" has no decimals), and a solution run
with one BLAS thread and with two gives the same normalized outputs.
"""

import re
import shutil

import nbformat
import pytest

from coursekit.config import ASSIGNMENTS, SOLUTIONS, masters
from coursekit.generate.execute import execute_notebook
from coursekit.generate.normalize import clean_notebook

NOISE_BOUND = 1e-6
COMPUTED_SMALL = re.compile(r"(?<![\w.])[-+]?\d+\.\d+[eE]-\d+")


def noisy_values(nb):
    """[(cell id, the printed number)] for numbers below NOISE_BOUND printed with decimals in e-notation."""
    found = []
    for cell in nb.cells:
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            texts = [out.get("text", "")] + [out.get("data", {}).get(m, "") for m in ("text/plain", "text/html",
                                                                                      "text/markdown", "text/latex")]
            for text in texts:
                text = "".join(text) if isinstance(text, list) else text
                found += [(cell.get("id"), m.group()) for m in COMPUTED_SMALL.finditer(text)
                          if 0 < abs(float(m.group())) < NOISE_BOUND]
    return found


def test_the_check_flags_noise():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(err)")])
    nb.cells[0].outputs = [nbformat.v4.new_output("stream", text="d_b1: max relative error 2.6e-10\n")]
    assert noisy_values(nb) == [(nb.cells[0].id, "2.6e-10")]
    nb.cells[0].outputs = [nbformat.v4.new_output("stream", text="d_b1: max relative error < 1e-7: correct\n"
                                                                 "with log(p + 1e-8): 18.42; loss 3.2e-01\n")]
    assert noisy_values(nb) == []


@pytest.mark.parametrize("folder", [SOLUTIONS, ASSIGNMENTS], ids=["solutions", "assignments"])
def test_committed_outputs_print_no_rounding_noise(folder):
    noisy = {path.parent.name: found for path in sorted(folder.glob("*/*.ipynb"))
             if (found := noisy_values(nbformat.read(path, as_version=4)))}
    assert not noisy, f"outputs print rounding noise (print a verdict or a bound, e.g. error_verdict): {noisy}"


def _outputs(nb):
    return [(c.get("id"), c.get("outputs", [])) for c in nb.cells if c.cell_type == "code"]


def _run(assignment, tmp_path, threads, monkeypatch):
    """The build's way: the solution notebook as committed, its outputs cleared, run and normalised."""
    nb = nbformat.read(SOLUTIONS / assignment / f"{assignment}.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    work = tmp_path / f"threads-{threads}"
    for public in ("tests", "bpcheck"):  # beside the notebook, as the build runs it
        shutil.copytree(ASSIGNMENTS / assignment / public, work / public)
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", str(threads))  # OPENBLAS_CORETYPE is left as the machine has it
    execute_notebook(nb, work)
    clean_notebook(nb)
    return _outputs(nb)


# Part 4, whose printed finite-difference errors differed between machines, and the newest part (the largest
# network); parts 1 and 2 use only elementwise NumPy.
THREADED = sorted({"04_backward_pass", masters()[-1].stem} & {m.stem for m in masters()})


@pytest.mark.parametrize("assignment", THREADED)
def test_same_outputs_with_one_and_two_blas_threads(assignment, tmp_path, monkeypatch):
    one = _run(assignment, tmp_path, 1, monkeypatch)
    two = _run(assignment, tmp_path, 2, monkeypatch)
    differ = [cid for (cid, a), (_, b) in zip(one, two) if a != b]
    assert not differ, f"{assignment}: outputs differ between 1 and 2 BLAS threads in cells {differ}"
    committed = _outputs(nbformat.read(SOLUTIONS / assignment / f"{assignment}.ipynb", as_version=4))
    assert [cid for (cid, a), (_, b) in zip(one, committed) if a != b] == [], "the committed outputs differ"
