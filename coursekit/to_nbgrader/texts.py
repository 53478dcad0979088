"""What students read in the nbgrader version where the otter version says something otter-specific.

Only the few otter-specific pieces are rewritten: the setup cell, the otter lines of the imports cell, the
``grader.check`` wording and the submission step. Everything else is the master's text unchanged.
"""

import re

from ..generate.colab import pack_public_files

# The student version's stub. nbgrader replaces each solution region with this (ClearSolutions.code_stub),
# indented like the BEGIN SOLUTION line, so the untouched notebook raises NotImplementedError as otter's does.
CODE_STUB = 'raise NotImplementedError("replace this line with your code")'
# The prompts the masters give otter; a different prompt is reported, as students would see CODE_STUB instead.
STANDARD_PROMPT = re.compile(r'^\s*raise NotImplementedError\(("[^"\n]*"|\'[^\'\n]*\')?\)\s*$')

SETUP_TEMPLATE = '''\
# Setup: run this cell first.
# The checking helpers the tests use (bpcheck/) come with this notebook in its assignment folder. If the
# notebook was opened on its own, this cell unpacks them beside it; files that already exist are left alone.
import base64, io, os, zipfile

HELPERS = (  # a zip of bpcheck/'s public modules, base64-encoded by the course build
{packed}
)
with zipfile.ZipFile(io.BytesIO(base64.b64decode("".join(HELPERS)))) as packed:
    missing = [name for name in packed.namelist() if not os.path.exists(name)]
    packed.extractall(members=missing)
print(f"Setup done ({{len(missing)}} helper file(s) unpacked).")'''


def setup_source(helpers_dir, relative_paths):
    """The nbgrader setup cell: no otter to install, only the public helpers, packed in case they are missing."""
    packed = "\n".join(f'    "{line}"' for line in pack_public_files(helpers_dir, relative_paths))
    return SETUP_TEMPLATE.format(packed=packed)


OTTER_LINES = [
    re.compile(r"^[ \t]*import otter[ \t]*\n?", flags=re.M),
    re.compile(r"^[ \t]*grader[ \t]*=[ \t]*otter\.Notebook\([^)\n]*\)[ \t]*\n?", flags=re.M),
]
SUBMIT_IMPORT = re.compile(r"^(from bpcheck\.notebook import )(.*)$", flags=re.M)
OTTER_NAMES = re.compile(r"\b(otter|grader)\b")


def strip_otter(source):
    """A code cell without otter's import and ``grader = otter.Notebook()``, nor the ``submit`` import."""
    for pattern in OTTER_LINES:
        source = pattern.sub("", source)

    def drop_submit(m):
        names = [n.strip() for n in m.group(2).split(",") if n.strip() != "submit"]
        return m.group(1) + ", ".join(names) if names else ""

    source = SUBMIT_IMPORT.sub(drop_submit, source)
    source = re.sub(r"\n{3,}", "\n\n", source).strip("\n")
    if OTTER_NAMES.search(source):
        raise ValueError(f"a code cell still uses otter after conversion; teach coursekit.to_nbgrader.texts "
                         f"this pattern:\n{source}")
    return source


MARKDOWN_REWORDING = [
    # "run the `grader.check(...)` cell under it": in nbgrader the public test cells run in place
    (re.compile(r"the `grader\.check\([^`]*\)` cells?"), "the test cells"),
    (re.compile(r"`grader\.check\([^`]*\)`"), "the test cells"),
]
OTTER_WORDS = re.compile(r"grader\.check|\botter\b", flags=re.I)


def reword_markdown(text):
    """Markdown with otter's wording replaced; returns (text, warning or None)."""
    for pattern, replacement in MARKDOWN_REWORDING:
        text = pattern.sub(replacement, text)
    leftover = OTTER_WORDS.search(text)
    warning = f"markdown still mentions {leftover.group(0)!r}: {text[:80]!r}..." if leftover else None
    return text, warning


SUBMIT_NOTE = """\
{heading}1. Run every cell from the top (*Kernel > Restart Kernel and Run All Cells*), check that the tests \
above pass, and save the notebook (Ctrl+S).
2. Submit the saved notebook the way your course runs nbgrader: with the **Submit** button next to \
`{assignment}` in Jupyter's *Assignments* tab, or by handing in the file `{assignment}.ipynb` where your \
course collects it. Keep its name.
3. Your instructor collects the submissions and grades them with nbgrader: the test cells above run again \
(restored from the original if they were changed), and hidden tests with more inputs run with them. You get \
the result back as a feedback report."""


def is_submit_heading(markdown_source):
    first = markdown_source.lstrip().split("\n", 1)[0]
    return first.startswith("#") and "submit" in first.lower()


def submit_note(assignment, heading_markdown=None):
    """The markdown that replaces otter's submit cell (and the master's submit instructions, if given)."""
    heading = ""
    if heading_markdown is not None:
        heading = heading_markdown.lstrip().split("\n", 1)[0] + "\n\n"
    return SUBMIT_NOTE.format(heading=heading, assignment=assignment)


def hidden_test_source(test, points):
    """A hidden test's grade cell: a note students see, then the test between nbgrader's hidden markers."""
    unit = "point" if points == 1 else "points"
    return (f"# Hidden test {test.name} ({points:g} {unit}): it runs when your submission is graded.\n"
            f"### BEGIN HIDDEN TESTS\n{test.code}\n### END HIDDEN TESTS")
