"""The grader's handles on the student's process: a warm zygote that forks one confined child per submission.

    Zygote(hide=...)           starts ``zygote.main`` in a fresh interpreter (never a fork of the grader, so no
                               test or reference code is ever in its memory) and talks to it over a control
                               socket (``protocol.ZYGOTE_REQUESTS``)
    Zygote.spawn(...) -> Child  a new confined child (``child.main``) with a socket of its own
    Child.send / recv / end    messages with deadlines (``codec``), then kill and reap

The other two sides live in ``zygote`` (the warm interpreter) and ``child`` (the student's process).
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

from . import codec

PACKAGE_ROOT = Path(__file__).resolve().parents[2]  # the folder holding the coursekit package
BOOT = ("import sys; sys.path.insert(0, {root!r}); "
        "from coursekit.grader.zygote import main; main({fd}, {root!r}, {without!r})")


class SandboxError(Exception):
    """The zygote could not be started or stopped answering."""


class Zygote:
    """A warm interpreter that forks confined children on request. One per worker."""

    def __init__(self, hide=(), start_timeout=120, without=()):
        self.hide = [str(h) for h in hide]
        without = tuple(str(w) for w in without)
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
                [sys.executable, "-E", "-s", "-B", "-c",
                 BOOT.format(root=str(PACKAGE_ROOT), fd=theirs.fileno(), without=without)],
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

    def spawn(self, memory_bytes, cpu_seconds, scratch_mb):
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
