"""The autograder zips' integrity: hashes recorded by the build, checked before a run, watched during one.

    SUMS                          ``autograder/SHA256SUMS``: one ``<sha256>  <name>/<name>-autograder.zip``
                                  line per zip, sorted (``sha256sum -c SHA256SUMS`` reads it too), written
                                  by the build (``write_sums``) and committed with the zips
    Record(root).verify(path, data)  before a run (``autograders.discover``, the one loader of zips): the
                                  bytes about to be loaded must match SHA256SUMS and, in a git checkout,
                                  git's copy (below); else ``IntegrityError`` naming the file
    changed_on_disk(autograders)  during a run (``runner.Grader``, after each file when the student's
                                  process was not confined): the zips whose bytes on disk are no longer
                                  those loaded

Why git as well: a submission that can rewrite a zip can rewrite SHA256SUMS beside it. In a git checkout
the zips and SHA256SUMS are committed, so their blobs in git's index are a second record. A zip may differ
from its blob only while something the build reads differs from git too (an instructor's build not yet
committed): the build is reproducible (tests/build checks it byte for byte), so from unchanged sources it
gives back git's own zip. A zip that differs from git while its sources do not was not written by a build,
and is refused. Assumption: the student's code does not also edit the course's sources or run git (a
process with the instructor's rights can do both, and could edit this grader too; only confinement stops
that, and ``changed_on_disk`` catches such a run while it happens). Outside a git checkout (or where git
is missing or refuses the folder, e.g. one owned by another user) SHA256SUMS is the only record.

Nothing here re-reads a zip it checks: ``verify`` takes the bytes the caller read once and then loads
(``Autograder.from_zip_bytes``), so what is checked is what is graded with.
"""

import hashlib
import re
import subprocess
from pathlib import Path

SUMS = "SHA256SUMS"
BUILD_INPUTS = ("source", "coursekit", "course.toml", "requirements.txt")  # what the build reads (checkout root)
REMEDY = "rebuild with make build or restore it from git"


class IntegrityError(Exception):
    """An autograder zip (or its record) is not what the build wrote: the grader refuses to use it."""


class AutograderChanged(IntegrityError):
    """An autograder zip changed on disk during a run (a submission that was not confined wrote it)."""


def zip_paths(root):
    """Every ``<root>/<name>/<name>-autograder.zip``, sorted."""
    return [p for p in sorted(Path(root).glob("*/*-autograder.zip")) if p.name == f"{p.parent.name}-autograder.zip"]


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def git_blob_id(data, like=""):
    """What ``git hash-object`` gives for these bytes: SHA-1, or SHA-256 in a repository whose object ids
    (``like``) have 64 digits."""
    algorithm = hashlib.sha256 if len(like) == 64 else hashlib.sha1
    return algorithm(b"blob %d\0" % len(data) + data).hexdigest()


def sums_text(root):
    """The SHA256SUMS the build writes for the zips under ``root`` ("" when there are none)."""
    root = Path(root)
    return "".join(f"{sha256(p.read_bytes())}  {p.relative_to(root).as_posix()}\n" for p in zip_paths(root))


def write_sums(root):
    """Write ``root/SHA256SUMS`` for the zips under it (the build's last step); unchanged text is not rewritten."""
    root = Path(root)
    text = sums_text(root)
    path = root / SUMS
    if not text:
        return None
    if not path.is_file() or path.read_text() != text:
        path.write_text(text)
    return path


def parse_sums(text, label):
    """{relative path: sha256} of a SHA256SUMS text; IntegrityError on a line that is not ``<64 hex>  <path>``."""
    recorded = {}
    for n, line in enumerate(text.splitlines(), 1):
        match = re.fullmatch(r"([0-9a-f]{64})  (\S+)", line)
        if not match or match.group(2) in recorded:
            raise IntegrityError(f"{label} is malformed (line {n}): {REMEDY}")
        recorded[match.group(2)] = match.group(1)
    return recorded


