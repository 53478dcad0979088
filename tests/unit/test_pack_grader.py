"""The grader in the autograder zip is self-contained: it imports on its own, from the unzipped zip."""

import subprocess
import sys
import zipfile

import pytest

from coursekit.config import AUTOGRADER, masters
from coursekit.generate.pack_grader import grader_files, pack_grader, unpack_grader

NAMES = [m.stem for m in masters()]


@pytest.mark.parametrize("name", NAMES)
def test_every_module_in_the_zip_imports_from_the_unzipped_autograder(tmp_path, name):
    with zipfile.ZipFile(AUTOGRADER / name / f"{name}-autograder.zip") as z:
        z.extractall(tmp_path)
    modules = sorted(p.relative_to(tmp_path).with_suffix("").as_posix().replace("/", ".").removesuffix(".__init__")
                     for p in (tmp_path / "coursekit").rglob("*.py"))
    assert "coursekit.grader.gradescope" in modules
    assert not [m for m in modules if m.split(".")[:2] != ["coursekit", "grader"] and m != "coursekit"]
    code = "import importlib, sys\nfor m in sys.argv[1:]:\n    importlib.import_module(m)\nprint('ok')"
    proc = subprocess.run([sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(tmp_path)!r})\n{code}",
                           *modules], capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stderr


def test_pack_and_unpack_are_inverse():
    otter_files = {"run_autograder": b"#!/bin/bash\nmamba activate otter-env\npython run_otter.py\n",
                   "tests/q.py": b"name = 'q'\n"}
    packed = pack_grader(otter_files, ["bpcheck/compare.py"], "abc")
    back, manifest = unpack_grader(packed)
    assert manifest["source_digest"] == "abc" and manifest["public_files"] == ["bpcheck/compare.py"]
    assert set(grader_files()) <= set(packed)
    assert pack_grader(back, ["bpcheck/compare.py"], "abc") == packed
