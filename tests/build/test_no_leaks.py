"""What students receive holds no hidden test and no solution code (grep the generated assignments/)."""

import io
import json
import re
import tokenize

import pytest

from coursekit.config import ASSIGNMENTS, HIDDEN_CHECK_MODULES, SOURCE
from coursekit.sample_submissions import solution_sources

HIDDEN_MARKERS = ("hidden.run(", "from bpcheck import hidden", "bpcheck.reference", "bpcheck.cases", "hidden=True",
                  "BEGIN SOLUTION", "END SOLUTION", "BEGIN PROMPT", "END PROMPT")


def _student_texts(assignment):
    folder = ASSIGNMENTS / assignment
    return {p.relative_to(folder).as_posix(): p.read_text(errors="replace")
            for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts}


def test_no_hidden_tests_or_private_modules(assignment):
    texts = _student_texts(assignment)
    for module in HIDDEN_CHECK_MODULES:
        assert f"bpcheck/{module}" not in texts
    for name, text in texts.items():
        for marker in HIDDEN_MARKERS:
            assert marker not in text, f"{marker!r} leaked into assignments/{assignment}/{name}"


def _code_lines(source):
    """The solution's statements: every line but the signature, the docstring and blank lines."""
    body = re.sub(r'"""(.|\n)*?"""', "", source)
    return [line.strip() for line in body.splitlines()[1:] if len(line.strip()) > 12 and not line.strip().startswith("#")]


# Lines a notebook shows on purpose: the full forward call in part 4's demos (the handout elides it, erratum 6).
SHOWN_ON_PURPOSE = {"h1, output = forward_pass(x, W1, b1, W2, b2)"}


def _code_without_strings(source):
    """Python source with its string literals (docstrings, test messages) blanked: hints and specs in
    words are allowed, code is not."""
    try:
        tokens = [t for t in tokenize.generate_tokens(io.StringIO(source).readline)]
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return source
    return tokenize.untokenize((t.type, '""' if t.type == tokenize.STRING else t.string) for t in tokens)


def _student_code(assignment):
    """What a student can read, as code: notebook cells (markdown as is) and .py files, strings blanked."""
    code = {}
    for name, text in _student_texts(assignment).items():
        if name.endswith(".ipynb"):
            cells = json.loads(text)["cells"]
            code[name] = "\n".join("".join(c["source"]) if c["cell_type"] == "markdown"
                                   else _code_without_strings("".join(c["source"])) for c in cells)
        else:
            code[name] = _code_without_strings(text)
    return code


def test_no_solution_code(assignment):
    texts = _student_code(assignment)
    solutions = solution_sources(assignment)
    assert solutions, "no solution answer cells found"
    for function, source in solutions.items():
        for line in _code_lines(source):
            if line in SHOWN_ON_PURPOSE:
                continue
            for name, text in texts.items():
                assert line not in text, f"solution line of {function} in assignments/{assignment}/{name}: {line}"


def _private_definitions():
    """'def name(' and 'NAME =' for every top-level definition of hidden.py that is not a graded function."""
    import ast

    tree = ast.parse((SOURCE / "bpcheck" / "hidden.py").read_text())
    found = [f"def {n.name}(" for n in tree.body if isinstance(n, ast.FunctionDef)]
    found += [f"{t.id} =" for n in tree.body if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)]
    return found


def test_private_module_text_not_shipped(assignment):
    """Not even a renamed copy: no definition from hidden.py appears in any student file."""
    texts = _student_texts(assignment)
    definitions = _private_definitions()
    assert len(definitions) > 20
    for name, text in texts.items():
        leaked = [d for d in definitions if d in text]
        assert not leaked, f"hidden.py definitions in assignments/{assignment}/{name}: {leaked[:3]}"


@pytest.mark.parametrize("planted", ["    return 2 * (predictions - targets) / predictions.size"])
def test_the_grep_would_catch_a_leak(planted):
    """The check above is not vacuous: a solution line planted in student text is found."""
    solutions = solution_sources("01_loss_gradient")
    assert any(planted.strip() in _code_lines(src) for src in solutions.values())
