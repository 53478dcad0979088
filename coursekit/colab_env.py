"""Colab's own versions on this machine: the stand-in the Colab-versions test and `make bench-student` use.

A virtual environment is built from ``tests/colab/colab-pins.txt`` (the versions Colab preinstalls) with
Python 3.11 and cached under ``~/.cache/coursekit/`` (or ``$COURSEKIT_CACHE``), keyed by the pins file's
hash. Each run gets a thin layer on top of it: an empty venv whose site-packages points at the cached one
through a ``.pth`` file, so what a notebook's setup cell installs lands in the layer and the cache stays as
Colab ships it. A student notebook then runs in a kernel of that layer the way Colab runs it: only the
notebook in its folder, ``google.colab`` importable (tests/colab/fake_colab) and the shell's class in
``google.colab``, which is how otter recognises Colab.
"""

import contextlib
import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

from .config import ROOT

PINS = ROOT / "tests" / "colab" / "colab-pins.txt"
FAKE_COLAB = ROOT / "tests" / "colab" / "fake_colab"
PY = "python3.11"

# The first cell of a Colab run: the shell's class must live in google.colab for otter to see Colab.
BECOME_COLAB = """\
import google.colab
_ip = get_ipython()
_ip.__class__ = type("Shell", (type(_ip),), {"__module__": "google.colab._shell"})
assert "google.colab" in str(_ip)
"""

# What pip prints when an install breaks what other installed packages require.
PIP_CONFLICT_TEXT = ("dependency conflict", "dependency resolver", "is incompatible", "which is incompatible",
                     "ERROR:")


def cache_dir():
    return Path(os.environ.get("COURSEKIT_CACHE") or Path.home() / ".cache" / "coursekit")


def base_python():
    """A Python 3.11 interpreter to build the environment with."""
    if sys.version_info[:2] == (3, 11):
        return sys.executable
    found = shutil.which(PY)
    if not found:
        raise RuntimeError("Colab's versions need Python 3.11 (python3.11 not found)")
    return found


def _site_packages(venv: Path):
    return venv / "lib" / "python3.11" / "site-packages"


def pip_freeze(python):
    out = subprocess.run([str(python), "-m", "pip", "freeze", "--all"], capture_output=True, text=True, check=True)
    return sorted(line for line in out.stdout.splitlines() if line.strip())


@contextlib.contextmanager
def _locked(path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def base_env(log=print):
    """The cached venv with Colab's pins (built on first use, about a minute); rebuilt if it changed."""
    key = hashlib.sha256(PINS.read_bytes()).hexdigest()[:16]
    venv = cache_dir() / f"colab-{key}"
    stamp = venv / "coursekit-freeze.txt"  # the environment's pip freeze, written once it is complete
    with _locked(cache_dir() / f"colab-{key}.lock"):
        if stamp.is_file():
            if pip_freeze(venv / "bin" / "python") == stamp.read_text().splitlines():
                return venv
            log(f"{venv} changed since it was built: rebuilding it")
        shutil.rmtree(venv, ignore_errors=True)
        log(f"Building Colab's versions from {PINS.relative_to(ROOT)} into {venv} (once, about a minute)")
        subprocess.run([base_python(), "-m", "venv", str(venv)], check=True)
        proc = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "-r", str(PINS)],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            raise RuntimeError(f"pip install -r {PINS.name} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
        stamp.write_text("\n".join(pip_freeze(venv / "bin" / "python")) + "\n")
    return venv


def layer(base: Path, folder: Path):
    """A fresh venv on top of base (nothing of its own yet) with a Jupyter kernel spec named 'colab'."""
    subprocess.run([base_python(), "-m", "venv", "--without-pip", str(folder)], check=True)
    (_site_packages(folder) / "colab-preinstalled.pth").write_text(f"{_site_packages(base)}\n")
    python = folder / "bin" / "python"
    spec = folder / "share" / "jupyter" / "kernels" / "colab"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(json.dumps({
        "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "Python 3 (Colab's versions)", "language": "python"}))
    return python


def colab_client(nb, folder: Path, timeout=300):
    """An nbclient NotebookClient that runs nb in the layer at folder (its kernel spec 'colab')."""
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient

    specs = KernelSpecManager(kernel_dirs=[str(folder / "share" / "jupyter" / "kernels")])
    km = KernelManager(kernel_name="colab", kernel_spec_manager=specs)
    return NotebookClient(nb, km=km, timeout=timeout, kernel_name="colab", record_timing=True,
                          resources={"metadata": {"path": str(folder.parent / "content")}})


def run_as_on_colab(nb, work: Path, base=None, timeout=300):
    """Run a student notebook (as the browser holds it) top to bottom on Colab's versions, in work/.

    Returns a dict: the executed notebook ``nb`` (its first cell is BECOME_COLAB), the folders
    ``content`` (Colab's working folder, empty at the start) and ``downloads`` (what files.download
    received), and ``freeze_before`` / ``freeze_after`` (pip freeze of the kernel's environment).
    """
    base = base or base_env()
    work.mkdir(parents=True, exist_ok=True)
    content, downloads = work / "content", work / "downloads"
    content.mkdir()
    downloads.mkdir()
    live = work / "live.ipynb"  # what the Colab front end hands over on get_ipynb
    nbformat.write(nb, live)
    python = layer(base, work / "env")
    before = pip_freeze(python)
    run = nbformat.read(live, as_version=4)
    run.cells.insert(0, nbformat.v4.new_code_cell(BECOME_COLAB))
    env = {k: v for k, v in os.environ.items() if k not in ("MPLBACKEND", "PYTHONPATH", "VIRTUAL_ENV")}
    env.update(PYTHONPATH=str(FAKE_COLAB), PYDEVD_DISABLE_FILE_VALIDATION="1", FAKE_COLAB_NOTEBOOK=str(live),
               FAKE_COLAB_DOWNLOADS=str(downloads),
               PATH=f"{python.parent}{os.pathsep}{env.get('PATH', '')}")
    client = colab_client(run, work / "env", timeout=timeout)
    try:
        client.execute(env=env)
    finally:
        if client.km.has_kernel:
            client.km.shutdown_kernel(now=True)
    return {"nb": run, "content": content, "downloads": downloads, "python": python,
            "freeze_before": before, "freeze_after": pip_freeze(python)}


def cell_outputs_text(cell):
    """Everything a code cell showed, as one string (streams, results, errors)."""
    return json.dumps(cell.get("outputs", []))


def seconds(cell, start="iopub.execute_input", end="shell.execute_reply"):
    """When a cell started and when it answered, from nbclient's record_timing, as datetimes."""
    from datetime import datetime

    timing = cell.metadata["execution"]
    return datetime.fromisoformat(timing[start].replace("Z", "+00:00")), \
        datetime.fromisoformat(timing[end].replace("Z", "+00:00"))
