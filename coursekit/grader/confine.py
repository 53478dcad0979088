"""Operating-system limits for the student's process (Linux).

Applied in the freshly forked child, in this order, by ``child.main``:

0. ``user_namespace``     (not root, where the kernel allows unprivileged user namespaces) new user,
   mount, network, IPC and PID namespaces; the child then forks once, so the student's code runs as
   pid 1 of a PID namespace of its own and cannot name any process outside it.
1. ``private_namespace``  (root, or inside ``user_namespace``) a mount namespace of its own: the grader's
   folders (autograders, sources, solutions) covered by empty read-only tmpfs, a size- and inode-capped
   tmpfs as scratch folder, and (root) any folder that hides the Python installation from an
   unprivileged user (``/root`` when Python lives under ``/root/.pyenv``) replaced by a tmpfs that
   holds only the installation; no network; a private IPC namespace.
2. ``set_limits``         address space, CPU seconds, processes, file size, open files, no core dumps.
3. ``drop_privileges``    (root) an unprivileged uid/gid of the worker's own, no groups;
   ``drop_capabilities`` (user namespace) no capability left in it, so the mounts cannot be undone.
4. ``landlock``           (any user, Linux >= 5.13) a whitelist: read Python's import path and the folders
   of the shared libraries it loaded (``read_paths``), read and write the scratch folder, nothing
   else; no TCP; (ABI >= 6) no signals to processes outside the sandbox.
5. ``seccomp.apply``      (any user) calls that act on other processes or hold memory no rlimit counts fail.

Each step reports what it could apply, so the grader can say which protections held.
"""

import ctypes
import errno
import os
import resource
import signal
import stat
import struct
import sys

_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long
_libc.mount.argtypes = [ctypes.c_char_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_char_p]

SCRATCH_INODES = 4096  # files and folders in the scratch tmpfs (each costs kernel memory outside any rlimit)
CLONE_NEWNS, CLONE_NEWNET, CLONE_NEWIPC, CLONE_NEWUSER, CLONE_NEWPID = (
    0x00020000, 0x40000000, 0x08000000, 0x10000000, 0x20000000)
INSIDE_UID = 65534  # who the child is inside its own user namespace (not 0: an exec must not regain capabilities)
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_REMOUNT, MS_BIND, MS_MOVE, MS_REC, MS_PRIVATE = (
    1, 2, 4, 32, 4096, 8192, 16384, 1 << 18)

# Landlock (include/uapi/linux/landlock.h); the syscall numbers are the same on every architecture.
SYS_CREATE_RULESET, SYS_ADD_RULE, SYS_RESTRICT_SELF = 444, 445, 446
LANDLOCK_CREATE_RULESET_VERSION = 1
LANDLOCK_RULE_PATH_BENEATH = 1
FS_EXECUTE, FS_WRITE_FILE, FS_READ_FILE, FS_READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
FS_ALL_V1 = (1 << 13) - 1
FS_REFER, FS_TRUNCATE, FS_IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15
NET_BIND_TCP, NET_CONNECT_TCP = 1 << 0, 1 << 1
SCOPE_ABSTRACT_UNIX_SOCKET, SCOPE_SIGNAL = 1 << 0, 1 << 1
FILE_RIGHTS = FS_EXECUTE | FS_WRITE_FILE | FS_READ_FILE | FS_TRUNCATE | FS_IOCTL_DEV
PR_SET_PDEATHSIG, PR_SET_CHILD_SUBREAPER, PR_SET_NO_NEW_PRIVS = 1, 36, 38  # include/uapi/linux/prctl.h

# Files any process needs that lie outside the folders ``read_paths`` finds (not whole folders: the course
# itself may be installed under /usr/local or /opt, so no broad system folder is readable).
SYSTEM_READ_FILES = ("/etc/ld.so.cache", "/etc/localtime", "/dev/urandom", "/dev/zero")


def _check(ret, what):
    if ret < 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")
    return ret


