"""Generate (the ``build`` verb): source/ masters -> assignments/ (students), solutions/ (executed),
autograder/ (otter and Gradescope).

Each master goes through `otter assign`; the results are then made Colab-ready (badge, setup cell with
the public tests packed in), executed (solutions) and normalised so that rebuilding an unchanged source
reproduces every file byte for byte. The grader packed into the autograder zip (``pack_grader``) is the
last step: when only the grader changed (the sources' digest recorded in the zip still matches), the build
repacks the committed zips and skips otter assign and the solutions (``--full`` forces everything). Then
``autograder/SHA256SUMS`` records every zip's hash (``grader.integrity``: the grader checks it before use).
"""

import hashlib
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from ..config import PUBLIC_CHECK_MODULES, ROOT, SOURCE, masters, pinned_version
from ..grader.integrity import write_sums
from ..master_format import solution_code
from .colab import badge_cell, fill_setup_cell, pack_public_files
from .execute import execute_notebook
from .normalize import clean_notebook, deterministic_zip_bytes, read_zip, stable_cell_ids, write_notebook
from .pack_grader import pack_grader, unpack_grader
from .public_cases import stage_master

GENERATE_PACKAGE = Path(__file__).resolve().parent
PUBLIC = [f"bpcheck/{m}" for m in PUBLIC_CHECK_MODULES]


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


def tidy_solution(nb):
    """Solutions read as plain code: drop otter's solution markers and the students' prompt lines."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.source = solution_code(cell.source)


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
    digest = source_digest(master)  # before otter assign reads the sources, so an edit during the build shows
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
        files = pack_grader(read_zip(zip_path), PUBLIC, digest)  # + coursekit/grader
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


def source_digest(master: Path):
    """A digest of everything otter assign and the solution run depend on: the master, the checking package,
    the generation code (the grader packing aside), course.toml and the otter version pinned (the setup cell
    installs it) and installed (it runs otter assign)."""
    from importlib.metadata import version

    inputs = [master, *sorted((SOURCE / "bpcheck").glob("*.py")),
              *sorted(p for p in GENERATE_PACKAGE.glob("*.py") if p.name != "pack_grader.py"),
              ROOT / "course.toml"]
    h = hashlib.sha256(f"otter-grader {pinned_version('otter-grader')} {version('otter-grader')}\n".encode())
    for path in inputs:
        h.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()[:16]


def repack(master: Path, out_root: Path):
    """Repack the grader into an existing autograder zip built from the same sources; False if it is
    missing or was built from other sources (then only a full build is right). True when done."""
    name = master.stem
    zip_path = out_root / "autograder" / name / f"{name}-autograder.zip"
    built = [zip_path, out_root / "assignments" / name / f"{name}.ipynb", out_root / "solutions" / name / f"{name}.ipynb"]
    if not all(p.exists() for p in built):
        return False
    otter_files, manifest = unpack_grader(read_zip(zip_path))
    digest = source_digest(master)
    if manifest.get("source_digest") != digest:
        return False
    data = deterministic_zip_bytes(pack_grader(otter_files, PUBLIC, digest))
    if data != zip_path.read_bytes():
        zip_path.write_bytes(data)
    return True


def build_all(out_root: Path = ROOT, only=None, full=False, log=print):
    """Generate every master (or those in ``only``); unchanged sources only get their grader repacked. Last,
    ``autograder/SHA256SUMS`` is written for every zip there (those of ``only`` and the others alike)."""
    for master in masters():
        if only and master.stem not in only:
            continue
        if not full and repack(master, out_root):
            log(f"[{master.stem}] sources unchanged: grader repacked into the autograder zip (--full rebuilds)")
            continue
        build_assignment(master, out_root, log=log)
    if (out_root / "autograder").is_dir():
        write_sums(out_root / "autograder")
