'''The otter master format, defined once: its tags, markers and cell roles, and the one reader of masters.

A master (``source/NN_name.ipynb``) uses otter-assign's notebook format:

* raw delimiter cells: ``# ASSIGNMENT CONFIG``, ``# BEGIN QUESTION`` (yaml: ``name: <function>``) /
  ``# END QUESTION``, ``# BEGIN SOLUTION`` / ``# END SOLUTION``, ``# BEGIN TESTS`` / ``# END TESTS``;
* answer cells with in-cell markers: the solution after ``# BEGIN SOLUTION NO PROMPT``, the students'
  stub between ``""" # BEGIN PROMPT`` and ``""" # END PROMPT``, then ``# END SOLUTION``;
* exception-based test cells: a ``""" # BEGIN TEST CONFIG`` header (``points:``, ``hidden:``), one ``def``
  and its call;
* a setup placeholder tagged ``setup`` (the build fills it in) and a submit cell tagged ``otter_ignore``.

``read_master`` gives every cell its role (``MARKDOWN``, ``CODE``, ``SETUP``, ``SUBMIT``, ``ANSWER``,
``TEST``) and the questions with their tests; the build, the nbgrader converter and the catch table all
read masters through it. Anything it does not understand raises ``ValueError``: a new otter feature in a
master must be handled here on purpose, never passed through to students by accident.
'''

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import yaml

from .grader.submission import IGNORE_TAG  # the tag otter (and the grader) skip: the submit cell

SETUP_TAG = "setup"                     # the master's placeholder setup cell
ANSWER_TAG = "otter_answer_cell"        # otter assign tags the cells students fill in with this
OTTER_TAGS = {IGNORE_TAG, SETUP_TAG, ANSWER_TAG, "otter_assign_solution_cell"}

# Roles of the master's cells
MARKDOWN, CODE, SETUP, SUBMIT, ANSWER, TEST = "markdown", "code", "setup", "submit", "answer", "test"

RAW_BLOCK = re.compile(r"^#\s*(BEGIN|END)\s+(QUESTION|SOLUTION|TESTS|PROMPT)\s*$", flags=re.I)
TEST_CONFIG = re.compile(r'^\s*""" # BEGIN TEST CONFIG\n(.*?)^\s*""" # END TEST CONFIG\n', flags=re.M | re.S)
SOLUTION_IN_CELL = re.compile(r"BEGIN SOLUTION|END SOLUTION")
ONE_LINE_SOLUTION = re.compile(r"#\s*SOLUTION\s*$", flags=re.M)
# inside an answer cell: the students' stub, and the solution's own markers
PROMPT_BLOCK = re.compile(r'^[ \t]*""" # BEGIN PROMPT\n(.*?)^[ \t]*""" # END PROMPT[ \t]*\n?', flags=re.M | re.S)
SOLUTION_MARKER = re.compile(r"^[ \t]*# (BEGIN SOLUTION( NO PROMPT)?|END SOLUTION)[ \t]*\n?", flags=re.M)
NO_PROMPT = re.compile(r"# BEGIN SOLUTION NO PROMPT")


def defined_functions(source):
    '''Names of the functions a cell defines at top level ([] if it does not parse).'''
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return []
    return [node.name for node in tree.body if isinstance(node, ast.FunctionDef)]


def solution_code(source):
    '''An answer cell as plain solution code: otter's solution markers and the students' prompt removed.'''
    return SOLUTION_MARKER.sub("", PROMPT_BLOCK.sub("", source)).rstrip("\n")


@dataclass
class Test:
    name: str          # the test function's name, e.g. test_mse_loss_example
    code: str          # the cell without its TEST CONFIG header: one def and its call
    hidden: bool
    points: object     # as written in the TEST CONFIG (None when absent); see resolve_points


@dataclass
class Question:
    name: str
    points: object = None   # the BEGIN QUESTION config's points, if any
    tests: list = field(default_factory=list)
    functions: list = field(default_factory=list)  # the functions its answer cells define (what it grades)


@dataclass
class Item:
    role: str
    cell: object                     # the master's cell (a NotebookNode)
    question: Question = None        # for ANSWER and TEST cells
    test: Test = None                # for TEST cells


@dataclass
class Master:
    name: str
    config: dict
    items: list
    questions: list