def read_paths(exclude=()):
    """The folders the student's process may read: Python's import path (standard library, compiled
    modules, site-packages) and the folders of every shared library this process has mapped (so that a
    library NumPy or a module loads later, from the same folders, still loads). Call it after the
    warm-up imports. ``exclude``: folders never to include as such (the grader's own package root, on
    sys.path to boot the zygote); folders inside them stay (a .venv inside the course folder)."""
    found = {p for p in sys.path if p}
    try:
        with open("/proc/self/maps") as f:
            for line in f:
                fields = line.split(maxsplit=5)
                if len(fields) == 6 and fields[5].startswith("/"):
                    path = fields[5].rstrip("\n")
                    if not path.endswith(" (deleted)") and os.path.realpath(path) != os.path.realpath(sys.executable):
                        found.add(os.path.dirname(path))
    except OSError:
        pass
    excluded = {os.path.realpath(e) for e in exclude}
    paths = []
    for p in found:
        real = os.path.realpath(p)
        if os.path.isdir(real) and real not in excluded:
            paths.append(real)
    return _minimal(paths)


def _minimal(paths):
    """Drop paths that lie inside another path of the list."""
    out = []
    for p in sorted(set(paths)):
        if not any(p == q or p.startswith(q.rstrip("/") + "/") for q in out):
            out.append(p)
    return out


# --- 1. namespaces ----------------------------------------------------------------------------
def _mount(source, target, fstype, flags, data=None):
    _check(_libc.mount(source and source.encode(), target.encode(), fstype and fstype.encode(), flags,
                       data and data.encode()), f"mount {target}")


def blocking_ancestor(path):
    """The outermost folder above ``path`` that other users cannot enter (e.g. /root, mode 0700), or None."""
    current = "/"
    for part in os.path.realpath(path).strip("/").split("/")[:-1]:
        current = os.path.join(current, part)
        st = os.stat(current)
        if stat.S_ISDIR(st.st_mode) and not st.st_mode & stat.S_IXOTH:
            return current
    return None


def user_namespace():
    """(Any user, where the kernel allows unprivileged user namespaces.) Enter new user, mount, network,
    IPC and PID namespaces, as uid/gid ``INSIDE_UID`` inside, holding every capability of the new user
    namespace until ``drop_capabilities``: enough to mount tmpfs and bind mounts in the mount namespace.
    Outside, the kernel still sees the grader's uid, so what separates the child from the grader is the
    namespaces: it cannot name the grader's processes (PID), see its files (mount), reach the network,
    or share IPC objects with it. The next process this one forks is pid 1 of the new PID namespace.

    Returns a list of what was applied.
    """
    uid, gid = os.getuid(), os.getgid()
    _check(_libc.unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWPID), "unshare")
    for name, text in (("setgroups", "deny"), ("uid_map", f"{INSIDE_UID} {uid} 1"),
                       ("gid_map", f"{INSIDE_UID} {gid} 1")):
        with open(f"/proc/self/{name}", "w") as f:
            f.write(text)
    return [f"user namespace (uid {INSIDE_UID} inside)", "private PID namespace", "no network",
            "private IPC namespace"]


