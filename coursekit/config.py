"""Where things live, and the course settings from course.toml."""

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "source"
ASSIGNMENTS = ROOT / "assignments"
SOLUTIONS = ROOT / "solutions"
AUTOGRADER = ROOT / "autograder"

# The checking package's modules students may see; the rest ships only in the autograders.
PUBLIC_CHECK_MODULES = ("__init__.py", "compare.py", "gradcheck.py", "notebook.py", "public.py")
# reference and hidden ship only in the autograders; cases (the public cases' declarations) is used by the build only.
HIDDEN_CHECK_MODULES = ("reference.py", "hidden.py", "cases.py")


def repository_folders():
    """Every folder of the repository (source/, autograder/, solutions/, .git, the nbgrader course...): what the
    student's process must not see when ``make grade`` runs here (the sandbox skips any holding Python)."""
    return sorted(str(p) for p in ROOT.iterdir() if p.is_dir() and not p.is_symlink())


def masters():
    """The master notebooks, in course order (their names start with the part number)."""
    return sorted(SOURCE.glob("[0-9][0-9]_*.ipynb"))


def colab_settings():
    with open(ROOT / "course.toml", "rb") as f:
        return tomllib.load(f)["colab"]


def pinned_version(package):
    """The version requirements.txt pins for a package, e.g. '7.0.0' for otter-grader."""
    text = (ROOT / "requirements.txt").read_text()
    match = re.search(rf"^{re.escape(package)}==(\S+)$", text, flags=re.M | re.I)
    if not match:
        raise ValueError(f"requirements.txt does not pin {package}")
    return match.group(1)
