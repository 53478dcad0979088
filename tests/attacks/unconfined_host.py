"""Run a command as it would run on a host where the grader cannot confine the student's process: not root
and no Landlock (an instructor's laptop on an older kernel; issue 10).

    python tests/attacks/unconfined_host.py COMMAND [ARGS...]

Nothing in the grader is switched off: the command runs for real, in a user namespace of its own (so
``os.geteuid()`` is not 0 and the zygote takes its non-root path; files keep their real owner, so the
process may still write what the user running this script owns, as a student's code running as the
instructor may), under a seccomp filter that answers the three Landlock system calls with ENOSYS (what an
older kernel answers). Both are inherited by everything the command starts. Used only by the tests.
"""

import ctypes
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from coursekit.grader.seccomp import (  # noqa: E402
    JEQ_K,
    JGE_K,
    JGT_K,
    LD_W_ABS,
    OFF_ARCH,
    OFF_NR,
    RET_ALLOW,
    RET_ERRNO,
    RET_K,
    _insn,
    install,
)

CLONE_NEWUSER = 0x10000000
LANDLOCK_SYSCALLS = (444, 446)  # landlock_create_ruleset .. landlock_restrict_self (x86_64 and aarch64 alike)
AUDIT_ARCH = (0xC000003E, 0xC00000B7)  # x86_64, aarch64
ENOSYS = 38


def block_landlock():
    """A seccomp filter: the Landlock system calls fail with ENOSYS, every other call is allowed."""
    install([
        _insn(LD_W_ABS, 0, 0, OFF_ARCH),               # 0: the architecture
        _insn(JEQ_K, 1, 0, AUDIT_ARCH[0]),             # 1: x86_64 -> 3
        _insn(JEQ_K, 0, 4, AUDIT_ARCH[1]),             # 2: aarch64 -> 3, else allow
        _insn(LD_W_ABS, 0, 0, OFF_NR),                 # 3: the system call's number
        _insn(JGE_K, 0, 2, LANDLOCK_SYSCALLS[0]),      # 4: below 444 -> allow
        _insn(JGT_K, 1, 0, LANDLOCK_SYSCALLS[1]),      # 5: above 446 -> allow
        _insn(RET_K, 0, 0, RET_ERRNO | ENOSYS),        # 6: a Landlock call: ENOSYS
        _insn(RET_K, 0, 0, RET_ALLOW),                 # 7
    ])


def main(argv):
    if not argv:
        raise SystemExit(__doc__)
    libc = ctypes.CDLL(None, use_errno=True)
    if os.geteuid() == 0 and libc.unshare(CLONE_NEWUSER) != 0:
        raise OSError(ctypes.get_errno(), "unshare(CLONE_NEWUSER)")
    block_landlock()
    os.execvp(argv[0], argv)


if __name__ == "__main__":
    main(sys.argv[1:])