def _git(root, *args):
    """stdout of a git command run in ``root``, or None (no git, not a checkout, a folder git refuses)."""
    try:
        proc = subprocess.run(["git", "--no-optional-locks", "-C", str(root), *args], capture_output=True,
                              timeout=60, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.SubprocessError):
        return None
    return proc.stdout if proc.returncode == 0 else None


class Record:
    """What is recorded about the zips under ``root``: SHA256SUMS (read once, here) and git's index."""

    def __init__(self, root):
        self.root = Path(root)
        self.label = self.root.resolve().name  # files are named as the instructor sees them: autograder/<name>/...
        self.sums_label = f"{self.label}/{SUMS}"
        self.seen = set()
        self.blobs = self._git_blobs()  # {path relative to root: blob id}, None outside a checkout
        sums = self.root / SUMS
        if sums.is_file():  # not compared with git itself: a zip matching both it and git's copy is git's zip
            self.sums = parse_sums(sums.read_bytes().decode("utf-8", "replace"), self.sums_label)
        elif self.blobs is not None and SUMS in self.blobs:
            raise IntegrityError(f"{self.sums_label} is missing (git has it): restore it from git or rebuild "
                                 "with make build")
        else:
            self.sums = None  # a folder of zips nobody recorded: nothing to check against (runs are still watched)

    def _git_blobs(self):
        listed = _git(self.root, "ls-files", "-s", "-z", "--", ".")
        if listed is None:
            return None
        blobs = {}
        for entry in listed.decode("utf-8", "replace").split("\0"):
            meta, _, path = entry.partition("\t")
            fields = meta.split()
            if len(fields) == 3 and fields[2] == "0":
                blobs[path] = fields[1]
        return blobs

    def _sources_changed(self):
        """Whether anything the build reads differs from git (HEAD or index) or is new: a build in progress."""
        if not hasattr(self, "_sources"):
            status = _git(self.root, "status", "--porcelain=v1", "-z", "--",
                          *[f":(top){p}" for p in BUILD_INPUTS])
            self._sources = status is None or bool(status.strip(b"\0"))  # git failing here: say changed
        return self._sources

    def _against_git(self, rel, data):
        recorded = (self.blobs or {}).get(rel)
        if recorded is not None and recorded != git_blob_id(data, recorded) and not self._sources_changed():
            raise IntegrityError(f"{self.label}/{rel} differs from git's copy though nothing it is built from "
                                 f"does ({', '.join(BUILD_INPUTS)}): restore it from git (git checkout -- "
                                 f"{self.label}), or stage it (git add) if you built it")

    def verify(self, path, data):
        """Refuse (IntegrityError) the bytes ``data`` read from the zip ``path`` unless they are recorded."""
        rel = Path(path).relative_to(self.root).as_posix()
        self.seen.add(rel)
        if self.sums is not None:
            if rel not in self.sums:
                raise IntegrityError(f"{self.label}/{rel} is not listed in {self.sums_label}: {REMEDY}")
            if self.sums[rel] != sha256(data):
                raise IntegrityError(f"{self.label}/{rel} does not match {self.sums_label}: {REMEDY}")
        self._against_git(rel, data)

    def finish(self):
        """After every zip: one that SHA256SUMS lists but the folder lacks is refused too."""
        for rel in sorted(set(self.sums or ()) - self.seen):
            raise IntegrityError(f"{self.sums_label} lists {self.label}/{rel}, which is missing: {REMEDY}")


def changed_on_disk(autograders):
    """[label] of the zips loaded (``Autograder.sha256``) whose bytes on disk differ now, or are gone.
    A few zips of about 100 KB: well under a millisecond of hashing."""
    changed = []
    for ag in autograders:
        if getattr(ag, "sha256", None) and ag.origin:
            try:
                now = sha256(Path(ag.origin).read_bytes())
            except OSError:
                now = None
            if now != ag.sha256:
                changed.append("/".join(Path(ag.origin).parts[-3:]))
    return changed
