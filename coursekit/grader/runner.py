"""Grading one notebook: the tests run in the grader process, the student's code in a sandboxed child.

    Grader(autograders, limits).grade_file(path) -> [GradeResult]   one per notebook the file holds
    grade_notebook(zygote, notebook, autograder, limits) -> GradeResult
    run_tests(session, autograder) -> ([TestResult], {question: QuestionScore})

Each test case function is called here with its parameters resolved by name through the child
(``session.Session``): functions of the notebook become ``remote.RemoteFunction`` proxies. Verdicts and
points are decided here only, by otter's rules (``autograders``).
"""

import time
from dataclasses import replace
from pathlib import Path

from . import integrity
from .autograders import discover, identify
from .limits import Limits
from .remote import RemoteEnv
from .result import UNRECOGNISED, GradeResult, Kind, QuestionScore, TestResult, number
from .sandbox import SandboxError, Zygote
from .session import SandboxFailure, Session
from .submission import Unreadable, read_submission


def _public_message(exc):
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _hidden_message(exc):
    if isinstance(exc, AssertionError):
        return str(exc) or "hidden test failed"
    return f"hidden test failed: your function's result could not be checked ({type(exc).__name__})"


def mistake_of(exc):
    """(id, title) of a failed test's exception: the named mistake an AssertionError of ``bpcheck.compare``
    carries in its ``mistake``/``mistake_title`` attributes (the tests run in this process, so the attributes
    arrive intact; the student's own exceptions come back from the child as new objects without them), else
    a label of what went wrong, else UNRECOGNISED."""
    if isinstance(exc, SandboxFailure):
        return "process-failed", "the notebook's process timed out or ended"
    mistake = getattr(exc, "mistake", None)
    if isinstance(exc, AssertionError):
        if isinstance(mistake, str) and mistake:
            title = getattr(exc, "mistake_title", "")
            return mistake[:80], (title if isinstance(title, str) else "")[:200]
        return UNRECOGNISED, ""
    if isinstance(exc, NotImplementedError):
        return "not-implemented", "not implemented yet"
    if isinstance(exc, TypeError) and "'NoneType' object is not callable" in str(exc):
        return "not-defined", "the function is not defined"
    name = type(exc).__name__
    return f"raised-{name.lower()}"[:80], f"raises {name}"


def run_tests(session, autograder):
    """Every test case of every question, in the grader process. Returns ([TestResult], {question: score})."""
    records, questions = [], {}
    for question in autograder.questions:
        passed_points, all_passed = 0.0, True
        for case in question.cases:
            passed, message, detail, mistake, title = False, "", "", "", ""
            try:
                kwargs = {p: (RemoteEnv(session) if p == "env" else session.resolve(p)) for p in case.params}
                case.func(**kwargs)
                passed = True
                message = case.success_message or ""
            except SandboxFailure as exc:
                message = str(exc)
                mistake, title = mistake_of(exc)
            except Exception as exc:  # noqa: BLE001 - a failed test, whatever it raised
                mistake, title = mistake_of(exc)
                message = _hidden_message(exc) if case.hidden else _public_message(exc)
                if case.hidden and not isinstance(exc, AssertionError):
                    detail = f"{type(exc).__name__}: {str(exc)[:500]}"  # for the instructor only
                if case.failure_message:
                    message = f"{case.failure_message}\n{message}"
            if passed:
                passed_points += case.points
            else:
                all_passed = False
            records.append(TestResult(question.name, case.name, case.hidden, case.points, passed, message, detail,
                                      mistake, title))
        possible = question.possible
        score = (possible if all_passed else 0.0) if question.all_or_nothing else passed_points
        questions[question.name] = QuestionScore(number(score), number(possible))
    return records, questions


