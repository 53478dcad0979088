"""Issue 10: the autograder zips are checked against the hashes the build recorded (autograder/SHA256SUMS) and,
in a git checkout, against git's copy, before the grader loads them. Real copies of autograder/, the real
``discover``; each rule with a case it refuses and a case it accepts."""

import io
import shutil
import subprocess
import zipfile

import pytest

from coursekit.config import AUTOGRADER
from coursekit.grader import integrity
from coursekit.grader.autograders import discover
from coursekit.grader.integrity import SUMS, IntegrityError

A = "01_loss_gradient"
ZIP = f"{A}/{A}-autograder.zip"
PASSING_TEST = (b"from otter.test_files import test_case\nname = 'mse_gradient'\n"
                b"@test_case(points=7)\ndef test_x():\n    pass\n")


def copy_autograders(parent):
    return shutil.copytree(AUTOGRADER, parent / "autograder", ignore=shutil.ignore_patterns("__pycache__"))


def replace_member(zip_path, name, data):
    """Rewrite the zip with one member's bytes replaced (a valid zip: only its hash tells)."""
    with zipfile.ZipFile(io.BytesIO(zip_path.read_bytes())) as src:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
            for info in src.infolist():
                out.writestr(info, data if info.filename == name else src.read(info))
    zip_path.write_bytes(buffer.getvalue())


def refusal(root):
    with pytest.raises(IntegrityError) as caught:
        discover(root)
    return str(caught.value)


def test_an_untouched_copy_is_accepted(tmp_path):
    root = copy_autograders(tmp_path)
    found = discover(root)
    assert sorted(found) == sorted(p.parent.name for p in AUTOGRADER.glob("*/*-autograder.zip"))
    recorded = integrity.parse_sums((root / SUMS).read_text(), SUMS)
    assert {ag.sha256 for ag in found.values()} == set(recorded.values())


def test_a_flipped_byte_is_refused_with_one_line_naming_the_file(tmp_path):
    root = copy_autograders(tmp_path)
    data = bytearray((root / ZIP).read_bytes())
    data[len(data) // 2] ^= 0x01
    (root / ZIP).write_bytes(bytes(data))
    assert refusal(root) == (f"autograder/{ZIP} does not match autograder/SHA256SUMS: rebuild with make build "
                             "or restore it from git")


def test_a_replaced_test_file_is_refused(tmp_path):
    root = copy_autograders(tmp_path)
    replace_member(root / ZIP, "tests/mse_gradient.py", PASSING_TEST)
    assert refusal(root).startswith(f"autograder/{ZIP} does not match autograder/SHA256SUMS")


def test_a_zip_the_record_lacks_or_a_recorded_zip_that_is_gone_is_refused(tmp_path):
    root = copy_autograders(tmp_path)
    extra = root / "07_extra" / "07_extra-autograder.zip"
    extra.parent.mkdir()
    shutil.copyfile(root / ZIP, extra)
    assert refusal(root).startswith("autograder/07_extra/07_extra-autograder.zip is not listed in autograder/SHA256SUMS")
    shutil.rmtree(extra.parent)
    assert discover(root)  # accepted again
    (root / ZIP).unlink()
    assert refusal(root).startswith(f"autograder/SHA256SUMS lists autograder/{ZIP}, which is missing")


def test_a_malformed_record_is_refused(tmp_path):
    root = copy_autograders(tmp_path)
    (root / SUMS).write_text((root / SUMS).read_text().replace("  ", " ", 1))
    assert refusal(root).startswith("autograder/SHA256SUMS is malformed (line 1)")


def test_a_folder_nobody_recorded_loads_outside_git(tmp_path):
    """No SHA256SUMS and no git: nothing to check against (the run is still watched, see tests/attacks)."""
    root = copy_autograders(tmp_path)
    (root / SUMS).unlink()
    assert A in discover(root)


def test_the_committed_record_is_what_the_build_writes_for_the_committed_zips():
    assert (AUTOGRADER / SUMS).read_text() == integrity.sums_text(AUTOGRADER)
    if shutil.which("sha256sum"):  # the standard tool reads the same file
        subprocess.run(["sha256sum", "--check", "--quiet", SUMS], cwd=AUTOGRADER, check=True)


def test_the_bytes_checked_are_the_bytes_loaded(tmp_path):
    """One read: a write to the zip after ``discover`` changes nothing in memory, and is seen as a change."""
    root = copy_autograders(tmp_path)
    original = (root / ZIP).read_bytes()
    found = discover(root)
    (root / ZIP).write_bytes(b"def test_everything(): pass  # pwned")
    ag = found[A]
    assert ag.sha256 == integrity.sha256(original)
    assert [q.name for q in ag.questions] == ["mse_gradient", "mse_loss"]
    assert integrity.changed_on_disk(found.values()) == [f"autograder/{ZIP}"]
    (root / ZIP).write_bytes(original)
    assert integrity.changed_on_disk(found.values()) == []


# --- in a git checkout: git's copy protects SHA256SUMS too ----------------------------------------------
def git(cwd, *args):
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "init.defaultBranch=main",
                    *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture()
def checkout(tmp_path):
    if not shutil.which("git"):
        pytest.skip("git is not installed")
    course = tmp_path / "course"
    course.mkdir()
    root = copy_autograders(course)
    (course / "source").mkdir()
    (course / "source" / "01_loss_gradient.ipynb").write_text("{}\n")
    git(course, "init", "-q")
    git(course, "add", ".")
    git(course, "commit", "-q", "-m", "course")
    return course, root


def test_in_git_a_zip_rewritten_with_its_record_is_refused_unless_its_sources_changed(checkout):
    course, root = checkout
    assert A in discover(root)  # the committed state
    replace_member(root / ZIP, "tests/mse_gradient.py", PASSING_TEST)
    integrity.write_sums(root)  # the record rewritten to match, as a submission could
    message = refusal(root)
    assert message.startswith(f"autograder/{ZIP} differs from git's copy though nothing it is built from does"), message
    # an instructor's build in progress: a source differs from git too, so the new zip is the build's
    (course / "source" / "01_loss_gradient.ipynb").write_text('{"cells": []}\n')
    assert A in discover(root)
    # the sources committed, the build staged (git add): git's copy is the new zip
    git(course, "add", "source", "autograder")
    git(course, "commit", "-q", "-m", "sources")
    assert A in discover(root)


def test_in_git_a_deleted_record_is_refused(checkout):
    _, root = checkout
    (root / SUMS).unlink()
    assert refusal(root) == ("autograder/SHA256SUMS is missing (git has it): restore it from git or rebuild with "
                             "make build")


def test_the_blob_id_is_the_one_git_computes(checkout):
    _, root = checkout
    made = subprocess.run(["git", "hash-object", ZIP], cwd=root, check=True, capture_output=True, text=True)
    assert integrity.git_blob_id((root / ZIP).read_bytes()) == made.stdout.strip()