def drop_capabilities():
    """Clear every capability (effective, permitted, inheritable) this process holds in its user
    namespace, so the student's code cannot undo the mounts that hide the grader's folders."""
    header = struct.pack("=Ii", 0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3, this process
    data = bytes(24)                             # two empty __user_cap_data_struct
    _check(_libc.capset(ctypes.c_char_p(header), ctypes.c_char_p(data)), "capset")


def private_namespace(scratch, expose, scratch_mb, hide=(), own_namespaces=True):
    """Enter new mount, network and IPC namespaces (SysV shared memory dies with
    the child) unless ``own_namespaces`` is False (``user_namespace`` made them already);
    mount a tmpfs on ``scratch``; make ``expose`` reachable;
    cover each folder in ``hide`` (e.g. the autograders) with an empty read-only tmpfs.

    Returns a list of what was applied. Must run as root, or inside ``user_namespace``.
    """
    applied = []
    if own_namespaces:
        _check(_libc.unshare(CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWIPC), "unshare")
        applied.append("no network")
        applied.append("private IPC namespace")
    _mount(None, "/", None, MS_REC | MS_PRIVATE)
    hidden = 0
    for folder in _minimal(os.path.realpath(h) for h in hide if os.path.isdir(h)):
        inside = folder.rstrip("/") + "/"
        if any(p == folder or p.startswith(inside) for p in list(expose) + [scratch]):
            continue  # never hide what the child needs
        _mount("tmpfs", folder, "tmpfs", MS_NOSUID | MS_NODEV | MS_RDONLY, "mode=0555,size=4k")
        hidden += 1
    if hidden:
        applied.append(f"{hidden} grader folder(s) hidden")
    if expose_blocked(expose, scratch):
        applied.append("private home folders hidden")
    _mount("tmpfs", scratch, "tmpfs", MS_NOSUID | MS_NODEV, f"mode=0700,size={int(scratch_mb)}m,nr_inodes={SCRATCH_INODES}")
    applied.append(f"scratch tmpfs {scratch_mb} MiB")
    return applied


def expose_blocked(expose, workdir):
    """Folders others cannot enter (``blocking_ancestor``) that hold something in ``expose``: cover each
    with a tmpfs holding only read-only bind mounts of what is needed (staged in ``workdir``, which
    must be outside them). In a mount namespace of our own; returns the folders covered."""
    blocked = {}
    for path in _minimal(expose):
        top = blocking_ancestor(path)
        if top is not None:
            blocked.setdefault(top, []).append(path)
    holds = []
    for top, paths in blocked.items():
        for path in paths:
            hold = os.path.join(workdir, f".hold{len(holds)}")
            os.mkdir(hold, 0o700)
            _mount(path, hold, None, MS_BIND | MS_REC)
            holds.append((hold, path))
        _mount("tmpfs", top, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=64k")
    for hold, path in holds:
        os.makedirs(path, mode=0o755, exist_ok=True)
        _mount(hold, path, None, MS_MOVE)
        _mount(None, path, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID)
    return sorted(blocked)


# --- 2. resource limits -------------------------------------------------------------------------
def mapped_bytes():
    """This process's current virtual size (VmSize), 0 if unknown."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def succeeds_in_child(action):
    """Whether ``action()`` runs without an exception in a throwaway child (for probing what this kernel
    and these privileges allow, without changing this process)."""
    pid = os.fork()
    if pid == 0:
        try:
            action()
            os._exit(0)
        except BaseException:  # noqa: BLE001 - the probe child must exit here, whatever happened
            os._exit(1)
    return os.waitpid(pid, 0)[1] == 0


def die_with_parent(sig=signal.SIGKILL):
    """PR_SET_PDEATHSIG: the kernel sends ``sig`` to this process when its parent ends (a uid change
    resets it, so call it again after ``drop_privileges``)."""
    _check(_libc.prctl(PR_SET_PDEATHSIG, int(sig), 0, 0, 0), "prctl(PDEATHSIG)")


def become_subreaper():
    """PR_SET_CHILD_SUBREAPER: orphans of our descendants are re-parented to us (so we can kill them)."""
    _check(_libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0), "prctl(CHILD_SUBREAPER)")


def _limit(which, soft, hard=None):
    hard = soft if hard is None else hard
    cur_soft, cur_hard = resource.getrlimit(which)
    if cur_hard != resource.RLIM_INFINITY:
        hard = min(hard, cur_hard)
        soft = min(soft, hard)
    resource.setrlimit(which, (soft, hard))


def set_limits(memory_bytes, cpu_seconds, nproc=None, file_bytes=16 << 20, open_files=256):
    """Resource limits; ``memory_bytes`` is added on top of what the process maps already."""
    _limit(resource.RLIMIT_AS, mapped_bytes() + int(memory_bytes))
    _limit(resource.RLIMIT_CPU, int(cpu_seconds), int(cpu_seconds) + 2)
    _limit(resource.RLIMIT_FSIZE, int(file_bytes))
    _limit(resource.RLIMIT_NOFILE, open_files)
    _limit(resource.RLIMIT_CORE, 0)
    if nproc is not None:
        _limit(resource.RLIMIT_NPROC, nproc)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the cap fails (EFBIG) instead of killing


def count_processes(uid):
    """How many processes the user runs now (for an RLIMIT_NPROC relative to it)."""
    n = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.stat(f"/proc/{entry}").st_uid == uid:
                    n += 1
            except OSError:
                pass
    return n


# --- 3. privileges ------------------------------------------------------------------------------
def drop_privileges(uid, gid):
    os.setgroups([])
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)
    if os.getuid() != uid or os.geteuid() != uid:
        raise OSError("could not drop privileges")


def kill_user(uid):
    """SIGKILL every process of ``uid`` (as root): a throwaway child takes the uid and signals -1."""
    pid = os.fork()
    if pid == 0:
        try:
            os.setresuid(uid, uid, uid)
            os.kill(-1, signal.SIGKILL)
        finally:
            os._exit(0)
    os.waitpid(pid, 0)


# --- 4. landlock ---------------------------------------------------------------------------------
def landlock_abi():
    try:
        return max(0, _libc.syscall(SYS_CREATE_RULESET, None, ctypes.c_size_t(0),
                                    ctypes.c_uint32(LANDLOCK_CREATE_RULESET_VERSION)))
    except Exception:  # noqa: BLE001 - no Landlock syscall: ABI 0
        return 0


def landlock(read_paths, write_paths, rw_files=("/dev/null",)):
    """Restrict this process (and its future children) to the listed paths. Returns the ABI used."""
    abi = landlock_abi()
    if abi < 1:
        raise OSError(errno.ENOSYS, "Landlock is not available")
    handled_fs = FS_ALL_V1 | (FS_REFER if abi >= 2 else 0) | (FS_TRUNCATE if abi >= 3 else 0) | (
        FS_IOCTL_DEV if abi >= 5 else 0)
    handled_net = NET_BIND_TCP | NET_CONNECT_TCP if abi >= 4 else 0
    scoped = SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL if abi >= 6 else 0
    attr = struct.pack("=QQQ", handled_fs, handled_net, scoped)
    size = 24 if abi >= 6 else 16 if abi >= 4 else 8
    buf = ctypes.create_string_buffer(attr[:size], size)
    ruleset = _check(_libc.syscall(SYS_CREATE_RULESET, buf, ctypes.c_size_t(size), ctypes.c_uint32(0)),
                     "landlock_create_ruleset")
    try:
        read_dir = FS_EXECUTE | FS_READ_FILE | FS_READ_DIR
        rules = [(p, read_dir) for p in read_paths] + [(p, handled_fs) for p in write_paths] + [
            (p, FS_READ_FILE | FS_WRITE_FILE) for p in rw_files]
        for path, rights in rules:
            try:
                fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            except OSError:
                continue  # a path this system lacks
            try:
                if not stat.S_ISDIR(os.fstat(fd).st_mode):
                    rights &= FILE_RIGHTS
                rule = ctypes.create_string_buffer(struct.pack("=Qi", rights & handled_fs, fd), 12)
                _check(_libc.syscall(SYS_ADD_RULE, ctypes.c_int(ruleset), ctypes.c_int(LANDLOCK_RULE_PATH_BENEATH),
                                     rule, ctypes.c_uint32(0)), f"landlock_add_rule {path}")
            finally:
                os.close(fd)
        _check(_libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl(NO_NEW_PRIVS)")
        _check(_libc.syscall(SYS_RESTRICT_SELF, ctypes.c_int(ruleset), ctypes.c_uint32(0)), "landlock_restrict_self")
    finally:
        os.close(ruleset)
    return abi