def grade_notebook(zygote, notebook, autograder, limits, submission="", how="", deadline=None):
    """Grade one parsed notebook (``submission.Notebook``) against one autograder (within ``deadline``, the
    time.monotonic() at which the submitted file's budget ends, if given)."""
    started = time.perf_counter()
    session = Session(zygote, notebook, autograder, limits, deadline)
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
    incidents = list(dict.fromkeys(session.incidents))
    return GradeResult(
        submission=submission, notebook=notebook.label, assignment=autograder.name,
        kind=Kind.INCIDENTS if incidents else Kind.OK,
        status="ok" if not incidents else "; ".join(incidents)[:1000],
        reason=session.incident_labels[0] if incidents else "",
        score=number(sum(q.score for q in questions.values())),
        max_score=number(sum(q.max_score for q in questions.values())),
        identified_by=how, questions=questions, tests=tests,
        cell_errors=session.cell_errors[:50], skipped_cells=sorted(session.skip), incidents=incidents,
        protections=session.applied, missing_protections=session.missing, output_excerpt=session.output[:2000],
        processes=session.children, child_maxrss_kb=session.maxrss_kb,
        timings={"total": round(time.perf_counter() - started, 4),
                 "spawn": round(session.timings["spawn"], 4),
                 "notebook": round(session.timings["notebook"], 4),
                 "tests": round(tests_time, 4),
                 "tests_waiting_on_child": round(session.timings["calls"], 4),
                 "slowest_cells": [list(kv) for kv in sorted(session.cell_seconds.items(), key=lambda kv: -kv[1])[:3]]},
        autograder=autograder.fingerprint)


