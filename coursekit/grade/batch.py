"""Grading a folder: every file, in parallel, resumable.

Every file under the submissions folder (nested folders included) gets at least one row, whatever it holds.
Workers are processes, each with its own Grader (its own zygote). Each file's results are saved as
``OUT/results/<sha256 of its content>.json`` as soon as it is graded, so a stopped run picks up where it
was; a saved result is reused while the autograders are unchanged, unless ``regrade``.

Where a submission changes an autograder zip on disk (possible only where the student's process is not
confined: see ``runner.Grader._watch``), the batch stops: the files graded before it keep their saved
results, that file's row (Kind.TAMPERED) is not saved, and ``integrity.AutograderChanged`` says in one line
which zip changed while which file was graded.
"""

import hashlib
import json
import multiprocessing
import os
import resource
import shutil
import signal
import sys
import time
from pathlib import Path

from ..grader import confine, preflight
from ..grader.autograders import discover
from ..grader.integrity import AutograderChanged
from ..grader.limits import Limits
from ..grader.result import GradeResult, Kind
from ..grader.runner import Grader, grader_error
from .feedback import write_feedback
from .gradebook import plot_distribution, student_name, summary_table, write_grades_csv


def list_files(folder, exclude=()):
    """Every file under ``folder`` as (path, relative posix path), sorted; ``exclude`` folders skipped."""
    folder = Path(folder)
    exclude = [Path(e).resolve() for e in exclude]
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if (here / d).resolve() not in exclude)
        for name in sorted(filenames):
            path = here / name
            found.append((path, path.relative_to(folder).as_posix()))
    return sorted(found, key=lambda pr: pr[1])


def file_digest(path):
    h = hashlib.sha256()
    try:
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        h.update(b"unreadable:" + str(path).encode())
    return h.hexdigest()


def _fingerprints(autograders):
    return {name: ag.fingerprint for name, ag in sorted(autograders.items())}


# --- workers ----------------------------------------------------------------------------------
def _grade_one(grader, path, rel):
    """[GradeResult] for one file, whatever happens: an exception of the grader becomes that file's row."""
    try:
        return grader.grade_file(path, submission=rel)
    except Exception as exc:  # noqa: BLE001 - a row for it whatever happens
        return [grader_error(rel, rel.rsplit("/", 1)[-1], repr(exc)[:300])]


