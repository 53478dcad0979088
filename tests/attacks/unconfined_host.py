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
import struct
import sys

CLONE_NEWUSER = 0x10000000
PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 38, 22, 2
LANDLOCK_SYSCALLS = (444, 446)  # landlock_create_ruleset .. landlock_restrict_self (x86_64 and aarch64 alike)
AUDIT_ARCH = (0xC000003E, 0xC00000B7)  # x86_64, aarch64
ENOSYS = 38
RET_ALLOW, RET_ERRNO = 0x7FFF0000, 0x00050000
LD_ABS_W, JEQ, JGE, JGT, RET = 0x20, 0x15, 0x35, 0x25, 0x06


def _insn(code, jt, jf, k):
    return struct.pack("=HBBI", code, jt, jf, k)


def block_landlock(libc):
    """A seccomp filter: the Landlock system calls fail with ENOSYS, every other call is allowed."""
    program = b"".join([
        _insn(LD_ABS_W, 0, 0, 4),                      # 0: the architecture
        _insn(JEQ, 1, 0, AUDIT_ARCH[0]),               # 1: x86_64 -> 3
        _insn(JEQ, 0, 4, AUDIT_ARCH[1]),               # 2: aarch64 -> 3, else allow
        _insn(LD_ABS_W, 0, 0, 0),                      # 3: the system call's number
        _insn(JGE, 0, 2, LANDLOCK_SYSCALLS[0]),        # 4: below 444 -> allow
        _insn(JGT, 1, 0, LANDLOCK_SYSCALLS[1]),        # 5: above 446 -> allow
        _insn(RET, 0, 0, RET_ERRNO | ENOSYS),          # 6: a Landlock call: ENOSYS
        _insn(RET, 0, 0, RET_ALLOW),                   # 7
    ])
    buffer = ctypes.create_string_buffer(program, len(program))
    fprog = struct.pack("=HxxxxxxQ", len(program) // 8, ctypes.addressof(buffer))
    fprog_buffer = ctypes.create_string_buffer(fprog, len(fprog))
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS)")
    if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, fprog_buffer, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_SECCOMP)")


def main(argv):
    if not argv:
        raise SystemExit(__doc__)
    libc = ctypes.CDLL(None, use_errno=True)
    if os.geteuid() == 0 and libc.unshare(CLONE_NEWUSER) != 0:
        raise OSError(ctypes.get_errno(), "unshare(CLONE_NEWUSER)")
    block_landlock(libc)
    os.execvp(argv[0], argv)


if __name__ == "__main__":
    main(sys.argv[1:])
