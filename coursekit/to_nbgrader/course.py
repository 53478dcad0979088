"""Write the nbgrader course folder.

    <out>/nbgrader_config.py            course settings (config_file.py)
    <out>/source/<assignment>/          the nbgrader source notebook and the files students get beside it
                                        (the master's otter ``files:``: bpcheck's public modules)
    <out>/autograde_files/              the masters' otter ``autograder_files:`` (bpcheck's private modules),
                                        outside source/ so nbgrader never releases them; the grading kernel
                                        imports them (see config_file.py)

Only those paths are rewritten: the gradebook, release/, submitted/, autograded/ and feedback/ of a course in
use are left alone, so a rebuild after editing a master is safe (regenerate the assignment afterwards).
"""

import shutil
import tempfile
import tomllib
from pathlib import Path

from ..config import ROOT, SOURCE, masters
from ..generate.normalize import write_notebook
from ..generate.public_cases import stage_master
from ..master_format import read_master
from .config_file import config_text
from .convert import convert

DEFAULT_OUT = ROOT / "nbgrader_course"


def course_id():
    """course.toml's [nbgrader] course_id, else the repository name of its [colab] section."""
    with open(ROOT / "course.toml", "rb") as f:
        settings = tomllib.load(f)
    return settings.get("nbgrader", {}).get("course_id") or settings["colab"]["repository"]


def _copy(rel_paths, src_dir, dest_dir):
    for rel in rel_paths:
        (dest_dir / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src_dir / rel, dest_dir / rel)


def build_course(out=DEFAULT_OUT, only=None, log=print):
    """Convert every master (or those named in ``only``) and write the course; returns {assignment: Converted}."""
    out = Path(out)
    results, private_files = {}, set()
    chosen = [m for m in masters() if not only or m.stem in only]
    if only and len(chosen) != len(set(only)):
        raise ValueError(f"no master for {sorted(set(only) - {m.stem for m in chosen})}")
    for master_path in chosen:
        with tempfile.TemporaryDirectory(prefix="nbgrader-stage-") as tmp:  # public cases written out as data
            master = read_master(stage_master(master_path, tmp))
        public = [str(p) for p in master.config.get("files", [])]
        converted = convert(master, SOURCE, public)
        name = master.name
        if name != master_path.stem:
            raise ValueError(f"{master_path.name}: ASSIGNMENT CONFIG name {name!r} differs from the file name")
        folder = out / "source" / name
        shutil.rmtree(folder, ignore_errors=True)
        write_notebook(converted.notebook, folder / f"{name}.ipynb")
        _copy(public, SOURCE, folder)
        private = [str(p) for p in master.config.get("autograder_files", [])]
        leaked = set(public) & set(private)
        if leaked:
            raise ValueError(f"{name}: {sorted(leaked)} listed as both public and autograder-only")
        private_files.update(private)
        for warning in converted.warnings:
            log(f"[{name}] warning: {warning}")
        log(f"[{name}] nbgrader source: {len(converted.questions)} questions, "
            f"{sum(len(q) for q in converted.questions.values())} grade cells, {converted.total_points:g} points")
        results[name] = converted

    if only:  # keep the private files other assignments need
        private_files.update(p.relative_to(out / "autograde_files").as_posix()
                             for p in (out / "autograde_files").rglob("*") if p.is_file())
    private_dir = out / "autograde_files"
    staged = {rel: (SOURCE / rel).read_bytes() if (SOURCE / rel).exists() else (private_dir / rel).read_bytes()
              for rel in sorted(private_files)}
    shutil.rmtree(private_dir, ignore_errors=True)
    for rel, data in staged.items():
        (private_dir / rel).parent.mkdir(parents=True, exist_ok=True)
        (private_dir / rel).write_bytes(data)
    (out / "nbgrader_config.py").write_text(config_text(course_id(), sorted(private_files)))
    log(f"nbgrader course written to {out}")
    return results