class Grader:
    """Grades files with one zygote (started on first use, restarted if it ever dies)."""

    def __init__(self, autograders, limits=None, hide=(), without=()):
        """autograders : {name: Autograder}, or a folder of ``<name>/<name>-autograder.zip``
        hide        : more folders the student's process must not see (e.g. the course repository's)
        without     : confinement layers to leave out ("userns", "landlock", "seccomp"): tests only"""
        self.autograders = autograders if isinstance(autograders, dict) else discover(autograders)
        self.limits = limits or Limits()
        self.hide = [str(h) for h in hide]
        self.without = tuple(without)
        self.zygote = None
        self.unconfined = False  # set once a student's process here could write the grader's files
        self.rehashed = 0        # times the autograder zips on disk were hashed again (unconfined only)
        self.stopped = None      # the one-line reason once a zip changed on disk: grade_file refuses after it

    def _zygote(self):
        if self.zygote is None or self.zygote.proc.poll() is not None:
            if self.zygote is not None:
                self.zygote.close()
            self.zygote = Zygote(hide=self.hidden_folders(), without=self.without)
            if not self.zygote.info.get("root") and not self.zygote.info.get("landlock"):
                self.unconfined = True  # not root (no uid of its own) and no Landlock: it could write the zips
        return self.zygote

    def hidden_folders(self):
        """Folders the student's process must not see (covered in its mount namespace when root)."""
        folders = set()
        for ag in self.autograders.values():
            origin = Path(ag.origin) if ag.origin else None
            if origin is not None and origin.exists():
                folders.add(str((origin.parent if origin.is_file() else origin).resolve()))
        folders.update(self.hide)  # the sandbox skips any that holds the Python installation (a .venv)
        return sorted(folders)

    def grade_file(self, path, submission=None, assignment=None):
        """[result] for one file: one per notebook it holds (a row even when nothing can be graded). Once an
        autograder zip has changed on disk during this Grader's life (``_watch``), raises
        ``integrity.AutograderChanged`` instead."""
        if self.stopped:
            raise integrity.AutograderChanged(self.stopped)
        submission = submission or str(path)
        return self._watch(self._grade_file(path, submission, assignment), submission)

    def _watch(self, results, submission):
        """After a file was graded, where the student's process was not confined (no Landlock and not root:
        it runs as the grader's user and may write whatever that user may), hash the zips on disk again; if
        one changed, this file's rows become Kind.TAMPERED and the Grader stops. Where confinement is
        complete (Landlock, or root's own uid and mount namespace hiding the grader's folders) the child can
        write its scratch folder only, so nothing is hashed again. The tests stay the ones loaded in memory
        either way: the changed file is never read."""
        if self.zygote is not None and not self.zygote.info.get("root") and any(
                r.processes and not any(p.lower().startswith("landlock") for p in r.protections) for r in results):
            self.unconfined = True  # this child ran without Landlock although the kernel has it
        if not self.unconfined:
            return results
        self.rehashed += 1
        changed = integrity.changed_on_disk(self.autograders.values())
        if not changed:
            return results
        files = ", ".join(changed)
        self.stopped = (f"grading stopped: {files} changed on disk while {submission} was graded (its process "
                        "ran without Landlock and not as root, so it could write there): restore it from git or "
                        "rebuild with make build, then grade again")
        status = f"not graded: the autograder ({files}) changed on disk while this file was graded; grading stopped"
        return [replace(r, kind=Kind.TAMPERED, status=status, reason="changed the autograder", score=0,
                        questions={}, tests=[]) for r in results]

    def _grade_file(self, path, submission, assignment):
        deadline = time.monotonic() + self.limits.file_timeout  # for every notebook the file holds
        results = []
        items = read_submission(path, label=_label(submission))
        refused = self._several_per_assignment(items, submission, assignment)
        results.extend(refused.values())
        for item in items:
            if getattr(item, "assignment", None) in refused:
                continue
            if isinstance(item, Unreadable):
                name = assignment if assignment in self.autograders else identify(self.autograders, {}, item.label, ())[0]
                ag = self.autograders.get(name)
                results.append(GradeResult.not_graded(submission, item.label, Kind.UNREADABLE, item.status,
                                                      item.reason, name, ag.max_score if ag else 0))
                continue
            if assignment is not None:
                known = assignment in self.autograders
                name, how = (assignment, "given") if known else (None, f"unknown assignment {assignment!r}")
            else:
                name, how = item.assignment, item.identified_by
            if name is None:
                results.append(GradeResult.not_graded(submission, item.label, Kind.UNKNOWN_ASSIGNMENT, how,
                                                      "unknown assignment"))
                continue
            autograder = self.autograders[name]
            if time.monotonic() > deadline - 1:
                results.append(GradeResult.not_graded(
                    submission, item.label, Kind.INCIDENTS, f"not graded: the file's {self.limits.file_timeout:g} s "
                    "budget was used up by the notebooks before it", "out of time (file)", name,
                    autograder.max_score))
                continue
            for attempt in (1, 2):
                try:
                    results.append(grade_notebook(self._zygote(), item, autograder, self.limits, submission, how,
                                                  deadline))
                    break
                except SandboxError as exc:
                    if self.zygote is not None:
                        self.zygote.close()
                        self.zygote = None
                    if attempt == 2:
                        results.append(grader_error(submission, item.label, exc, name, autograder.max_score))
        return results

    def _several_per_assignment(self, items, submission, assignment):
        """Exactly one notebook per file and assignment: identify each notebook (``item.assignment``);
        where one file holds several for the same assignment, {assignment: one refused row} (never the best
        of them: that would turn one submission into a search over the hidden tests)."""
        by_name = {}
        for item in items:
            if isinstance(item, Unreadable):
                item.assignment = assignment if assignment in self.autograders else None
                item.identified_by = ""
            elif assignment is not None:
                known = assignment in self.autograders
                item.assignment = assignment if known else None
                item.identified_by = "given" if known else f"unknown assignment {assignment!r}"
            else:
                item.assignment, item.identified_by = identify(self.autograders, item.metadata, item.label,
                                                               item.defined)
            if item.assignment is not None:
                by_name.setdefault(item.assignment, []).append(item)
        refused = {}
        for name, group in by_name.items():
            if len(group) > 1:
                labels = ", ".join(i.label.split("/", 1)[-1] for i in group[:5]) + (", ..." if len(group) > 5 else "")
                status = (f"not graded: this file holds {len(group)} notebooks for {name} ({labels}); "
                          "submit exactly one notebook per assignment")
                refused[name] = GradeResult.not_graded(submission, _label(submission), Kind.UNREADABLE, status,
                                                       "several notebooks for one assignment", name,
                                                       self.autograders[name].max_score)
        return refused

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


def grader_error(submission, label, exc, assignment=None, max_score=0):
    """The row of a file the grader itself failed on (not a grade: the batch never saves it)."""
    return GradeResult.not_graded(submission, label, Kind.GRADER_ERROR, f"grader error: {exc}"[:500],
                                  "grader error", assignment, max_score)


def _label(submission):
    return str(submission).replace("\\", "/").rsplit("/", 1)[-1]
