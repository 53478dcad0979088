"""The notebooks run with the NumPy versions Colab and local installs use today: 1.26 and 2.x.

A small venv per version (cached under .cache/, ignored by git) holds only NumPy; in it every solution function must
pass every hidden check. NumPy 2.x is the project's own venv.
"""

import subprocess
import sys
import venv
from pathlib import Path

import pytest

from coursekit.config import ROOT

SCRIPT = Path(__file__).with_name("run_with_numpy.py")


def _numpy_venv(version):
    env = ROOT / ".cache" / f"numpy-{version}"
    python = env / "bin" / "python"
    if not python.exists():
        venv.create(env, with_pip=True)
        subprocess.run([python, "-m", "pip", "install", "-q", f"numpy=={version}"], check=True)
    return python


@pytest.mark.parametrize("python", ["1.26.4", "project"])
def test_solutions_pass_hidden_checks(python):
    exe = sys.executable if python == "project" else _numpy_venv(python)
    proc = subprocess.run([str(exe), str(SCRIPT), str(ROOT)], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert proc.stdout.count("ok ") >= 3
