"""preflight: which hosts are refused, and a misspelt layer is an error (not a test confined by everything)."""

import pytest

from coursekit.grader.preflight import Confinement, probe, refusal


def test_a_misspelt_layer_raises_and_known_ones_are_taken():
    with pytest.raises(ValueError, match="usrens"):
        probe(("usrens",))
    found = probe(("landlock", "seccomp"))
    assert found.landlock == 0 and not found.seccomp


@pytest.mark.parametrize("found, refused", [
    (Confinement(root=True, userns=False, landlock=0, seccomp=False), False),
    (Confinement(root=False, userns=True, landlock=0, seccomp=True), False),
    (Confinement(root=False, userns=False, landlock=7, seccomp=True), False),
    (Confinement(root=False, userns=False, landlock=5, seccomp=True), True),   # signals to the grader
    (Confinement(root=False, userns=False, landlock=7, seccomp=False), True),  # prlimit on the grader
    (Confinement(root=False, userns=False, landlock=0, seccomp=True), True),   # the autograders' files
])
def test_refusal(found, refused):
    line = refusal(found)
    assert (line is not None) == refused
    if refused:
        assert "\n" not in line and "--allow-unconfined" in line
