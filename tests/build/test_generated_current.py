"""Generated folders are exactly what source/ generates: rebuild into a temp folder and compare bytes.

Fails when a master or bpcheck changed but assignments/, solutions/ or autograder/ were not regenerated
(run `make build`), and when the build stops being reproducible.
"""

import filecmp
from pathlib import Path

import pytest

from coursekit.config import ROOT
from coursekit.generate import build_all

GENERATED = ("assignments", "solutions", "autograder")


@pytest.fixture(scope="module")
def fresh_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("fresh-build")
    build_all(out, log=lambda *_: None)
    return out


def _files(folder: Path):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()
                  and "__pycache__" not in p.parts)


@pytest.mark.parametrize("folder", GENERATED)
def test_committed_matches_fresh_build(fresh_build, folder):
    committed, fresh = ROOT / folder, fresh_build / folder
    assert _files(committed) == _files(fresh), f"{folder}/ has other files than source/ generates: run `make build`"
    differ = [f for f in _files(fresh) if not filecmp.cmp(committed / f, fresh / f, shallow=False)]
    assert not differ, f"stale generated files (run `make build`): {differ}"
