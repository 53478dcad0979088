"""``python -m coursekit bench``: this grader versus sequential ``otter run`` on the same submissions.

Generates right and wrong submissions for every built assignment (the solution, the untouched stub, and
per graded function a flipped sign, a halved result and a stub), grades all of them with ``grade_folder``
and a sample of them with ``otter run`` one after the other (its per-submission time is extrapolated to
the rest), checks that both give the same per-question scores on the sample, and prints seconds per
submission, the ratio, peak memory and where the grader's time goes.
"""

import ast
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

import nbformat

from .config import ROOT
from .grade.batch import grade_folder
from .grader.autograders import discover
from .otter_run import otter_run
from .sample_submissions import answer_cells, make_submission, solution_sources, student_notebook


# --- generating submissions ------------------------------------------------------------------------
class _Mutate(ast.NodeTransformer):
    """Rewrites every ``return X`` of a function into a classic mistake applied to X (each item of a tuple)."""

    def __init__(self, kind):
        self.kind = kind

    def _wrap(self, node):
        if self.kind == "sign":
            return ast.UnaryOp(op=ast.USub(), operand=node)
        return ast.BinOp(left=ast.Constant(0.5), op=ast.Mult(), right=node)

    def visit_Return(self, node):
        if node.value is not None:
            if isinstance(node.value, ast.Tuple):
                node.value.elts = [self._wrap(e) for e in node.value.elts]
            else:
                node.value = self._wrap(node.value)
        return node


def mutate(source, kind):
    tree = ast.parse(source)
    return ast.unparse(ast.fix_missing_locations(_Mutate(kind).visit(tree)))


def variants(build_root, assignment):
    """[(kind, notebook)] for one assignment: solution, stub, and per function sign / half / stub mistakes."""
    solved = solution_sources(assignment, build_root)
    stubs = {name: cell.source for name, cell in answer_cells(student_notebook(assignment, build_root)).items()}
    out = [("solution", make_submission(assignment, root=build_root)),
           ("stub", make_submission(assignment, solved=False, root=build_root))]
    for name in stubs:
        for kind, source in (("sign", mutate(solved[name], "sign")), ("half", mutate(solved[name], "half")),
                             ("stub", stubs[name])):
            out.append((f"{name}-{kind}", make_submission(assignment, {name: source}, root=build_root)))
    return out


def generate(build_root, folder, count):
    """Write ``count`` submissions (cycling through every assignment's variants) into folder."""
    autograders = discover(build_root / "autograder")
    pool = []
    for assignment in autograders:
        if (build_root / "solutions" / assignment).is_dir():
            pool += [(assignment, kind, nb) for kind, nb in variants(build_root, assignment)]
    if not pool:
        raise FileNotFoundError(f"no built assignments under {build_root}")
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for i in range(count):
        assignment, kind, nb = pool[i % len(pool)]
        nb = nbformat.from_dict(json.loads(json.dumps(nb)))
        nb.cells.append(nbformat.v4.new_markdown_cell(f"submission {i}"))  # distinct content per file
        path = folder / f"s{i:03d}_{assignment}_{kind}.ipynb"
        nbformat.write(nb, path)
        made.append((path, assignment, kind))
    return made


