"""A seccomp filter for the student's process: system calls that reach outside it fail with EPERM.

Landlock confines files, the network and (ABI >= 6) signals, and namespaces hide the rest, but some
calls act on other processes or on memory no rlimit counts, and nothing else stops them for a process
that keeps the grader's uid (an instructor's laptop without root):

    prlimit64, setpriority, ioprio_set,          another process's limits and priorities (a notebook set
    sched_set{affinity,scheduler,param,attr}     the CPU limit of the grader's workers to 1 s); allowed
                                                 on the process itself (pid/who 0), as numpy may need
    ptrace, process_vm_{readv,writev}, kcmp,     another process's memory and files
    pidfd_getfd, move_pages, migrate_pages
    memfd_create, memfd_secret,                  memory outside RLIMIT_AS (3.2 GiB held through memfds
    shmget, msgget, semget                       under a 128 MB limit; SysV objects outlive the process)
    perf_event_open, bpf, userfaultfd, keyctl,   kernel interfaces no notebook needs
    add_key, request_key, io_uring_setup

A deny list, not an allow list: the student's code is ordinary Python and NumPy, whose system calls
change between versions; every call above is one a homework never makes. Calls of another ABI
(i386 or x32 on x86_64) are refused outright, as they would bypass the numbers below.
The filter is inherited by every process the student starts and cannot be removed.
"""

import ctypes
import errno
import platform
import struct

_libc = ctypes.CDLL(None, use_errno=True)

PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 38, 22, 2
RET_ALLOW, RET_ERRNO = 0x7FFF0000, 0x00050000
# struct seccomp_data: int nr; u32 arch; u64 instruction_pointer; u64 args[6]
OFF_NR, OFF_ARCH, OFF_ARG0, OFF_ARG1 = 0, 4, 16, 24
X32_BIT = 0x40000000

# (audit arch, {name: number}) from asm/unistd_64.h (x86_64) and asm-generic/unistd.h (aarch64)
ARCHES = {
    "x86_64": (0xC000003E, {
        "prlimit64": 302, "setpriority": 141, "ioprio_set": 251, "sched_setaffinity": 203,
        "sched_setscheduler": 144, "sched_setparam": 142, "sched_setattr": 314,
        "ptrace": 101, "process_vm_readv": 310, "process_vm_writev": 311, "kcmp": 312, "pidfd_getfd": 438,
        "move_pages": 279, "migrate_pages": 256, "memfd_create": 319, "memfd_secret": 447, "shmget": 29,
        "msgget": 68, "semget": 64, "perf_event_open": 298, "bpf": 321, "userfaultfd": 323, "keyctl": 250,
        "add_key": 248, "request_key": 249, "io_uring_setup": 425}),
    "aarch64": (0xC00000B7, {
        "prlimit64": 261, "setpriority": 140, "ioprio_set": 30, "sched_setaffinity": 122,
        "sched_setscheduler": 119, "sched_setparam": 118, "sched_setattr": 274,
        "ptrace": 117, "process_vm_readv": 270, "process_vm_writev": 271, "kcmp": 272, "pidfd_getfd": 438,
        "move_pages": 239, "migrate_pages": 238, "memfd_create": 279, "memfd_secret": 447, "shmget": 194,
        "msgget": 186, "semget": 190, "perf_event_open": 241, "bpf": 280, "userfaultfd": 282, "keyctl": 219,
        "add_key": 217, "request_key": 218, "io_uring_setup": 425}),
}
# Allowed when aimed at the calling process itself: every argument listed is 0 (pid 0 is "this
# process"; setpriority(which, who, prio) needs which == PRIO_PROCESS (0) and who == 0, since
# PRIO_USER with who 0 means every process of the caller's uid).
SELF_ALLOWED = {"prlimit64": (OFF_ARG0,), "sched_setaffinity": (OFF_ARG0,), "sched_setscheduler": (OFF_ARG0,),
                "sched_setparam": (OFF_ARG0,), "sched_setattr": (OFF_ARG0,), "setpriority": (OFF_ARG0, OFF_ARG1)}

# classic BPF opcodes
LD_W_ABS, JEQ_K, JGE_K, JGT_K, RET_K = 0x20, 0x15, 0x35, 0x25, 0x06


def _insn(code, jt, jf, k):
    return struct.pack("=HBBI", code, jt, jf, k & 0xFFFFFFFF)


def program(arch=None):
    """The filter for ``arch`` (default: this machine) as a list of 8-byte BPF instructions, or None if
    this architecture's numbers are not known here."""
    arch = arch or platform.machine()
    if arch not in ARCHES:
        return None
    audit_arch, numbers = ARCHES[arch]
    deny = _insn(RET_K, 0, 0, RET_ERRNO | errno.EPERM)
    allow = _insn(RET_K, 0, 0, RET_ALLOW)
    body = []
    for name, nr in sorted(numbers.items(), key=lambda item: item[1]):
        if name in SELF_ALLOWED:
            # nr matches: each listed argument must be 0 (else deny), then allow; no match: skip the block
            # (the accumulator still holds nr for the next comparison)
            block = []
            for offset in SELF_ALLOWED[name]:
                block += [_insn(LD_W_ABS, 0, 0, offset), _insn(JEQ_K, 1, 0, 0), deny]
            block.append(allow)
            body += [_insn(JEQ_K, 0, len(block), nr)] + block
        else:
            body += [_insn(JEQ_K, 0, 1, nr), deny]
    head = [_insn(LD_W_ABS, 0, 0, OFF_ARCH), _insn(JEQ_K, 1, 0, audit_arch), deny,
            _insn(LD_W_ABS, 0, 0, OFF_NR)]
    if arch == "x86_64":
        head += [_insn(JGE_K, 0, 1, X32_BIT), deny]
    return head + body + [allow]


def apply(arch=None):
    """Install the filter on this process (and its future children). Raises OSError if it cannot."""
    insns = program(arch)
    if insns is None:
        raise OSError(errno.ENOSYS, f"no seccomp filter for {platform.machine()}")
    install(insns)
    return len(insns)


def install(insns):
    """Install a filter (a list of ``_insn`` instructions) after setting no-new-privileges."""
    code = b"".join(insns)
    buf = ctypes.create_string_buffer(code, len(code))
    fprog = struct.pack("@HP", len(insns), ctypes.addressof(buf))  # struct sock_fprog {u16 len; filter*}
    fprog_buf = ctypes.create_string_buffer(fprog, len(fprog))
    if _libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(NO_NEW_PRIVS)")
    if _libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.c_void_p(ctypes.addressof(fprog_buf)), 0, 0) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"seccomp: {errno.errorcode.get(err, err)}")
