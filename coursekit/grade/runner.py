"""Grading one notebook: the tests run in the grader process, the student's code in a sandboxed child.

Each test case function is called here with its parameters resolved by name through the child: a name
the notebook defines as a function becomes a ``RemoteFunction`` whose call ships the arguments to the
child, waits (per-call timeout), raises the student's exception as one of the same type and message, and
copies the arguments' after-call values back into the grader's objects (so in-place modification is seen
exactly as in otter's shared kernel). Verdicts and points are decided here only.

If the child hangs, dies or runs out of memory, the test it was serving fails with the reason, and a fresh
child (the notebook run again, skipping any cell that hung or killed the process) serves the remaining
tests, within a wall-clock budget per submission; after that the remaining tests fail with the reason.
"""

import builtins
import re
import time
from pathlib import Path
from dataclasses import dataclass

import numpy as np

from . import codec
from .autograders import identify
from .sandbox import SandboxError, Zygote
from .submission import Unreadable, read_submission


@dataclass
class Limits:
    call_timeout: float = 3.0          # seconds one call of a student's function may take
    cell_timeout: float = 15.0         # seconds one notebook cell may take
    submission_timeout: float = 60.0   # wall-clock seconds for everything about one submission
    memory_mb: int = 1024              # address space the child may add to what it maps at fork
    output_kb: int = 64                # the student's printed output kept (the rest is counted, dropped)
    scratch_mb: int = 64               # size of the scratch tmpfs (root only)
    max_restarts: int = 12             # fresh children per submission at most
    grace: float = 1.0                 # how much later than the child's own alarm the grader kills it

    @classmethod
    def from_kwargs(cls, **kwargs):
        known = {k: v for k, v in kwargs.items() if k in cls.__dataclass_fields__ and v is not None}
        return cls(**known)


class SandboxFailure(BaseException):
    """The student's process hung, died or broke the protocol. A BaseException so that test code's
    ``except Exception`` (which rewords the student's exceptions) lets it through unchanged."""


class RemoteError(Exception):
    """Base of exceptions raised by the student's code whose type is not a built-in one."""


_REMOTE_TYPES = {}


def remote_exception(type_name, message):
    """An exception like the one the student's code raised: a built-in type where it is one."""
    message = str(message)
    candidate = getattr(builtins, type_name, None) if isinstance(type_name, str) else None
    if isinstance(candidate, type) and issubclass(candidate, Exception) and candidate.__module__ == "builtins":
        try:
            return candidate(message)
        except Exception:  # noqa: BLE001 - a constructor with other arguments (UnicodeDecodeError...)
            pass
    name = re.sub(r"\W", "_", str(type_name))[:60] or "Error"
    if not name[0].isalpha():
        name = "E" + name
    cls = _REMOTE_TYPES.get(name)
    if cls is None:
        cls = _REMOTE_TYPES[name] = type(name, (RemoteError,), {"__module__": "submission"})
    return cls(message)


class RemoteFunction(codec.RemoteRef):
    """Stands for a function of the submission in test code."""

    def __init__(self, session, name):
        self.session, self.remote_name = session, name
        self.__name__ = self.__qualname__ = name

    def __call__(self, *args, **kwargs):
        return self.session.call(self.remote_name, args, kwargs)

    def __repr__(self):
        return f"<function {self.remote_name} of the submission>"


class RemoteEnv(dict):
    """What otter passes as ``env``: the notebook's globals, fetched on demand."""

    def __init__(self, session):
        super().__init__()
        self.session = session

    def get(self, name, default=None):
        value = self.session.resolve(name)
        return default if value is None else value

    def __getitem__(self, name):
        value = self.session.resolve(name)
        if value is None:
            raise KeyError(name)
        return value

    def __contains__(self, name):
        return self.session.resolve(name) is not None


