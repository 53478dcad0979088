"""Grades back into the LMS: Canvas's bulk-download names in, Canvas's gradebook import file out.

    canvas_name(file name) -> CanvasName | None   ``<name>_[late_]<user id>_<submission id>_<original name>``
    latest_rows(rows) -> (kept, superseded)         one row per student and assignment: the latest submission
    read_roster(path) -> Roster                      Canvas's gradebook export (CSV)
    canvas_import_rows(rows, roster) -> [[cell]]     the import file: Student, ID, SIS User ID, SIS Login ID,
                                                     Section, then one column per assignment
    write_canvas_import(rows, roster_path, out_path)

Canvas's import matches students by ``ID`` (the Canvas user id, also in the bulk download's file names; a
submission without one is matched by its student, the folder's name, to ``SIS Login ID`` or the name) and
assignments by column title, so an assignment whose title in the export contains its notebook name (for
example ``01_loss_gradient (1234)``) keeps that title; any other gets a new column named after the notebook.
A student without a submission gets an empty cell (not a zero); a submission whose student is not in the
roster gets its own row at the end, never dropped. Gradescope receives its scores from the autograder
(results.json), nbgrader has ``nbgrader export``; neither needs this module.
"""

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..grader.result import Kind

IDENTITY = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
_CANVAS = re.compile(r"^(?P<name>[^_/]+?)_(?:(?P<late>late)_)?(?P<user>\d+)_(?P<sub>\d+)_(?P<original>.+)$", re.I)


@dataclass(frozen=True)
class CanvasName:
    name: str           # Canvas's "lastfirst" key, e.g. "doejane"
    user_id: str        # the Canvas user id (the gradebook's ID column)
    submission_id: int  # larger is later
    late: bool
    original: str       # the file name the student uploaded (Canvas may add "-1" for a resubmission)


def canvas_name(path):
    """The parts of a Canvas bulk-download file name, or None when it is not one."""
    m = _CANVAS.match(PurePosixPath(str(path)).name)
    if not m:
        return None
    return CanvasName(m["name"].lower(), m["user"], int(m["sub"]), bool(m["late"]), m["original"])


def _order(row):
    c = canvas_name(row.submission)
    return (c.submission_id if c else -1, row.submission)


def latest_rows(rows):
    """(kept, superseded): per (student, assignment) the row of the latest submission (the largest Canvas
    submission id, else the last file name); rows without an assignment or student are all kept."""
    best, kept = {}, []
    for r in rows:
        if not r.assignment or not r.student:
            kept.append(r)
            continue
        key = (r.student, r.assignment)
        if key not in best or _order(r) > _order(best[key]):
            best[key] = r
    chosen = {id(r) for r in best.values()}
    kept += [r for r in rows if id(r) in chosen]
    superseded = [r for r in rows if r.assignment and r.student and id(r) not in chosen]
    order = {id(r): i for i, r in enumerate(rows)}
    return sorted(kept, key=lambda r: order[id(r)]), superseded


@dataclass
class Roster:
    header: list                                   # the export's columns
    students: list = field(default_factory=list)   # [{column: value}], in the export's order
    points_row: dict | None = None                 # the export's "Points Possible" row, if any


def read_roster(path):
    """Canvas's gradebook export: the identity columns of every student (and the assignment titles)."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        reader = csv.reader(f)
        header = [h.strip() for h in next(reader, [])]
        missing = [c for c in ("Student", "ID") if c not in header]
        if missing:
            raise ValueError(f"{path}: not a Canvas gradebook export (no {', '.join(missing)} column)")
        roster = Roster(header)
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            row = dict(zip(header, values))
            student = row.get("Student", "").strip()
            if student.lower() == "points possible":
                roster.points_row = row
            elif student.lower() == "student, test":   # Canvas's test student
                continue
            else:
                roster.students.append(row)
    return roster


def _letters(text):
    return re.sub(r"[^a-z0-9]", "", str(text).lower())


def assignment_column(assignment, header):
    """The export's title of ``assignment`` (a column containing its name, spaces or underscores alike),
    else the notebook's name itself (Canvas then creates the assignment)."""
    key = _letters(assignment)
    for title in header:
        if title not in IDENTITY and key and key in _letters(title):
            return title
    return assignment


def _score(row):
    """The cell of one submission: its score ("" when the grader itself failed: that is no grade)."""
    if row.kind is Kind.GRADER_ERROR:
        return ""
    return f"{row.score:g}"


def canvas_import_rows(rows, roster, assignments):
    """The import file as a list of rows (the header first). ``rows``: GradeResults (the latest per student
    are taken), ``assignments``: the notebook names, in column order."""
    kept, _ = latest_rows(rows)
    columns = [assignment_column(a, roster.header) for a in assignments]
    by_id, by_login, by_name = {}, {}, {}
    for i, student in enumerate(roster.students):
        by_id.setdefault(str(student.get("ID", "")).strip(), i)
        login = str(student.get("SIS Login ID", "")).strip().lower()
        if login:
            by_login.setdefault(login, i)
        # Canvas's bulk-download key is "lastfirst": "Doe, Jane" -> doejane
        by_name.setdefault(_letters(student.get("Student", "")), i)
    cells = [dict() for _ in roster.students]
    strangers = {}                                   # (key) -> (CanvasName or None, student, {assignment: score})
    for r in kept:
        if not r.assignment or r.assignment not in assignments:
            continue
        c = canvas_name(r.submission)
        if c is not None:   # a Canvas bulk download: its user id, else its "lastfirst" name
            index = by_id.get(c.user_id, by_name.get(_letters(c.name)))
        else:               # a folder per student: their login, else their name
            index = by_login.get(r.student.lower(), by_name.get(_letters(r.student)))
        if index is not None:
            cells[index][r.assignment] = _score(r)
        else:
            key = c.user_id if c else r.student
            strangers.setdefault(key, (c, r.student, {}))[2][r.assignment] = _score(r)
    table = [IDENTITY + columns]
    if roster.points_row is not None:
        table.append([roster.points_row.get("Student", "Points Possible"), "", "", "", ""]
                     + [_points(a, rows) for a in assignments])
    for student, got in zip(roster.students, cells):
        table.append([student.get(c, "") for c in IDENTITY] + [got.get(a, "") for a in assignments])
    for c, student, got in strangers.values():
        table.append([f"{student} (not in the roster)", c.user_id if c else "", "", "", ""]
                     + [got.get(a, "") for a in assignments])
    return table


def _points(assignment, rows):
    top = max((r.max_score for r in rows if r.assignment == assignment), default=0)
    return f"{top:g}" if top else ""


def write_canvas_import(rows, roster_path, out_path, assignments=None):
    """Write OUT/canvas_import.csv; returns (path, number of submissions not in the roster)."""
    roster = read_roster(roster_path)
    assignments = list(assignments or sorted({r.assignment for r in rows if r.assignment}))
    table = canvas_import_rows(rows, roster, assignments)
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    with open(out_path, "w", newline="", encoding="utf-8") as f:
        csv.writer(f).writerows(table)
    strangers = sum(1 for row in table[1:] if row[0].endswith("(not in the roster)"))
    return out_path, strangers
