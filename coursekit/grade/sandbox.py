"""The student's process: a warm zygote that forks one confined child per submission.

Grader side: ``Zygote`` starts a fresh interpreter (never a fork of the grader, so no test or reference
code is ever in its memory) that imports only numpy and matplotlib (Agg) and then waits on a control
socket. ``Zygote.spawn`` hands it one end of a new socketpair; it forks a child, which confines itself
(``confine``), runs the notebook's code cells in one namespace and then answers the grader's requests
over that socket:

    get(name)               {"kind": "missing" | "callable" | "value", "value": ...}
    call(name, args, kw)    the result plus the arguments as they are after the call, or the error raised

Everything crosses the socket through ``codec`` (JSON plus raw arrays, never pickle). The child's
output goes to a capped in-memory buffer (Python level) and a capped file in its scratch folder (fd level).

Run as root, the child gets an unprivileged uid of its zygote's own (so one worker's child cannot signal
another's), private mount and network namespaces, a tmpfs scratch folder, and all its processes are
killed by uid when it is reaped. Under any user it gets resource limits, its own session, and, where the
kernel has Landlock, a filesystem whitelist.
"""

import ast
import builtins
import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

from . import codec, confine

PACKAGE_ROOT = Path(__file__).resolve().parents[2]  # the folder holding the coursekit package
UID_BASE = 1_900_000_000  # children run as UID_BASE + their zygote's pid (root only)
NOBODY = 65534
OUTPUT_FILE = ".output"

BOOT = ("import sys; sys.path.insert(0, {root!r}); "
        "from coursekit.grade.sandbox import zygote_main; zygote_main({fd})")


# ================================================================================================
# Grader side
# ================================================================================================
class SandboxError(Exception):
    """The zygote could not be started or stopped answering."""


