"""The assignments' autograders: discovery, loading into the grader's memory, and telling them apart.

An autograder is what the build writes to ``autograder/<name>/<name>-autograder.zip`` (or the same
files unzipped, as Gradescope has them in ``/autograder/source``): otter's exception-based test files
under ``tests/`` and the checking package under ``files/`` (public and private modules).

Nothing is unpacked to disk: a zip is read once, and the bytes checked against the build's record
(``integrity``, in ``discover``) are the bytes loaded, so no later write to the file reaches them. Test
files are executed in the grader process with a stand-in for otter's ``test_case`` decorator (same fields,
same point rules as otter 7), and the modules under ``files/`` are served from memory under a private
package name, so each assignment sees its own ``bpcheck`` and no file a submission could read ever holds a
hidden test. Only the public modules (listed in the autograder's ``MANIFEST``, written by the course build,
else ``DEFAULT_PUBLIC``) are handed to the student's process, as otter's student folder has them.
"""

import ast
import builtins
import hashlib
import importlib.abc
import importlib.util
import inspect
import io
import json
import re
import sys
import types
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from . import integrity

MANIFEST = "coursekit_grade.json"  # {"grader": module, "public_files": [...]}: written by coursekit.generate
DEFAULT_PUBLIC = ("bpcheck/__init__.py", "bpcheck/compare.py", "bpcheck/gradcheck.py", "bpcheck/notebook.py",
                  "bpcheck/public.py")


# --- otter's test_case, as a stand-in --------------------------------------------------------------
class test_case:  # noqa: N801 - the name test files import
    """Same constructor and decorator protocol as ``otter.test_files.test_case`` (otter 7.0.0)."""

    def __init__(self, name=None, points=None, hidden=False, success_message=None, failure_message=None):
        self.name, self.points, self.hidden = name, points, hidden
        self.success_message, self.failure_message = success_message, failure_message
        self.test_func = lambda: None

    def __call__(self, test_func):
        self.test_func = test_func
        return self


def resolve_points(total, cases):
    """Each test case's points, by otter's rules (``TestFile.resolve_test_file_points``)."""
    values = [c.points for c in cases]
    if isinstance(total, list):
        if len(total) != len(cases):
            raise ValueError("Points specified in test has different length than number of test cases")
        values, total = list(total), None
    elif total is not None and not isinstance(total, (int, float)):
        raise TypeError(f"Test spec points has invalid type: {type(total)}")
    specified = sum(p for p in values if p is not None)
    unspecified = sum(p is None for p in values)
    if total is not None:
        if specified > total:
            raise ValueError("More points specified in test cases than allowed for test")
        rest = (total - specified) / unspecified if unspecified else 0.0
    elif specified == 0 and all(p in (0, None) for p in values):
        rest = 1 / unspecified if unspecified else 0.0
    else:
        rest = 0.0
    return [p if p is not None else rest for p in values]


@dataclass
class TestCase:
    question: str
    name: str
    func: object
    params: list
    points: float
    hidden: bool
    success_message: str = None
    failure_message: str = None


@dataclass
class Question:
    name: str
    path: str
    cases: list
    all_or_nothing: bool = False

    @property
    def possible(self):
        return sum(c.points for c in self.cases)