def _worker(autograders, limits, hide, tasks, done, parent):
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides; it terminates us with SIGTERM
    confine.die_with_parent()  # SIGKILL when the main process dies; the zygote and its children follow
    if os.getppid() != parent:  # it died before the line above
        os._exit(1)

    def _stop(*_):
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, _stop)
    grader = Grader(autograders, limits, hide=hide)
    try:
        while True:
            task = tasks.get()
            if task is None:
                break
            index, path, rel = task
            results = _grade_one(grader, path, rel)
            stats = dict(grader.stats() if grader.zygote else {},
                         worker_maxrss_kb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
            if grader.stopped:
                stats["stopped"] = grader.stopped
            done.put((index, results, stats))
            if grader.stopped:  # an autograder changed on disk: no more files here
                break
    finally:
        grader.close()


class Progress:
    def __init__(self, total, stream=None):
        self.total, self.n, self.started = total, 0, time.monotonic()
        self.stream = stream or sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()

    def update(self, rel, results, cached=False):
        self.n += 1
        score = ", ".join(f"{r.score:g}/{r.max_score:g}" if r.questions else r.status[:60] for r in results)
        note = " (saved result)" if cached else ""
        if self.tty:
            elapsed = time.monotonic() - self.started
            width = 28
            filled = int(width * self.n / max(self.total, 1))
            eta = elapsed / self.n * (self.total - self.n) if self.n else 0
            line = (f"\r[{'#' * filled}{'.' * (width - filled)}] {self.n}/{self.total} {elapsed:5.1f}s "
                    f"eta {eta:4.0f}s  {rel[-40:]} {score[:40]}{note}")
            width = min(160, shutil.get_terminal_size((120, 24)).columns - 1)
            self.stream.write(line[:width].ljust(width))
            if self.n == self.total:
                self.stream.write("\n")
        else:
            self.stream.write(f"[{self.n}/{self.total}] {rel} ... {score}{note}\n")
        self.stream.flush()


def grade_folder(submissions, out, workers=None, regrade=False, autograders=None, limits=None, quiet=False,
                 figure=True, stats_out=None, hide=None, by_student=False, roster=None, report=True,
                 allow_unconfined=False, **limit_kwargs):
    """Grade every file under ``submissions``; write OUT/grades.csv, OUT/feedback/, OUT/results/,
    OUT/score_distribution.png, the class report OUT/report.md and OUT/report.html (``report``), and with
    ``roster`` (Canvas's gradebook export) OUT/canvas_import.csv; print a summary table. Returns the
    GradeResults (one per row).

    autograders : {name: Autograder}, a folder of them, or None for the repository's autograder/
    hide        : folders the student's process must not see (default: the repository's folders)
    by_student  : also a student by question table with the mistake ids (in the report and OUT/by_student.csv)
    allow_unconfined : grade even where this host cannot confine submissions (else preflight.Unconfined)
    """
    from ..config import AUTOGRADER, repository_folders

    submissions, out = Path(submissions), Path(out)
    if not submissions.is_dir():
        raise NotADirectoryError(f"{submissions} is not a folder")
    if not isinstance(autograders, dict):
        autograders = discover(autograders or AUTOGRADER)
    hide = repository_folders() if hide is None else list(hide)
    if not autograders:
        raise FileNotFoundError("no autograders found (build them first: python -m coursekit build)")
    limits = limits or Limits.from_kwargs(**limit_kwargs)
    confinement = preflight.probe()
    refusal = preflight.refusal(confinement)
    if refusal and not allow_unconfined:
        raise preflight.Unconfined(refusal)
    if not quiet:
        print(f"confinement: {confinement.mode}" + (f" (WARNING: {refusal})" if refusal else ""))
    workers = max(1, int(workers or os.cpu_count() or 1))
    out.mkdir(parents=True, exist_ok=True)
    cache_dir = out / "results"
    cache_dir.mkdir(exist_ok=True)
    fingerprints = _fingerprints(autograders)
    files = list_files(submissions, exclude=[out])
    progress = Progress(len(files), stream=open(os.devnull, "w") if quiet else None)

    rows_by_index, todo = {}, []
    digests = {}
    for index, (path, rel) in enumerate(files):
        digest = digests[index] = file_digest(path)
        cached = None if regrade else _load_cached(cache_dir / f"{digest}.json", fingerprints)
        if cached is not None:
            rows_by_index[index] = _relabel(cached, rel)
            progress.update(rel, rows_by_index[index], cached=True)
        else:
            todo.append((index, str(path), rel))

    def _finish(index, results):
        rel = files[index][1]
        rows_by_index[index] = _relabel(results, rel)
        if not any(r.kind in (Kind.GRADER_ERROR, Kind.TAMPERED) for r in results):  # neither is a grade
            _save_cached(cache_dir / f"{digests[index]}.json", fingerprints, results)
        progress.update(rel, rows_by_index[index])

    stats, stopped = [], None
    if todo and (workers == 1 or len(todo) == 1):
        with Grader(autograders, limits, hide=hide) as grader:
            for index, path, rel in todo:
                _finish(index, _grade_one(grader, path, rel))
                if grader.stopped:
                    stopped = grader.stopped
                    break
            stats.append(dict(grader.stats(), worker_maxrss_kb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))
    elif todo:
        ctx = multiprocessing.get_context("fork")
        tasks, done = ctx.Queue(), ctx.Queue()
        n = min(workers, len(todo))
        procs = [ctx.Process(target=_worker, args=(autograders, limits, hide, tasks, done, os.getpid()),
                             daemon=True) for _ in range(n)]
        for p in procs:
            p.start()
        for task in todo:
            tasks.put(task)
        for _ in procs:
            tasks.put(None)
        last_stats = {}
        try:
            for _ in range(len(todo)):
                while True:
                    try:
                        index, results, zstats = done.get(timeout=5)
                        break
                    except Exception:  # noqa: BLE001 - queue.Empty: check the workers are alive
                        if not any(p.is_alive() for p in procs):
                            raise RuntimeError("every grading worker died") from None
                stopped = zstats.pop("stopped", None)
                last_stats[index % n] = zstats
                _finish(index, results)
                if stopped:  # the other workers' files in progress are dropped (graded again next run)
                    stopped += f" ({n} workers: a file another worker was grading meanwhile may have done it)"
                    for p in procs:
                        p.terminate()
                    break
        finally:
            for p in procs:
                p.join(timeout=10)
                if p.is_alive():
                    p.terminate()
                    p.join()
        stats = list(last_stats.values())
    if stopped:
        raise AutograderChanged(stopped)

    rows = [r for i in sorted(rows_by_index) for r in rows_by_index[i]]
    names = list(autograders)
    for r in rows:
        r.student = student_name(r.submission, names)
    write_grades_csv(rows, out / "grades.csv", names)
    for index in sorted(rows_by_index):
        try:
            write_feedback(out, files[index][1], rows_by_index[index])
        except OSError as exc:  # one student's feedback, not everyone's after it
            print(f"could not write the feedback of {files[index][1]}: {exc}", file=sys.stderr)
    if figure and rows:
        plot_distribution([r for r in rows if r.questions], out / "score_distribution.png")
    written = [out / "grades.csv", out / "feedback"]
    if report and rows:
        from .report import student_table, write_report

        md, page, class_stats = write_report(rows, out, submissions, by_student=by_student, figures=figure)
        written += [md, page]
        if by_student:
            import csv

            with open(out / "by_student.csv", "w", newline="", encoding="utf-8") as f:
                writer = csv.writer(f)
                for s in class_stats:
                    writer.writerows([[s.assignment, *row] for row in student_table(s)])
            written.append(out / "by_student.csv")
    if roster is not None:
        from .lms import write_canvas_import

        path, strangers = write_canvas_import(rows, roster, out / "canvas_import.csv")  # the graded assignments
        written.append(path)
        if strangers and not quiet:
            print(f"note: {strangers} submitters are not in the roster {roster}: listed at the end of {path}")
    if not quiet:
        print(summary_table(rows))
        print(f"\n{len(files)} files, {len(rows)} rows -> {', '.join(str(w) for w in written)}")
    if stats_out is not None:
        stats_out.extend(stats)
    return rows


def _relabel(results, rel):
    """Results saved for identical content under another name: put this file's name on them."""
    out = []
    new_name = rel.rsplit("/", 1)[-1]
    for r in results:
        old_name = (r.submission or rel).rsplit("/", 1)[-1]
        notebook = r.notebook or ""
        if notebook == old_name:
            notebook = new_name
        elif notebook.startswith(old_name + "/"):
            notebook = new_name + notebook[len(old_name):]
        out.append(r.relabel(rel, notebook))
    return out


def _load_cached(path, fingerprints):
    try:
        saved = json.loads(path.read_text())
        if saved.get("autograders") != fingerprints:
            return None
        return [GradeResult.from_dict(r) for r in saved["results"]]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _save_cached(path, fingerprints, results):
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"autograders": fingerprints, "results": [r.to_dict() for r in results]},
                              indent=1, default=str))
    os.replace(tmp, path)
