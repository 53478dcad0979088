"""Build: source/ masters -> assignments/ (students), solutions/ (executed), autograder/ (otter and Gradescope).

Each master goes through `otter assign`; the results are then made Colab-ready (badge, setup cell with
the public tests packed in), executed (solutions) and normalised so that rebuilding an unchanged source
reproduces every file byte for byte.
"""

import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from ..config import PUBLIC_CHECK_MODULES, ROOT, masters
from .colab import badge_cell, fill_setup_cell, pack_public_files
from .execute import execute_notebook
from .hardened import add_hardened_grader
from .normalize import clean_notebook, deterministic_zip_bytes, read_zip, stable_cell_ids, write_notebook
from .public_cases import stage_master


def otter_assign(master: Path, dist: Path):
    """Run `otter assign`, which also runs every test against the solutions and fails if one fails."""
    proc = subprocess.run([sys.executable, "-m", "otter", "assign", str(master), str(dist)],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"otter assign failed for {master.name}:\n{proc.stdout}\n{proc.stderr}")


def public_files(student_dir: Path):
    """Relative paths of what a student needs beside the notebook: public tests and checking helpers."""
    tests = sorted(p.relative_to(student_dir).as_posix() for p in (student_dir / "tests").glob("*.py"))
    return tests + [f"bpcheck/{m}" for m in PUBLIC_CHECK_MODULES]


PROMPT_BLOCK = re.compile(r'^[ \t]*""" # BEGIN PROMPT\n.*?""" # END PROMPT\n?', flags=re.M | re.S)
SOLUTION_MARKER = re.compile(r"^[ \t]*# (BEGIN SOLUTION( NO PROMPT)?|END SOLUTION)[ \t]*\n?", flags=re.M)


def tidy_solution(nb):
    """Solutions read as plain code: drop otter's solution markers and the students' prompt lines."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.source = SOLUTION_MARKER.sub("", PROMPT_BLOCK.sub("", cell.source)).rstrip("\n")


def _fresh(folder: Path):
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def _copy(src_dir: Path, rel_paths, dest_dir: Path):
    for rel in rel_paths:
        (dest_dir / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src_dir / rel, dest_dir / rel)


def build_assignment(master: Path, out_root: Path, log=print):
    name = master.stem
    master_ids = {c.get("id") for c in nbformat.read(master, as_version=4).cells}
    with tempfile.TemporaryDirectory(prefix=f"build-{name}-") as tmp:
        dist = Path(tmp) / "dist"
        log(f"[{name}] otter assign (runs every test against the solution)")
        otter_assign(stage_master(master, Path(tmp) / "staged"), dist)  # public cases written out as data
        student_src = dist / "student"
        rel = public_files(student_src)
        packed = pack_public_files(student_src, rel)

        # assignments/<name>/: the notebook students open, plus its public files for local Jupyter
        student_dir = _fresh(out_root / "assignments" / name)
        nb = nbformat.read(student_src / f"{name}.ipynb", as_version=4)
        fill_setup_cell(nb, packed)
        nb.cells.insert(0, badge_cell(name))
        stable_cell_ids(nb, master_ids | {"colab-badge"})
        clean_notebook(nb)
        write_notebook(nb, student_dir / f"{name}.ipynb")
        _copy(student_src, rel, student_dir)

        # autograder/<name>/: the zip otter run and Gradescope take, and its tests unpacked for review
        ag_src = dist / "autograder"
        ag_dir = _fresh(out_root / "autograder" / name)
        (zip_path,) = ag_src.glob("*-autograder_*.zip")
        files = add_hardened_grader(read_zip(zip_path))  # + coursekit/grade, run by Gradescope
        (ag_dir / f"{name}-autograder.zip").write_bytes(deterministic_zip_bytes(files))
        for arc, data in files.items():
            if arc.startswith("tests/") or arc == "otter_config.json":
                (ag_dir / arc).parent.mkdir(parents=True, exist_ok=True)
                (ag_dir / arc).write_bytes(data)

        # solutions/<name>/: the solution notebook, executed
        sol = nbformat.read(ag_src / f"{name}.ipynb", as_version=4)
        fill_setup_cell(sol, packed)
        tidy_solution(sol)
        stable_cell_ids(sol, master_ids)
        run_dir = Path(tmp) / "run"
        run_dir.mkdir()
        _copy(student_src, rel, run_dir)
        started = time.perf_counter()
        execute_notebook(sol, run_dir)
        log(f"[{name}] solution executed top to bottom in {time.perf_counter() - started:.1f} s (kernel start included)")
        clean_notebook(sol)
        write_notebook(sol, _fresh(out_root / "solutions" / name) / f"{name}.ipynb")


def build_all(out_root: Path = ROOT, only=None, log=print):
    for master in masters():
        if not only or master.stem in only:
            build_assignment(master, out_root, log=log)
