"""The cells that make a student notebook Colab-ready: the "Open in Colab" badge and the setup cell."""

import base64
import textwrap
from pathlib import Path

import nbformat

from ..config import colab_settings, pinned_version
from .normalize import deterministic_zip_bytes

SETUP_TAG = "setup"  # the master's placeholder setup cell carries this tag

SETUP_TEMPLATE = '''\
#@title Setup: run this cell first {{ display-mode: "form" }}
# Works unchanged in Google Colab and in local Jupyter. Where otter-grader is missing (a fresh Colab
# runtime) it installs the pinned otter-grader and the three small packages it needs beyond Colab's own,
# with --no-deps: none of Colab's preinstalled packages changes. Then it unpacks this notebook's public
# tests (tests/) and checking helpers (bpcheck/) beside the notebook. Files that already exist are left alone.
import base64, importlib, importlib.util, io, os, subprocess, sys, zipfile

NEEDED = {{  # module: the pinned package that provides it
{needed}
}}
to_install = [pin for module, pin in NEEDED.items() if importlib.util.find_spec(module) is None]
if to_install:
    print(f"Installing {{' '.join(to_install)}} (once per Colab session, a few seconds)...")
    pip = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", *to_install],
                         capture_output=True, text=True)
    lines = (pip.stdout + pip.stderr).splitlines()
    shown = lines if pip.returncode else [l for l in lines if not l.startswith("WARNING:")]  # errors and conflicts
    if shown:
        print("\\n".join(shown))
    pip.check_returncode()
    importlib.invalidate_caches()

PUBLIC_FILES = (  # a zip of tests/ and bpcheck/, base64-encoded by the course build
{packed}
)
with zipfile.ZipFile(io.BytesIO(base64.b64decode("".join(PUBLIC_FILES)))) as packed:
    missing = [name for name in packed.namelist() if not os.path.exists(name)]
    packed.extractall(members=missing)
print(f"Setup done: {{len(missing)}} file(s) unpacked; otter-grader is ready.")'''


def pack_public_files(folder: Path, relative_paths):
    """A deterministic zip of the given files under folder, as base64 lines of 100 characters."""
    files = {rel: (folder / rel).read_bytes() for rel in relative_paths}
    encoded = base64.b64encode(deterministic_zip_bytes(files)).decode()
    return textwrap.wrap(encoded, 100)


# What `import otter` needs beyond Colab's preinstalled packages (checked against tests/colab/colab-pins.txt by
# tests/colab/test_colab_versions.py): installed without dependencies, so nothing preinstalled changes.
SETUP_PACKAGES = {"otter": "otter-grader", "fica": "fica", "frontmatter": "python-frontmatter", "ipylab": "ipylab"}


def setup_cell_source(packed_lines):
    packed = "\n".join(f'    "{line}"' for line in packed_lines)
    needed = "\n".join(f'    "{module}": "{dist}=={pinned_version(dist)}",' for module, dist in SETUP_PACKAGES.items())
    return SETUP_TEMPLATE.format(needed=needed, packed=packed)


def badge_cell(assignment):
    s = colab_settings()
    url = (f"https://colab.research.google.com/github/{s['owner']}/{s['repository']}/blob/{s['branch']}/"
           f"assignments/{assignment}/{assignment}.ipynb")
    cell = nbformat.v4.new_markdown_cell(
        f"[![Open In Colab](https://colab.research.google.com/assets/colab-badge.svg)]({url})")
    cell.id = "colab-badge"
    return cell


def fill_setup_cell(nb, packed_lines):
    """Replace the master's placeholder setup cell with the real one; Colab shows it as a form."""
    cells = [c for c in nb.cells if SETUP_TAG in c.metadata.get("tags", [])]
    if len(cells) != 1:
        raise ValueError(f"expected exactly one cell tagged {SETUP_TAG!r}, found {len(cells)}")
    cells[0].source = setup_cell_source(packed_lines)
    cells[0].metadata["cellView"] = "form"  # Colab shows the title only
    cells[0].metadata["jupyter"] = {"source_hidden": True}  # JupyterLab collapses the code likewise