def copy_back(original, after):
    """Make ``original`` (what the test passed) look like ``after`` (the child's argument after the call)."""
    if isinstance(original, np.ndarray) and isinstance(after, np.ndarray):
        if not original.flags.writeable:
            return
        if original.shape != after.shape:
            try:
                original.shape = after.shape
            except (AttributeError, ValueError):
                return
        try:
            np.copyto(original, after, casting="unsafe")
        except (TypeError, ValueError):
            pass
    elif isinstance(original, list) and isinstance(after, list):
        if len(original) == len(after):
            for i, (o, a) in enumerate(zip(original, after)):
                if isinstance(o, (np.ndarray, list, dict, tuple)) and type(a) is type(o) or \
                        isinstance(o, np.ndarray) and isinstance(a, np.ndarray):
                    copy_back(o, a)
                elif not _same(o, a):
                    original[i] = a
        else:
            original[:] = after
    elif isinstance(original, dict) and isinstance(after, dict):
        for key in list(original):
            if key not in after:
                del original[key]
        for key, value in after.items():
            if key in original and isinstance(original[key], (np.ndarray, list, dict, tuple)):
                copy_back(original[key], value)
            else:
                original[key] = value
    elif isinstance(original, tuple) and isinstance(after, tuple) and len(original) == len(after):
        for o, a in zip(original, after):
            copy_back(o, a)


def _same(a, b):
    try:
        return type(a) is type(b) and bool(a == b)
    except Exception:  # noqa: BLE001
        return False