def _raw_header(source):
    """(keyword, yaml text) for a raw otter delimiter cell, e.g. ('BEGIN QUESTION', 'name: mse_loss')."""
    first, _, rest = source.strip().partition("\n")
    if first.strip().upper() == "# ASSIGNMENT CONFIG":
        return "ASSIGNMENT CONFIG", rest
    m = RAW_BLOCK.match(first.strip())
    if not m:
        return None, None
    return f"{m.group(1).upper()} {m.group(2).upper()}", rest


def parse_test(cell, question):
    source = cell.source
    m = TEST_CONFIG.search(source)
    config = (yaml.safe_load(m.group(1)) or {}) if m else {}
    code = (source[:m.start()] + source[m.end():]) if m else source
    unknown = set(config) - {"points", "hidden"}
    if unknown:
        raise ValueError(f"test in {question.name}: TEST CONFIG keys {sorted(unknown)} have no nbgrader equivalent")
    tree = ast.parse(code)
    defs = [n for n in tree.body if isinstance(n, ast.FunctionDef)]
    if len(defs) != 1 or len(tree.body) > 2:
        raise ValueError(f"test in {question.name}: an exception-based test cell holds one def and its call")
    return Test(name=defs[0].name, code=code.strip("\n"), hidden=bool(config.get("hidden", False)),
                points=config.get("points"))


def read_master(path):
    """The master at ``path`` as a ``Master``: its assignment config, every cell with its role, the questions."""
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    config, items, questions = None, [], []
    question, in_solution, in_tests = None, False, False
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if cell.cell_type == "raw":
            keyword, text = _raw_header(cell.source)
            if keyword == "ASSIGNMENT CONFIG":
                config = yaml.safe_load(text) or {}
            elif keyword == "BEGIN QUESTION":
                qconf = yaml.safe_load(text) or {}
                unsupported = {"manual", "all_or_nothing", "export"} & {k for k, v in qconf.items() if v}
                if unsupported:
                    raise ValueError(f"{path.name}: question option(s) {sorted(unsupported)} are not converted")
                question = Question(name=str(qconf["name"]), points=qconf.get("points"))
                questions.append(question)
            elif keyword == "END QUESTION":
                question = None
            elif keyword in ("BEGIN SOLUTION", "END SOLUTION"):
                in_solution = keyword.startswith("BEGIN")
            elif keyword in ("BEGIN TESTS", "END TESTS"):
                in_tests = keyword.startswith("BEGIN")
            else:
                raise ValueError(f"{path.name}: raw cell {cell.source[:40]!r} is not converted (cell {cell.get('id')})")
            continue
        if cell.cell_type == "markdown":
            if in_solution or SOLUTION_IN_CELL.search(cell.source):
                raise ValueError(f"{path.name}: markdown answers and markdown mentioning solution markers are not "
                                 f"converted (cell {cell.get('id')})")
            items.append(Item(MARKDOWN, cell))
        elif SETUP_TAG in tags:
            items.append(Item(SETUP, cell))
        elif IGNORE_TAG in tags:
            items.append(Item(SUBMIT, cell))
        elif in_tests:
            test = parse_test(cell, question)
            question.tests.append(test)
            items.append(Item(TEST, cell, question=question, test=test))
        elif in_solution or SOLUTION_IN_CELL.search(cell.source):
            if not SOLUTION_IN_CELL.search(cell.source):
                raise ValueError(f"{path.name}: answer cell {cell.get('id')} has no in-cell solution markers")
            if ONE_LINE_SOLUTION.search(cell.source):
                raise ValueError(f"{path.name}: otter's one-line '# SOLUTION' marker has no nbgrader equivalent")
            items.append(Item(ANSWER, cell, question=question))
            if question is not None:
                question.functions += defined_functions(cell.source)
        else:
            items.append(Item(CODE, cell))
    if config is None:
        raise ValueError(f"{path.name} has no ASSIGNMENT CONFIG cell")
    return Master(name=str(config.get("name", path.stem)), config=config, items=items, questions=questions)


def resolve_points(question):
    """Each test's points, by otter's rule (the grader's ``resolve_points``, which mirrors
    otter.test_files.abstract_test.TestFile.resolve_test_file_points without importing otter)."""
    from .grader.autograders import resolve_points as otter_rule

    total = question.points
    if isinstance(total, dict):
        total = total.get("each", 1) * len(question.tests)
    return otter_rule(total, question.tests)