# --- in-memory modules --------------------------------------------------------------------------
class _MemoryModules(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Serves ``<prefix>.<module>`` from a {relative .py path: source} dict."""

    def __init__(self, prefix, sources):
        self.prefix, self.sources = prefix, sources
        self.packages = {""}
        for rel in sources:
            parts = PurePosixPath(rel).parts[:-1]
            for i in range(1, len(parts) + 1):
                self.packages.add("/".join(parts[:i]))

    def _locate(self, fullname):
        if fullname == self.prefix:
            return "", True
        if not fullname.startswith(self.prefix + "."):
            return None
        rel = fullname[len(self.prefix) + 1:].replace(".", "/")
        if rel in self.packages:
            return rel, True
        if rel + ".py" in self.sources:
            return rel, False
        return None

    def find_spec(self, fullname, path=None, target=None):
        found = self._locate(fullname)
        if found is None:
            return None
        rel, is_package = found
        spec = importlib.util.spec_from_loader(fullname, self, is_package=is_package)
        spec.origin = f"<autograder:{rel or '.'}>"
        return spec

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        rel, is_package = self._locate(module.__name__)
        key = f"{rel}/__init__.py" if is_package else f"{rel}.py"
        source = self.sources.get(key, "")
        exec(compile(source, f"<autograder {key}>", "exec"), module.__dict__)


_INSTALLED = {}


def _install(sources):
    digest = hashlib.sha256(json.dumps(sorted(sources.items())).encode()).hexdigest()[:12]
    prefix = f"_coursekit_autograder_{digest}"
    if prefix not in _INSTALLED:
        finder = _MemoryModules(prefix, sources)
        sys.meta_path.insert(0, finder)
        _INSTALLED[prefix] = finder
    return prefix


class _OtterStandIn(types.ModuleType):
    pass


def _otter_stand_in():
    otter = _OtterStandIn("otter")
    otter.test_files = _OtterStandIn("otter.test_files")
    otter.test_files.test_case = test_case
    return otter


def _importer(prefix, top_names):
    """An __import__ for test code: shipped modules from memory, otter.test_files as the stand-in."""
    real = builtins.__import__
    otter = _otter_stand_in()

    def _import(name, globals=None, locals=None, fromlist=(), level=0):
        if level == 0:
            top = name.partition(".")[0]
            if top in top_names:
                module = real(f"{prefix}.{name}", globals, locals, fromlist, 0)
                return module if fromlist else sys.modules[f"{prefix}.{top}"]
            if name == "otter":
                return otter
            if name == "otter.test_files":
                return otter.test_files if fromlist else otter
        return real(name, globals, locals, fromlist, level)

    return _import


# --- an autograder --------------------------------------------------------------------------------
class Autograder:
    """One assignment's tests and checking files, held in memory."""

    def __init__(self, name, files, origin="", sha256=None):
        self.name, self.files, self.origin = name, files, origin
        self.sha256 = sha256  # of the zip's bytes as loaded (None when loaded from a folder)
        self.fingerprint = hashlib.sha256(b"".join(
            k.encode() + b"\0" + files[k] for k in sorted(files))).hexdigest()[:16]
        manifest = json.loads(files[MANIFEST]) if MANIFEST in files else {}
        public = manifest.get("public_files") or DEFAULT_PUBLIC
        self.public_files = {rel: files[f"files/{rel}"].decode("utf-8") for rel in public
                             if f"files/{rel}" in files}
        self.shipped = {k[len("files/"):]: v.decode("utf-8") for k, v in files.items()
                        if k.startswith("files/") and k.endswith(".py")}
        self.test_sources = {k: v.decode("utf-8") for k, v in sorted(files.items())
                             if re.fullmatch(r"tests/[^/]+\.py", k)}
        self._questions = None

    @classmethod
    def from_zip(cls, path):
        return cls.from_zip_bytes(Path(path).read_bytes(), path)

    @classmethod
    def from_zip_bytes(cls, data, path):
        """From a zip's bytes, read once by the caller (``path`` names it; it is not opened again)."""
        path = Path(path)
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            files = {i.filename: z.read(i) for i in z.infolist() if not i.is_dir()}
        name = json.loads(files["otter_config.json"]).get("assignment_name") if "otter_config.json" in files else None
        return cls(name or path.name.split("-autograder")[0], files, str(path), integrity.sha256(data))

    @classmethod
    def from_dir(cls, folder):
        folder = Path(folder)
        files = {}
        for p in sorted(folder.rglob("*")):
            rel = p.relative_to(folder).as_posix()
            if p.is_file() and (rel.startswith(("tests/", "files/")) or rel in ("otter_config.json", MANIFEST)):
                files[rel] = p.read_bytes()
        name = json.loads(files["otter_config.json"]).get("assignment_name") if "otter_config.json" in files else None
        return cls(name or folder.name, files, str(folder))

    @property
    def questions(self):
        """The test files as Questions, in file-name order (loaded once, in the grader process)."""
        if self._questions is None:
            self._questions = [self._load_test_file(path, source) for path, source in self.test_sources.items()]
        return self._questions

    def _load_test_file(self, path, source):
        prefix = _install(self.shipped)
        top_names = {PurePosixPath(rel).parts[0].removesuffix(".py") for rel in self.shipped}
        env_builtins = dict(builtins.__dict__, __import__=_importer(prefix, top_names))
        env = {"__builtins__": env_builtins, "__name__": f"{prefix}.tests.{Path(path).stem}"}
        exec(compile(source, f"<autograder {path}>", "exec"), env)
        if "name" not in env:
            raise ValueError(f"Test file {path} does not define 'name'")
        qname = env["name"]
        found = []
        for value in list(env.values()):
            if isinstance(value, test_case):
                if value.name is None:
                    value.name = f"{qname} - {len(found) + 1}"
                found.append(value)
        points = resolve_points(env.get("points"), found)
        cases = [TestCase(qname, tc.test_func.__name__, tc.test_func,
                          list(inspect.signature(tc.test_func).parameters), pts, bool(tc.hidden),
                          tc.success_message, tc.failure_message) for tc, pts in zip(found, points)]
        return Question(qname, path, cases, bool(env.get("all_or_nothing", False)))

    @property
    def graded_names(self):
        """Names the tests take from the notebook (their parameters), found without running anything."""
        names = set()
        for source in self.test_sources.values():
            for node in ast.walk(ast.parse(source)):
                if isinstance(node, ast.FunctionDef) and node.name.startswith("test"):
                    names.update(a.arg for a in node.args.args if a.arg != "env")
        return names

    @property
    def max_score(self):
        return sum(q.possible for q in self.questions)


def discover(root):
    """{assignment name: Autograder} for every ``<root>/<name>/<name>-autograder.zip``, each checked against
    ``<root>/SHA256SUMS`` and git's copy (``integrity.Record``) before it is loaded: a zip that does not match
    raises ``integrity.IntegrityError`` (one line, naming the file). Every grading run that loads zips
    (``make grade``, the batch's workers, ``Grader(folder)``) comes through here."""
    record = integrity.Record(root)
    found = {}
    for zip_path in integrity.zip_paths(root):
        data = zip_path.read_bytes()  # the one read: hashed, checked, then loaded from this private copy
        record.verify(zip_path, data)
        ag = Autograder.from_zip_bytes(data, zip_path)
        found[ag.name] = ag
    record.finish()
    return found


# --- which assignment is this notebook? ---------------------------------------------------------
def identify(autograders, metadata, label, defined):
    """(assignment name, how) or (None, reason).

    metadata : the notebook's metadata dict
    label    : its file name (or its name inside a zip), e.g. "Copy of 01_loss_gradient (1).ipynb"
    defined  : names the notebook defines at top level
    """
    otter_meta = metadata.get("otter") if isinstance(metadata, dict) else None
    named = otter_meta.get("assignment_name") if isinstance(otter_meta, dict) else None
    if isinstance(named, str) and named in autograders:
        return named, "notebook metadata"
    by_name = [name for name in autograders if name.lower() in label.lower()]
    if len(by_name) == 1:
        return by_name[0], "file name"
    overlap = {name: len(ag.graded_names & set(defined)) for name, ag in autograders.items()}
    best = max(overlap.values(), default=0)
    if best > 0:
        winners = [name for name, n in overlap.items() if n == best]
        if len(winners) == 1:
            return winners[0], "graded function names"
        number = re.match(r"\d+", PurePosixPath(label).name)
        narrowed = [w for w in winners if number and w.startswith(number.group())]
        if len(narrowed) == 1:
            return narrowed[0], "graded function names and file name"
    return None, "unknown assignment (no otter metadata, file name or graded function matched)"
