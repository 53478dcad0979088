"""The zygote: a warm interpreter that imports what notebooks use, then forks one child per request.

Started by ``sandbox.Zygote`` with ``main(control_fd)``. It never imports test or reference code. It dies
with the grader (parent-death signal) and, as subreaper, inherits and kills whatever a child leaves behind.
Run as root, each child gets an unprivileged uid of this zygote's own (``UID_BASE + pid``), so one worker's
child cannot signal another's, and everything that uid runs is killed when the child is reaped.
"""

import json
import os
import shutil
import signal
import socket

from . import confine, preflight
from .child import main as child_main

UID_BASE = 1_900_000_000  # children run as UID_BASE + their zygote's pid (root only)
NOBODY = 65534


def _warm_up():
    """Import and exercise what notebooks use, so every fork starts warm."""
    import numpy as np  # noqa: F401

    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(3, 2))
        ax.plot([0, 1], [1, 0], "o--", label="a")
        ax.loglog([1, 10], [1, 10])
        ax.set_xlabel("$\\hat y_1$")
        ax.set_title("warm-up")
        ax.legend()
        fig.canvas.draw()
        plt.close("all")
    except Exception:  # noqa: BLE001 - warming up is optional
        pass
    try:  # parts 5 and 6 load their data sets from scikit-learn: import it once here, not in every child
        import sklearn.datasets  # noqa: F401
    except Exception:  # noqa: BLE001 - warming up is optional
        pass
    for name in ("math", "random", "itertools", "functools", "collections", "copy", "statistics", "typing",
                 "dataclasses", "warnings", "contextlib", "glob", "zipfile", "base64", "importlib.util",
                 "traceback", "ast", "timeit", "fractions", "decimal", "pickle", "inspect", "textwrap"):
        try:
            __import__(name)
        except Exception:  # noqa: BLE001 - warming up is optional
            pass


def main(control_fd, package_root="", without=()):
    """``without``: confinement layers to leave out ("userns", "landlock", "seccomp"), only so that tests
    can check what each mode guarantees on a host that has them all."""
    os.environ.setdefault("MPLBACKEND", "Agg")
    ctl = socket.socket(fileno=control_fd)
    confine.die_with_parent()   # die with the grader
    confine.become_subreaper()  # orphans of a child become ours to kill
    _warm_up()
    read_paths = confine.read_paths(exclude=[package_root] if package_root else [])
    found = preflight.probe(without)
    root, userns, abi, filter_ok = found.root, found.userns, found.landlock, found.seccomp
    uid = gid = None
    nproc = None
    if root:
        uid = gid = UID_BASE + os.getpid()
        if not confine.succeeds_in_child(lambda: (os.setresgid(uid, uid, uid), os.setresuid(uid, uid, uid))):
            uid = gid = NOBODY
        nproc = 32
    else:
        nproc = confine.count_processes(os.getuid()) + 64
    ctl.send(json.dumps({"pid": os.getpid(), "uid": uid, **found.to_dict(), "read_paths": read_paths}).encode())
    children = {}
    while True:
        try:
            data, fds, _flags, _addr = socket.recv_fds(ctl, 1 << 16, 4)
        except OSError:
            break
        if not data:
            break
        req = json.loads(data)
        op = req.get("op")
        if op == "spawn":
            child_fd = fds[0]
            pid = os.fork()
            if pid == 0:
                code = 70
                try:
                    ctl.close()
                    child_main(child_fd, req, uid, gid, nproc, read_paths, userns,
                               landlock=abi > 0, filter_syscalls=filter_ok)
                    code = 0
                except BaseException:  # noqa: BLE001 - the child must never return into the zygote loop
                    code = 71
                finally:
                    os._exit(code)
            os.close(child_fd)
            children[pid] = req
            ctl.send(json.dumps({"pid": pid}).encode())
        elif op == "reap":
            pid = req["pid"]
            own_uid = uid if root and uid != NOBODY else None  # never kill every "nobody" process of the machine
            ctl.send(json.dumps(_reap(pid, own_uid, children.pop(pid, req))).encode())
        elif op == "stats":
            import resource

            ctl.send(json.dumps({
                "zygote_maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                "children_maxrss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}).encode())
        else:
            ctl.send(json.dumps({"error": f"unknown op {op!r}"}).encode())
    for pid, req in list(children.items()):
        _reap(pid, uid if root and uid != NOBODY else None, req)


def _reap(pid, uid, req):
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    if uid is not None:
        confine.kill_user(uid)  # whatever it started, wherever it moved to
    else:
        try:
            os.killpg(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    try:
        _, status, usage = os.wait4(pid, 0)
    except ChildProcessError:
        status, usage = 0, None
    _kill_orphans()
    scratch = req.get("scratch")
    if scratch:
        shutil.rmtree(scratch, ignore_errors=True)
    if os.WIFSIGNALED(status):
        how = f"killed by signal {os.WTERMSIG(status)} ({signal.Signals(os.WTERMSIG(status)).name})"
    else:
        how = f"exit code {os.WEXITSTATUS(status)}"
    return {"status": how, "maxrss_kb": usage.ru_maxrss if usage else 0}


def _direct_children():
    me = os.getpid()
    try:
        with open(f"/proc/{me}/task/{me}/children") as f:
            return [int(p) for p in f.read().split()]
    except OSError:
        found = []
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat") as f:
                        if int(f.read().rsplit(")", 1)[1].split()[1]) == me:
                            found.append(int(entry))
                except (OSError, ValueError, IndexError):
                    pass
        return found


def _kill_orphans():
    """Kill and reap whatever the child left behind (as subreaper, its orphans are our children)."""
    for _ in range(100):
        left = _direct_children()
        if not left:
            return
        for pid in left:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        for pid in left:
            try:
                os.waitpid(pid, 0)
            except ChildProcessError:
                pass