class Zygote:
    """A warm interpreter that forks confined children on request. One per worker."""

    def __init__(self, hide=(), start_timeout=120):
        self.hide = [str(h) for h in hide]
        self.scratch_root = tempfile.mkdtemp(prefix="ckgrade-scratch-")
        os.chmod(self.scratch_root, 0o711)  # children can enter their own folder, not list others
        self.log_path = os.path.join(self.scratch_root, "zygote.log")
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
               "HOME": os.environ.get("HOME", "/"), "MPLBACKEND": "Agg", "OPENBLAS_NUM_THREADS": "1",
               "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "NUMEXPR_NUM_THREADS": "1",
               "PYTHONDONTWRITEBYTECODE": "1"}
        if os.environ.get("MPLCONFIGDIR"):
            env["MPLCONFIGDIR"] = os.environ["MPLCONFIGDIR"]
        log = os.fdopen(os.open(self.log_path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb")
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-E", "-s", "-B", "-c", BOOT.format(root=str(PACKAGE_ROOT), fd=theirs.fileno())],
                pass_fds=[theirs.fileno()], env=env, cwd="/", stdin=subprocess.DEVNULL, stdout=log, stderr=log)
        finally:
            log.close()
            theirs.close()
        self.ctl = ours
        self.spawned = 0
        try:
            self.info = self._request(None, timeout=start_timeout)
        except SandboxError:
            self.close()
            raise

    def _request(self, message, fds=(), timeout=30):
        try:
            if message is not None:
                socket.send_fds(self.ctl, [json.dumps(message).encode()], list(fds))
            self.ctl.settimeout(timeout)
            data = self.ctl.recv(1 << 16)
        except (OSError, socket.timeout) as exc:
            raise SandboxError(f"the zygote stopped answering ({exc}); {self._log_tail()}") from None
        if not data:
            raise SandboxError(f"the zygote exited; {self._log_tail()}")
        reply = json.loads(data)
        if "error" in reply:
            raise SandboxError(reply["error"])
        return reply

    def _log_tail(self):
        try:
            return Path(self.log_path).read_text(errors="replace")[-2000:]
        except OSError:
            return ""

    def spawn(self, memory_bytes, cpu_seconds, scratch_mb=64):
        """A new confined child; returns a Child handle (its socket is ours alone)."""
        self.spawned += 1
        scratch = os.path.join(self.scratch_root, f"c{self.spawned}")
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            reply = self._request({"op": "spawn", "scratch": scratch, "memory": int(memory_bytes),
                                   "cpu": int(cpu_seconds), "scratch_mb": int(scratch_mb), "hide": self.hide},
                                  fds=[theirs.fileno()])
        finally:
            theirs.close()
        return Child(self, reply["pid"], ours, scratch)

    def reap(self, pid, scratch):
        """Kill a child (and everything it started), wait for it; returns its exit status and peak memory."""
        return self._request({"op": "reap", "pid": pid, "scratch": scratch})

    def stats(self):
        return self._request({"op": "stats"})

    def close(self):
        try:
            self.ctl.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.scratch_root, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class Child:
    """The grader's handle on one child: messages with deadlines, and its end."""

    def __init__(self, zygote, pid, sock, scratch):
        self.zygote, self.pid, self.sock, self.scratch = zygote, pid, sock, scratch
        self.exit = None

    def send(self, header, blobs=()):
        try:
            codec.send_message(self.sock, header, blobs)
        except (BrokenPipeError, ConnectionResetError):
            raise codec.PeerClosed() from None
        except socket.timeout:
            raise codec.PeerTimeout() from None

    def recv(self, deadline):
        return codec.recv_message(self.sock, deadline)

    def end(self):
        """Kill and reap; returns {"status": ..., "maxrss_kb": ...} (idempotent)."""
        if self.exit is None:
            try:
                self.sock.close()
            except OSError:
                pass
            self.exit = self.zygote.reap(self.pid, self.scratch)
        return self.exit


# ================================================================================================
# Zygote side (runs in its own interpreter)
# ================================================================================================
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
    except Exception:
        pass
    try:  # part 5 loads its data sets from scikit-learn: import it once here, not in every forked child
        import sklearn.datasets  # noqa: F401
    except Exception:
        pass
    for name in ("math", "random", "itertools", "functools", "collections", "copy", "statistics", "typing",
                 "dataclasses", "warnings", "contextlib", "glob", "zipfile", "base64", "importlib.util",
                 "traceback", "ast", "timeit", "fractions", "decimal", "pickle", "inspect", "textwrap"):
        try:
            __import__(name)
        except Exception:
            pass


def zygote_main(control_fd):
    os.environ.setdefault("MPLBACKEND", "Agg")
    ctl = socket.socket(fileno=control_fd)
    confine._libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG: die with the grader
    confine._libc.prctl(36, 1, 0, 0, 0)  # PR_SET_CHILD_SUBREAPER: orphans of a child become ours to kill
    _warm_up()
    root = os.geteuid() == 0
    uid = gid = None
    nproc = None
    if root:
        uid = gid = UID_BASE + os.getpid()
        if not _can_become(uid):
            uid = gid = NOBODY
        nproc = 32
    else:
        nproc = confine.count_processes(os.getuid()) + 64
    abi = confine.landlock_abi()
    ctl.send(json.dumps({"pid": os.getpid(), "uid": uid, "root": root, "landlock": abi}).encode())
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
                    _child_main(child_fd, req, uid, gid, nproc)
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


def _can_become(uid):
    pid = os.fork()
    if pid == 0:
        try:
            os.setresgid(uid, uid, uid)
            os.setresuid(uid, uid, uid)
            os._exit(0)
        except BaseException:
            os._exit(1)
    return os.waitpid(pid, 0)[1] == 0


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


# ================================================================================================
# Child side
# ================================================================================================
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


def _child_main(sock_fd, req, uid, gid, nproc):
    os.closerange(3, sock_fd)
    os.closerange(sock_fd + 1, 1 << 16)
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGCHLD, signal.SIGPIPE):
        signal.signal(sig, signal.SIG_DFL if sig != signal.SIGPIPE else signal.SIG_IGN)
    os.setsid()
    scratch = req["scratch"]
    applied, missing = [], []
    os.mkdir(scratch, 0o700)
    read_paths = confine.python_read_paths()
    if uid is not None:
        try:
            applied += confine.private_namespace(scratch, read_paths, req.get("scratch_mb", 64), req.get("hide", ()))
        except OSError as exc:
            missing.append(f"namespaces ({exc.strerror or exc})")
        os.chown(scratch, uid, gid)
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
    confine._libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # die with the zygote (reset by the uid change)
    try:
        abi = confine.landlock(read_paths + list(confine.SYSTEM_READ_PATHS), [scratch])
        applied.append(f"landlock ABI {abi}")
    except OSError as exc:
        missing.append(f"landlock ({exc.strerror or exc})")
    os.environ.clear()
    os.environ.update({"HOME": scratch, "TMPDIR": scratch, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8",
                       "MPLBACKEND": "Agg", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"})
    tempfile.tempdir = scratch
    prefixes = tuple(read_paths)
    sys.path[:] = [scratch] + [p for p in sys.path if p and os.path.realpath(p).startswith(prefixes)]
    sock = socket.socket(fileno=sock_fd)
    StudentProcess(sock, scratch, applied, missing).serve()


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


MAGIC_LINE = re.compile(r"^([ \t]*)(?:[%!].*|[\w.]+\?{1,2}[ \t]*)$", re.M)  # %magic, !shell, obj?
HARMLESS_CELL_MAGICS = {"time", "capture", "timeit", "prun"}


def clean_source(source):
    """Cell source ready to compile: IPython magics and shell lines become ``pass``; None if skipped.

    Source that already compiles is left alone (so a line starting with % inside a string survives).
    """
    if source.lstrip().startswith("%%"):
        first, _, rest = source.lstrip().partition("\n")
        magic = first[2:].split()[0] if first[2:].split() else ""
        if magic not in HARMLESS_CELL_MAGICS:
            return None
        source = rest
    try:
        compile(source, "<cell>", "exec")
        return source
    except SyntaxError:
        pass
    except (ValueError, OverflowError, MemoryError, RecursionError):
        return source
    return MAGIC_LINE.sub(lambda m: f"{m.group(1)}pass", source)


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
        writer = _CappedWriter(int(init.get("output_cap", 65536)))
        signal.signal(signal.SIGALRM, _on_alarm)
        self.run_cells(init["cells"], writer, float(init.get("cell_timeout", 20)), init.get("defs_only_after"))
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
        except Exception:
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
                _arm(float(req.get("timeout", 5)))
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


def definitions_only(source):
    """Only the imports, function and class definitions of a cell (used once a cell hung or ended the
    process: the demo cells after it would most likely call the same broken function)."""
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return ""
    lines = source.splitlines()
    keep = []
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
            keep.append("\n".join(lines[first - 1:node.end_lineno]))
    return "\n".join(keep)


def _exc_fields(exc):
    try:
        message = str(exc)
    except BaseException:  # noqa: BLE001
        message = "(the exception's message could not be read)"
    return {"type": type(exc).__name__[:80], "message": message[:2000]}


def _describe(exc):
    fields = _exc_fields(exc)
    return f"{fields['type']}: {fields['message']}" if fields["message"] else fields["type"]