# --- the benchmark -------------------------------------------------------------------------------
def run_bench(count=40, otter_sample=8, workers=None, autograders=None, keep=None, out=sys.stdout):
    ag_root = Path(autograders) if autograders else ROOT / "autograder"
    build_root = ag_root.parent
    workers = workers or os.cpu_count() or 1
    work = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="ckgrade-bench-"))
    subs, graded = work / "submissions", work / "graded"
    shutil.rmtree(subs, ignore_errors=True)
    made = generate(build_root, subs, count)
    kinds = sorted({a for _, a, _ in made})
    print(f"bench: {len(made)} submissions over {len(kinds)} assignment(s) ({', '.join(kinds)}), "
          f"{workers} worker(s), {os.cpu_count()} cores", file=out)

    stats = []
    t0 = time.perf_counter()
    rows = grade_folder(subs, graded, workers=workers, regrade=True, autograders=ag_root, quiet=True,
                        figure=False, stats_out=stats)
    ours_total = time.perf_counter() - t0
    ours = ours_total / len(made)

    line = "-" * 78
    print(line, file=out)
    agree, otter = None, None
    if otter_sample:
        step = max(1, len(made) // otter_sample)
        sample = made[::step][:otter_sample]
        by_file = {r.submission: r for r in rows}
        otter_dir = work / "otter"
        agree, t_otter, failures = 0, 0.0, []
        for path, assignment, _kind in sample:
            t1 = time.perf_counter()
            scores, error = otter_run(ag_root / assignment / f"{assignment}-autograder.zip", path,
                                      otter_dir / path.stem)
            t_otter += time.perf_counter() - t1
            mine = {q: v.score for q, v in by_file[path.name].questions.items()}
            if scores is not None and all(abs(scores.get(q, (-1,))[0] - s) < 1e-9 for q, s in mine.items()):
                agree += 1
            else:
                failures.append(f"{path.name}: otter {scores or error} vs ours {mine}")
        otter = t_otter / len(sample)
        print(f"otter run, sequential      : {otter:6.3f} s per submission "
              f"(timed on {len(sample)} of {len(made)}, extrapolated: {otter * len(made):.1f} s for all)", file=out)
    print(f"coursekit grade, {workers} worker(s): {ours:6.3f} s per submission ({ours_total:.2f} s for "
          f"{len(made)}, zygote start and output writing included)", file=out)
    if otter:
        print(f"throughput ratio           : {otter / ours:6.1f}x  (target >= 20x)", file=out)
        print(f"scores agree with otter run: {agree}/{len(sample)} sampled submissions", file=out)
        for f in failures[:5]:
            print(f"   disagreement: {f}", file=out)
    print(f"time for 100 submissions   : about {ours * 100:.1f} s (extrapolated from this run)", file=out)
    print(line, file=out)
    child_peak = max((r.child_maxrss_kb for r in rows), default=0)
    zygote_peak = max((s.get("zygote_maxrss_kb", 0) for s in stats), default=0)
    worker_peak = max((s.get("worker_maxrss_kb", 0) for s in stats), default=0)
    print(f"peak memory per worker     : grader process {worker_peak / 1024:.0f} MB, zygote {zygote_peak / 1024:.0f} MB, "
          f"largest student child {child_peak / 1024:.0f} MB (ru_maxrss; a child shares the zygote's pages "
          "until it writes them)", file=out)
    print(line, file=out)
    print(profile(rows, ours_total, workers), file=out)
    if not keep:
        shutil.rmtree(work, ignore_errors=True)
    return {"ours": ours, "otter": otter, "agree": agree, "rows": rows}


def profile(rows, wall, workers):
    """Where a submission's time goes, summed over all submissions (seconds of one worker)."""
    parts = {"spawn (fork, confine, hello)": 0.0, "notebook cells in the child": 0.0,
             "tests: waiting on the child's calls": 0.0, "tests: grader-side checking": 0.0, "other": 0.0}
    total = 0.0
    cells = {}
    for r in rows:
        t = r.timings
        if not t:
            continue
        total += t["total"]
        parts["spawn (fork, confine, hello)"] += t["spawn"]
        parts["notebook cells in the child"] += t["notebook"]
        parts["tests: waiting on the child's calls"] += t["tests_waiting_on_child"]
        parts["tests: grader-side checking"] += t["tests"] - t["tests_waiting_on_child"]
        for index, seconds in t.get("slowest_cells", []):
            key = (r.assignment, index)
            cells[key] = cells.get(key, 0.0) + seconds
    parts["other"] = total - sum(v for k, v in parts.items() if k != "other")
    lines = [f"where the time goes ({total:.2f} worker-seconds over {len(rows)} submissions; wall {wall:.2f} s "
             f"with {workers} worker(s)):"]
    for name, seconds in parts.items():
        lines.append(f"  {name:<38} {seconds:7.2f} s  {100 * seconds / max(total, 1e-9):5.1f} %")
    top = sorted(cells.items(), key=lambda kv: -kv[1])[:4]
    if top:
        lines.append("  slowest notebook cells (summed): " + ", ".join(
            f"{a} cell {i} {s:.2f} s" for (a, i), s in top))
    lines.append("  the rest of the wall time: starting the zygotes (numpy + matplotlib import and warm-up, "
                 "~1 s each, in parallel), reading files, writing results")
    return "\n".join(lines)


if __name__ == "__main__":
    run_bench()