class Session:
    """The grader's side of one submission: its child (restarted when needed) and its incidents."""

    def __init__(self, zygote, notebook, autograder, limits):
        self.zygote, self.notebook, self.autograder, self.limits = zygote, notebook, autograder, limits
        self.deadline = time.monotonic() + limits.submission_timeout
        self.child = None
        self.skip = set()            # cells that hung or ended the process
        self.defs_only_after = None  # after such a cell, later cells run only their imports and definitions
        self.incidents = []          # what went wrong, in words, in order
        self.cell_errors = []        # exceptions raised by cells (from the last full run)
        self.output = ""
        self.applied, self.missing = [], []
        self.children = 0
        self.maxrss_kb = 0
        self.next_id = 0
        self.dead = None             # set when no further child may be started
        self.timings = {"spawn": 0.0, "notebook": 0.0, "calls": 0.0}
        self.cell_seconds = {}       # cell index -> seconds it took (last run)

    # --- lifecycle --------------------------------------------------------------------------
    def _remaining(self):
        return self.deadline - time.monotonic()

    def _end_child(self):
        if self.child is not None:
            try:
                self.child.send({"op": "bye"})
            except Exception:  # noqa: BLE001
                pass
            exit_info = self.child.end()
            self.maxrss_kb = max(self.maxrss_kb, exit_info.get("maxrss_kb", 0))
            self.child = None
            return exit_info
        return {}

    def _fail_child(self, reason):
        """The current child misbehaved: kill it, note why; the next request starts a fresh one."""
        child = self.child
        self.child = None
        if child is not None:
            info = child.end()
            self.maxrss_kb = max(self.maxrss_kb, info.get("maxrss_kb", 0))
            if "{exit}" in reason:
                reason = reason.replace("{exit}", info.get("status", "?"))
        self.incidents.append(reason)
        return reason

    def start(self):
        """Start a child and run the notebook in it, skipping cells that hung or ended the process."""
        while self.child is None:
            if self.dead:
                raise SandboxFailure(self.dead)
            if self._remaining() <= 0.5:
                self.dead = f"out of time: the submission's {self.limits.submission_timeout:g} s budget is used up"
                raise SandboxFailure(self.dead)
            if self.children >= self.limits.max_restarts:
                self.dead = f"gave up after {self.children} fresh starts of the submission's process"
                raise SandboxFailure(self.dead)
            self.children += 1
            t0 = time.perf_counter()
            child = self.zygote.spawn(self.limits.memory_mb << 20,
                                      cpu_seconds=self.limits.submission_timeout + 5,
                                      scratch_mb=self.limits.scratch_mb)
            self.child = child
            try:
                hello, _ = child.recv(time.monotonic() + 30)
                self.applied, self.missing = hello.get("applied", []), hello.get("missing", [])
                cells = [c for c in self.notebook.cells if c["i"] not in self.skip]
                child.send({"op": "run", "cells": cells, "files": self.autograder.public_files,
                            "output_cap": self.limits.output_kb * 1024, "cell_timeout": self.limits.cell_timeout,
                            "defs_only_after": self.defs_only_after})
            except (codec.PeerClosed, codec.PeerTimeout, codec.ProtocolError) as exc:
                self._fail_child(f"the submission's process did not start ({type(exc).__name__}, {{exit}})")
                continue
            finally:
                self.timings["spawn"] += time.perf_counter() - t0
            t0 = time.perf_counter()
            try:
                self._run_notebook(child)
            finally:
                self.timings["notebook"] += time.perf_counter() - t0

    def _run_notebook(self, child):
        current = None
        try:
            while True:
                limit = min(self.limits.cell_timeout + self.limits.grace if current is not None else 30,
                            self._remaining())
                event, _ = child.recv(time.monotonic() + max(limit, 0.01))
                kind = event.get("ev")
                if kind == "cell":
                    current = event.get("i")
                elif kind == "done":
                    if event.get("interrupted") is True:
                        self.incidents.append(f"cell {current} did not finish in {self.limits.cell_timeout:g} s: "
                                              "it was interrupted, and later cells ran only their definitions")
                    if isinstance(event.get("seconds"), (int, float)):
                        self.cell_seconds[current] = float(event["seconds"])
                    current = None
                elif kind == "ready":
                    errors = event.get("errors")
                    self.cell_errors = errors if isinstance(errors, list) else []
                    self.output = str(event.get("output", ""))[: self.limits.output_kb * 1024]
                    return
                else:
                    raise codec.ProtocolError(f"unexpected message {kind!r}")
        except codec.PeerTimeout:
            if current is None:
                self.dead = self._fail_child("the submission's process stopped answering while running the notebook")
                return
            self._skip_cell(current)
            if self._remaining() <= 0.5:
                self._fail_child(f"cell {current} was still running when the submission's time ran out")
            else:
                self._fail_child(f"cell {current} did not finish in {self.limits.cell_timeout:g} s: "
                                 "it was skipped and the notebook run again (later cells: definitions only)")
        except codec.PeerClosed:
            if current is None:
                self.dead = self._fail_child("the submission's process ended between cells ({exit})")
                return
            self._skip_cell(current)
            self._fail_child(f"cell {current} ended the submission's process ({{exit}}): it was skipped and "
                             "the notebook run again (later cells: definitions only)")
        except codec.ProtocolError as exc:
            reason = self._fail_child(f"the submission's process sent a malformed message ({exc})")
            if current is None:
                self.dead = reason
            else:
                self._skip_cell(current)

    def _skip_cell(self, index):
        self.skip.add(index)
        if self.defs_only_after is None or index < self.defs_only_after:
            self.defs_only_after = index

    def close(self):
        self._end_child()

    # --- requests ----------------------------------------------------------------------------
    def _request(self, header, blobs, timeout, what):
        self.start()
        child = self.child
        self.next_id += 1
        rid = header["id"] = self.next_id
        header["timeout"] = timeout
        limit = min(timeout + self.limits.grace, self._remaining())
        t0 = time.perf_counter()
        try:
            child.send(header, blobs)
            reply, reply_blobs = child.recv(time.monotonic() + max(limit, 0.01))
            if reply.get("id") != rid:
                raise codec.ProtocolError("reply to another request")
            if reply.get("timeout") is True:  # the child's alarm interrupted the student's code
                self.incidents.append(f"{what} timed out after {timeout:g} s")
                raise SandboxFailure(f"{what} timed out after {timeout:g} s")
            return reply, reply_blobs
        except codec.PeerTimeout:
            if limit < timeout + self.limits.grace:
                self.dead = (f"out of time: the submission's {self.limits.submission_timeout:g} s budget ran out "
                             f"during {what}")
                self._fail_child(self.dead)
                raise SandboxFailure(self.dead) from None
            raise SandboxFailure(self._fail_child(f"{what} timed out after {timeout:g} s")) from None
        except codec.PeerClosed:
            raise SandboxFailure(self._fail_child(f"the submission's process ended during {what} ({{exit}})")) from None
        except codec.ProtocolError as exc:
            raise SandboxFailure(self._fail_child(f"malformed reply during {what} ({exc})")) from None
        finally:
            self.timings["calls"] += time.perf_counter() - t0

    def resolve(self, name):
        """What otter's env.get(name) would give: None, a RemoteFunction or a (copied) value."""
        reply, blobs = self._request({"op": "get", "name": name}, (), self.limits.call_timeout,
                                     f"looking up {name}")
        kind = reply.get("kind")
        if kind == "missing":
            return None
        if kind == "callable":
            return RemoteFunction(self, name)
        if kind == "value":
            try:
                return codec.decode(reply.get("value"), blobs)
            except codec.ProtocolError as exc:
                raise SandboxFailure(self._fail_child(f"malformed value for {name} ({exc})")) from None
        raise SandboxFailure(self._fail_child(f"malformed reply looking up {name}"))

    def call(self, name, args, kwargs):
        try:
            tree, blobs = codec.encode((list(args), dict(kwargs)))
        except codec.ProtocolError as exc:
            raise TypeError(f"cannot pass these arguments to {name}: {exc}") from None
        reply, reply_blobs = self._request({"op": "call", "name": name, "args": tree}, blobs,
                                           self.limits.call_timeout, f"{name}(...)")
        if not reply.get("ok"):
            raise remote_exception(reply.get("type", "Exception"), reply.get("message", ""))
        n = reply.get("n")
        if type(n) is not int or not 0 <= n <= len(reply_blobs):
            raise SandboxFailure(self._fail_child(f"malformed reply from {name}(...)"))
        try:
            result = codec.decode(reply.get("value"), reply_blobs[:n])
            after = codec.decode(reply.get("after"), reply_blobs[n:])
        except codec.ProtocolError as exc:
            raise SandboxFailure(self._fail_child(f"{name} returned something that cannot be read ({exc})")) from None
        if isinstance(after, tuple) and len(after) == 2 and isinstance(after[0], list) and isinstance(after[1], dict) \
                and len(after[0]) == len(args):
            for original, value in zip(args, after[0]):
                copy_back(original, value)
            for key, original in kwargs.items():
                if key in after[1]:
                    copy_back(original, after[1][key])
        return result


