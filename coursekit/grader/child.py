"""The student's process: confines itself, runs the notebook's cells, then answers the grader's requests.

Forked by the zygote (``main``). In order: its own session, scratch folder and namespaces (root, or a user
namespace of its own where the kernel allows one; then a fork, so the student's code is pid 1 of its own
PID namespace), output to a capped file, resource limits, an unprivileged uid (root) or no capabilities
(user namespace), a parent-death signal, Landlock where the kernel has it, the seccomp filter, a clean
environment. Then ``StudentProcess.serve`` speaks ``protocol.CHILD_EVENTS`` /
``protocol.GRADER_REQUESTS`` over its socket: everything crosses through ``codec`` (JSON plus raw arrays,
never pickle). The student's printed output goes to a capped in-memory buffer (Python level) and the capped
file (fd level).
"""

import builtins
import errno
import io
import os
import resource
import signal
import socket
import sys
import tempfile
import time
import types

from . import codec, confine, seccomp
from .cells import clean_source, definitions_only

OUTPUT_FILE = ".output"


def main(sock_fd, req, uid, gid, nproc, read_paths, userns, landlock=True, filter_syscalls=True):
    """``uid``/``gid``: the unprivileged ids to take (root), else None; ``read_paths``: the folders the
    child may read (``confine.read_paths``, found by the zygote); ``userns``: whether to enter a user
    namespace of its own (not root, and the kernel allows it); ``landlock``, ``filter_syscalls``: False
    only when a test leaves that layer out (``zygote.main``'s ``without``)."""
    os.closerange(3, sock_fd)
    os.closerange(sock_fd + 1, 1 << 16)
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGCHLD, signal.SIGPIPE):
        signal.signal(sig, signal.SIG_DFL if sig != signal.SIGPIPE else signal.SIG_IGN)
    os.setsid()
    scratch = req["scratch"]
    applied, missing = [], []
    os.mkdir(scratch, 0o700)
    in_userns = False
    if uid is not None:
        try:
            applied += confine.private_namespace(scratch, read_paths, req["scratch_mb"], req["hide"])
        except OSError as exc:
            missing.append(f"namespaces ({exc.strerror or exc})")
        os.chown(scratch, uid, gid)
    elif userns:
        try:
            applied += confine.user_namespace()
            in_userns = True
            applied += confine.private_namespace(scratch, read_paths, req["scratch_mb"], req["hide"],
                                                 own_namespaces=False)
        except OSError as exc:
            missing.append(f"namespaces ({exc.strerror or exc})")
        if in_userns:
            _become_pid_one(sock_fd)
    else:
        missing.append("namespaces (not root, and no unprivileged user namespaces)")
    os.chdir(scratch)
    devnull = os.open("/dev/null", os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    out = os.open(OUTPUT_FILE, os.O_WRONLY | os.O_CREAT | os.O_APPEND | os.O_NOFOLLOW, 0o600)
    if uid is not None:
        os.fchown(out, uid, gid)
    os.dup2(out, 1)
    os.dup2(out, 2)
    os.close(out)
    confine.set_limits(req["memory"], req["cpu"], nproc=nproc)
    applied.append(f"limits: +{req['memory'] >> 20} MiB address space, {req['cpu']} s CPU, {nproc} processes")
    if uid is not None:
        confine.drop_privileges(uid, gid)
        applied.append(f"uid {uid}")
    elif in_userns:
        confine.drop_capabilities()
        applied.append("no capabilities")
    confine.die_with_parent()  # die with the zygote (the uid change reset it)
    try:
        if not landlock:
            raise OSError(errno.ENOSYS, "left out")
        abi = confine.landlock(list(read_paths) + list(confine.SYSTEM_READ_FILES), [scratch])
        applied.append(f"landlock ABI {abi}")
    except OSError as exc:
        missing.append(f"landlock ({exc.strerror or exc})")
    try:
        if not filter_syscalls:
            raise OSError(errno.ENOSYS, "left out")
        applied.append(f"seccomp ({seccomp.apply()} instructions)")
    except OSError as exc:
        missing.append(f"seccomp ({exc.strerror or exc})")
    os.environ.clear()
    os.environ.update({"HOME": scratch, "TMPDIR": scratch, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
                       "MPLBACKEND": "Agg", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"})
    tempfile.tempdir = scratch
    prefixes = tuple(p.rstrip("/") + "/" for p in read_paths)
    sys.path[:] = [scratch] + [p for p in sys.path if p and (os.path.realpath(p) + "/").startswith(prefixes)]
    sock = socket.socket(fileno=sock_fd)
    StudentProcess(sock, scratch, applied, missing).serve()


def _become_pid_one(sock_fd):
    """Fork once after ``confine.user_namespace``: the new process, pid 1 of the new PID namespace, returns
    and goes on to run the notebook; this one only waits for it and ends the same way (exit code or
    signal), so the zygote sees one child as in every other mode. When pid 1 ends, the kernel kills
    everything else in its namespace; when this process is killed, pid 1's parent-death signal fires."""
    pid = os.fork()
    if pid == 0:
        confine.die_with_parent()
        return
    os.close(sock_fd)  # only the student's process holds the socket: its end is the grader's EOF
    confine.die_with_parent()
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    while True:
        try:
            _, status = os.waitpid(pid, 0)
            break
        except InterruptedError:
            continue
        except ChildProcessError:
            os._exit(70)
    if os.WIFSIGNALED(status):
        sig = os.WTERMSIG(status)
        if sig not in (signal.SIGKILL, signal.SIGSTOP):
            signal.signal(sig, signal.SIG_DFL)
        os.kill(os.getpid(), sig)
    os._exit(os.WEXITSTATUS(status) if os.WIFEXITED(status) else 70)


class _CappedWriter(io.TextIOBase):
    """sys.stdout/sys.stderr for the student's code: keeps the first ``cap`` characters, counts the rest."""

    def __init__(self, cap):
        self.cap, self.parts, self.kept, self.dropped = cap, [], 0, 0

    def write(self, s):
        s = s if isinstance(s, str) else str(s)
        room = self.cap - self.kept
        if room > 0:
            piece = s[:room]
            self.parts.append(piece)
            self.kept += len(piece)
        self.dropped += max(0, len(s) - max(room, 0))
        return len(s)

    def writable(self):
        return True

    def flush(self):
        pass

    def isatty(self):
        return False

    @property
    def encoding(self):
        return "utf-8"

    def text(self):
        return "".join(self.parts)


class _Stub:
    """Stands for otter (and IPython helpers) in the student's process: every use is a silent no-op."""

    def __init__(self, *args, **kwargs):
        pass

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        return _Stub()

    def __call__(self, *args, **kwargs):
        return None

    def __repr__(self):
        return ""


def _stub_module(name):
    module = types.ModuleType(name)
    module.Notebook = _Stub
    module.__getattr__ = lambda attr: _Stub
    return module


class StudentProcess:
    """Runs the notebook's cells, then answers get/call requests until told to stop."""

    def __init__(self, sock, scratch, applied, missing):
        self.sock, self.scratch = sock, scratch
        self.applied, self.missing = applied, missing
        self.ns = {}
        self.pid = os.getpid()

    def _send(self, header, blobs=()):
        if os.getpid() != self.pid:  # a copy the student's code forked: it must not talk to the grader
            os._exit(0)
        codec.send_message(self.sock, header, blobs)

    def serve(self):
        self._send({"ev": "hello", "pid": os.getpid(), "applied": self.applied,
                                       "missing": self.missing})
        init, _ = codec.recv_message(self.sock)
        for rel, text in init.get("files", {}).items():
            path = os.path.join(self.scratch, rel)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
        writer = _CappedWriter(int(init["output_cap"]))
        signal.signal(signal.SIGALRM, _on_alarm)
        self.run_cells(init["cells"], writer, float(init["cell_timeout"]), init.get("defs_only_after"))
        while True:
            req, blobs = codec.recv_message(self.sock)
            op = req.get("op")
            if op == "bye":
                return
            if op == "get":
                self.reply_get(req)
            elif op == "call":
                self.reply_call(req, blobs)

    def run_cells(self, cells, writer, cell_timeout, defs_only_after=None):
        sys.stdout = sys.stderr = writer
        ns = self.ns
        ns.update({"__name__": "__main__", "__builtins__": builtins, "display": lambda *a, **k: None,
                   "get_ipython": lambda: _Stub()})
        sys.modules["otter"] = _stub_module("otter")
        try:
            import matplotlib.pyplot as plt

            plt.show = lambda *a, **k: None
        except Exception:  # noqa: BLE001 - no matplotlib: nothing to silence
            plt = None
        errors = []
        defs_only = False
        for cell in cells:
            index = cell["i"]
            self._send({"ev": "cell", "i": index})
            started = time.perf_counter()
            error, interrupted = None, False
            source = clean_source(cell["src"])
            if source is not None and (defs_only or (defs_only_after is not None and index > defs_only_after)):
                source = definitions_only(source)
            if source:
                try:
                    try:
                        _arm(cell_timeout)
                        exec(compile(source, f"<cell {index}>", "exec"), ns)
                    finally:
                        _arm(0)
                except _Interrupted:
                    error, interrupted, defs_only = f"did not finish in {cell_timeout:g} s", True, True
                except BaseException as exc:  # noqa: BLE001 - like Jupyter: record and go on
                    error = _describe(exc)
            if plt is not None:
                try:
                    plt.close("all")
                except BaseException:  # noqa: BLE001
                    pass
            if error:
                errors.append({"cell": index, "error": error})
            sys.stdout = sys.stderr = writer  # even if the cell replaced them
            self._send({"ev": "done", "i": index, "error": error, "interrupted": interrupted,
                                           "seconds": round(time.perf_counter() - started, 4)})
        self._send({"ev": "ready", "errors": errors, "output": writer.text(),
                                       "dropped": writer.dropped})

    def reply_get(self, req):
        name = req.get("name")
        if not isinstance(name, str) or name not in self.ns:
            return self._send({"id": req.get("id"), "kind": "missing"})
        value = self.ns[name]
        if callable(value):
            return self._send({"id": req.get("id"), "kind": "callable"})
        self._send_value({"id": req.get("id"), "kind": "value"}, value)

    def _send_value(self, header, value):
        try:
            tree, blobs = codec.encode(value)
        except codec.ProtocolError as exc:
            tree, blobs = {"U": ["value", str(exc)]}, []
        except BaseException as exc:  # noqa: BLE001
            tree, blobs = {"U": ["value", f"could not be encoded: {_describe(exc)}"]}, []
        self._send(dict(header, value=tree), blobs)

    def reply_call(self, req, blobs):
        rid = req.get("id")
        try:
            args, kwargs = codec.decode(req["args"], blobs, resolve_ref=self._ref)
            func = self.ns.get(req["name"])
            try:
                _arm(float(req["timeout"]))
                result = func(*args, **kwargs)
            finally:
                _arm(0)
        except _Interrupted:
            return self._send({"id": rid, "ok": False, "timeout": True})
        except BaseException as exc:  # noqa: BLE001 - SystemExit too: report it, keep serving
            return self._send({"id": rid, "ok": False, **_exc_fields(exc)})
        try:
            tree, blobs = codec.encode(result)
        except BaseException as exc:  # noqa: BLE001 - too large, or its encoding ran the student's code
            tree, blobs = {"U": ["value", f"could not be returned: {_describe(exc)}"[:200]]}, []
        try:
            after, after_blobs = codec.encode((args, kwargs))
        except BaseException:  # noqa: BLE001
            after, after_blobs = {"U": ["value", "arguments could not be returned"]}, []
        self._send({"id": rid, "ok": True, "value": tree, "after": after,
                                       "n": len(blobs)}, blobs + after_blobs)

    def _ref(self, name):
        return self.ns.get(name)


class _Interrupted(BaseException):
    """Raised into the student's code by the alarm: the cell or call ran out of time. (The grader's own
    deadline, slightly later, is what enforces the limit: this only lets the process survive the common
    case of a pure-Python loop.)"""


def _on_alarm(signum, frame):
    raise _Interrupted()


def _arm(seconds):
    signal.setitimer(signal.ITIMER_REAL, max(0.0, seconds))


def _exc_fields(exc):
    try:
        message = str(exc)
    except BaseException:  # noqa: BLE001
        message = "(the exception's message could not be read)"
    return {"type": type(exc).__name__[:80], "message": message[:2000]}


def _describe(exc):
    fields = _exc_fields(exc)
    return f"{fields['type']}: {fields['message']}" if fields["message"] else fields["type"]