# --- running the tests ----------------------------------------------------------------------------
def _public_message(exc):
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _hidden_message(exc):
    if isinstance(exc, AssertionError):
        return str(exc) or "hidden test failed"
    return f"hidden test failed: your function's result could not be checked ({type(exc).__name__})"


def run_tests(session, autograder):
    """Every test case of every question, in the grader process. Returns (test records, question scores)."""
    records, questions = [], {}
    for question in autograder.questions:
        passed_points, all_passed = 0.0, True
        for case in question.cases:
            record = {"question": question.name, "name": case.name, "hidden": case.hidden,
                      "points": case.points, "passed": False, "message": ""}
            try:
                kwargs = {p: (RemoteEnv(session) if p == "env" else session.resolve(p)) for p in case.params}
                case.func(**kwargs)
                record["passed"] = True
                if case.success_message:
                    record["message"] = case.success_message
            except SandboxFailure as exc:
                record["message"] = str(exc)
            except Exception as exc:  # noqa: BLE001 - a failed test, whatever it raised
                record["message"] = _hidden_message(exc) if case.hidden else _public_message(exc)
                if case.hidden and not isinstance(exc, AssertionError):
                    record["detail"] = f"{type(exc).__name__}: {str(exc)[:500]}"  # for the instructor only
                if case.failure_message:
                    record["message"] = f"{case.failure_message}\n{record['message']}"
            if record["passed"]:
                passed_points += case.points
            else:
                all_passed = False
            records.append(record)
        possible = question.possible
        score = (possible if all_passed else 0.0) if question.all_or_nothing else passed_points
        questions[question.name] = {"score": _num(score), "max_score": _num(possible)}
    return records, questions


def _num(x):
    return int(x) if float(x).is_integer() else round(float(x), 6)


def grade_notebook(zygote, notebook, autograder, limits, submission="", how=""):
    """Grade one parsed notebook against one autograder; returns the result dict."""
    started = time.perf_counter()
    session = Session(zygote, notebook, autograder, limits)
    try:
        try:
            session.start()
        except SandboxFailure:
            pass  # every test will fail with the reason
        t0 = time.perf_counter()
        tests, questions = run_tests(session, autograder)
        tests_time = time.perf_counter() - t0
    finally:
        session.close()
    score = sum(q["score"] for q in questions.values())
    max_score = sum(q["max_score"] for q in questions.values())
    incidents = list(dict.fromkeys(session.incidents))
    return {
        "submission": submission,
        "notebook": notebook.label,
        "assignment": autograder.name,
        "identified_by": how,
        "status": "ok" if not incidents else "; ".join(incidents)[:1000],
        "score": _num(score),
        "max_score": _num(max_score),
        "questions": questions,
        "tests": tests,
        "cell_errors": session.cell_errors[:50],
        "skipped_cells": sorted(session.skip),
        "incidents": incidents,
        "protections": session.applied,
        "missing_protections": session.missing,
        "output_excerpt": session.output[:2000],
        "processes": session.children,
        "child_maxrss_kb": session.maxrss_kb,
        "timings": {"total": round(time.perf_counter() - started, 4),
                    "spawn": round(session.timings["spawn"], 4),
                    "notebook": round(session.timings["notebook"], 4),
                    "tests": round(tests_time, 4),
                    "tests_waiting_on_child": round(session.timings["calls"], 4),
                    "slowest_cells": sorted(session.cell_seconds.items(), key=lambda kv: -kv[1])[:3]},
        "autograder": autograder.fingerprint,
    }


def unreadable_result(submission, label, status, assignment=None, max_score=None, questions=None):
    """The row of a file that could not be graded at all."""
    return {"submission": submission, "notebook": label, "assignment": assignment, "identified_by": "",
            "status": status, "score": 0, "max_score": max_score or 0,
            "questions": questions or {}, "tests": [], "cell_errors": [], "skipped_cells": [], "incidents": [],
            "protections": [], "missing_protections": [], "output_excerpt": "", "processes": 0,
            "child_maxrss_kb": 0, "timings": {}, "autograder": None}


class Grader:
    """Grades files with one zygote (started on first use, restarted if it ever dies)."""

    def __init__(self, autograders=None, limits=None):
        from .autograders import discover

        if autograders is None or not isinstance(autograders, dict):
            autograders = discover(autograders)
        self.autograders = autograders
        self.limits = limits or Limits()
        self.zygote = None

    def _zygote(self):
        if self.zygote is None or self.zygote.proc.poll() is not None:
            if self.zygote is not None:
                self.zygote.close()
            self.zygote = Zygote(hide=self.hidden_folders())
        return self.zygote

    def hidden_folders(self):
        """Folders the student's process must not see (covered in its mount namespace when root)."""
        folders = set()
        for ag in self.autograders.values():
            origin = Path(ag.origin) if ag.origin else None
            if origin is not None and origin.exists():
                folders.add(str((origin.parent if origin.is_file() else origin).resolve()))
        try:
            from ..config import ROOT

            # every folder of the repository (source/, autograder/, solutions/, .git, the nbgrader course...);
            # the sandbox skips any that holds the Python installation (a .venv)
            folders.update(str(p) for p in ROOT.iterdir() if p.is_dir() and not p.is_symlink())
        except Exception:  # noqa: BLE001 - outside the repository
            pass
        return sorted(folders)

    def grade_file(self, path, submission=None, assignment=None):
        """[result] for one file: one per notebook it holds (a row even when nothing can be graded)."""
        submission = submission or str(path)
        results = []
        for item in read_submission(path, label=_label(submission)):
            if isinstance(item, Unreadable):
                name = assignment if assignment in self.autograders else identify(self.autograders, {}, item.label, ())[0]
                ag = self.autograders.get(name)
                results.append(unreadable_result(submission, item.label, item.status, name,
                                                 ag.max_score if ag else 0))
                continue
            if assignment is not None:
                name, how = (assignment, "given") if assignment in self.autograders else (None, f"unknown assignment {assignment!r}")
            else:
                name, how = identify(self.autograders, item.metadata, item.label, item.defined)
            if name is None:
                results.append(unreadable_result(submission, item.label, how))
                continue
            autograder = self.autograders[name]
            for attempt in (1, 2):
                try:
                    results.append(grade_notebook(self._zygote(), item, autograder, self.limits, submission, how))
                    break
                except SandboxError as exc:
                    if self.zygote is not None:
                        self.zygote.close()
                        self.zygote = None
                    if attempt == 2:
                        results.append(unreadable_result(submission, item.label, f"grader error: {exc}"[:500],
                                                         name, autograder.max_score))
        return results

    def stats(self):
        return self.zygote.stats() if self.zygote is not None else {}

    def close(self):
        if self.zygote is not None:
            self.zygote.close()
            self.zygote = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _label(submission):
    return str(submission).replace("\\", "/").rsplit("/", 1)[-1]
