"""The grader's side of one submission: its child (restarted when needed), its budget and its incidents.

If the child hangs, dies or runs out of memory, the test it was serving fails with the reason, and a fresh
child (the notebook run again, skipping any cell that hung or killed the process) serves the remaining
tests, within a wall-clock budget per submission; after that the remaining tests fail with the reason.
Everything the child sends is checked by ``protocol`` before it is used.
"""

import time

from . import codec, protocol
from .remote import RemoteFunction, copy_back, remote_exception


class SandboxFailure(BaseException):
    """The student's process hung, died or broke the protocol. A BaseException so that test code's
    ``except Exception`` (which rewords the student's exceptions) lets it through unchanged."""


class Session:
    """The grader's side of one submission: its child (restarted when needed) and its incidents."""

    def __init__(self, zygote, notebook, autograder, limits, deadline=None):
        """deadline: time.monotonic() by which the submitted file's budget ends (None: none besides ours)"""
        self.zygote, self.notebook, self.autograder, self.limits = zygote, notebook, autograder, limits
        self.deadline = time.monotonic() + limits.submission_timeout
        if deadline is not None:
            self.deadline = min(self.deadline, deadline)
        self.child = None
        self.skip = set()            # cells that hung or ended the process
        self.defs_only_after = None  # after such a cell, later cells run only their imports and definitions
        self.incidents = []          # what went wrong, in words, in order
        self.incident_labels = []    # the same, as short names for tables ("cell timed out")
        self.cell_errors = []        # exceptions raised by cells (from the last full run)
        self.output = ""
        self.applied, self.missing = [], []
        self.children = 0
        self.maxrss_kb = 0
        self.next_id = 0
        self.dead = None             # set when no further child may be started
        self.timings = {"spawn": 0.0, "notebook": 0.0, "calls": 0.0}
        self.cell_seconds = {}       # cell index -> seconds it took (last run)

    # --- lifecycle --------------------------------------------------------------------------
    def _remaining(self):
        return self.deadline - time.monotonic()

    def _end_child(self):
        if self.child is not None:
            try:
                self.child.send({"op": "bye"})
            except Exception:  # noqa: BLE001
                pass
            exit_info = self.child.end()
            self.maxrss_kb = max(self.maxrss_kb, exit_info.get("maxrss_kb", 0))
            self.child = None
            return exit_info
        return {}

    def _note(self, label, reason):
        self.incidents.append(reason)
        self.incident_labels.append(label)

    def _fail_child(self, label, reason):
        """The current child misbehaved: kill it, note why; the next request starts a fresh one.

        label  : a short name of the incident for tables, e.g. "cell timed out"
        reason : the incident in words, or a function of the child's exit status ("exit code 1",
                 "killed by signal 9 (SIGKILL)") that gives it, for reasons that name how it ended
        """
        child = self.child
        self.child = None
        status = "?"
        if child is not None:
            info = child.end()
            self.maxrss_kb = max(self.maxrss_kb, info.get("maxrss_kb", 0))
            status = info.get("status", "?")
        if callable(reason):
            reason = reason(status)
        self._note(label, reason)
        return reason

    def start(self):
        """Start a child and run the notebook in it, skipping cells that hung or ended the process."""
        while self.child is None:
            if self.dead:
                raise SandboxFailure(self.dead)
            if self._remaining() <= 0.5:
                self.dead = f"out of time: the submission's {self.limits.submission_timeout:g} s budget is used up"
                raise SandboxFailure(self.dead)
            if self.children >= self.limits.max_restarts:
                self.dead = f"gave up after {self.children} fresh starts of the submission's process"
                raise SandboxFailure(self.dead)
            self.children += 1
            t0 = time.perf_counter()
            child = self.zygote.spawn(self.limits.memory_mb << 20,
                                      cpu_seconds=self.limits.submission_timeout + 5,
                                      scratch_mb=self.limits.scratch_mb)
            self.child = child
            try:
                message, _ = child.recv(time.monotonic() + 30)
                _, hello = protocol.event(message, {"hello"})
                self.applied, self.missing = hello["applied"], hello["missing"]
                cells = [c for c in self.notebook.cells if c["i"] not in self.skip]
                child.send({"op": "run", "cells": cells, "files": self.autograder.public_files,
                            "output_cap": self.limits.output_kb * 1024, "cell_timeout": self.limits.cell_timeout,
                            "defs_only_after": self.defs_only_after})
            except (codec.PeerClosed, codec.PeerTimeout, codec.ProtocolError) as exc:
                what = type(exc).__name__
                self._fail_child("process did not start",
                                 lambda exit: f"the submission's process did not start ({what}, {exit})")  # noqa: B023
                continue
            finally:
                self.timings["spawn"] += time.perf_counter() - t0
            t0 = time.perf_counter()
            try:
                self._run_notebook(child)
            finally:
                self.timings["notebook"] += time.perf_counter() - t0

    def _run_notebook(self, child):
        current = None
        try:
            while True:
                limit = min(self.limits.cell_timeout + self.limits.grace if current is not None else 30,
                            self._remaining())
                message, _ = child.recv(time.monotonic() + max(limit, 0.01))
                kind, event = protocol.event(message, {"cell", "ready"} if current is None else {"done"})
                if kind == "cell":
                    current = event["i"]
                elif kind == "done":
                    if event["interrupted"]:
                        self._note("cell timed out",
                                   f"cell {current} did not finish in {self.limits.cell_timeout:g} s: "
                                   "it was interrupted, and later cells ran only their definitions")
                    self.cell_seconds[current] = float(event["seconds"])
                    current = None
                else:  # ready
                    self.cell_errors = event["errors"]
                    self.output = event["output"][: self.limits.output_kb * 1024]
                    return
        except codec.PeerTimeout:
            if current is None:
                self.dead = self._fail_child("process stopped answering",
                                             "the submission's process stopped answering while running the notebook")
                return
            self._skip_cell(current)
            if self._remaining() <= 0.5:
                self._fail_child("out of time",
                                 f"cell {current} was still running when the submission's time ran out")
            else:
                self._fail_child("cell timed out",
                                 f"cell {current} did not finish in {self.limits.cell_timeout:g} s: "
                                 "it was skipped and the notebook run again (later cells: definitions only)")
        except codec.PeerClosed:
            if current is None:
                self.dead = self._fail_child("process ended",
                                             lambda exit: f"the submission's process ended between cells ({exit})")
                return
            self._skip_cell(current)
            self._fail_child("cell ended the process",
                             lambda exit: f"cell {current} ended the submission's process ({exit}): it was skipped "
                                          "and the notebook run again (later cells: definitions only)")
        except codec.ProtocolError as exc:
            reason = self._fail_child("malformed message",
                                      f"the submission's process sent a malformed message ({exc})")
            if current is None:
                self.dead = reason
            else:
                self._skip_cell(current)

    def _skip_cell(self, index):
        self.skip.add(index)
        if self.defs_only_after is None or index < self.defs_only_after:
            self.defs_only_after = index

    def close(self):
        self._end_child()

    # --- requests ----------------------------------------------------------------------------
    def _request(self, header, blobs, timeout, what):
        """Send a get or call request; returns (checked reply key, reply, blobs) or raises SandboxFailure."""
        self.start()
        child = self.child
        self.next_id += 1
        rid = header["id"] = self.next_id
        header["timeout"] = timeout
        limit = min(timeout + self.limits.grace, self._remaining())
        t0 = time.perf_counter()
        try:
            child.send(header, blobs)
            message, reply_blobs = child.recv(time.monotonic() + max(limit, 0.01))
            key, reply = protocol.reply(message, header["op"], rid)
            if key == ("call", "timeout"):  # the child's alarm interrupted the student's code
                self._note("call timed out", f"{what} timed out after {timeout:g} s")
                raise SandboxFailure(f"{what} timed out after {timeout:g} s")
            return key, reply, reply_blobs
        except codec.PeerTimeout:
            if limit < timeout + self.limits.grace:
                self.dead = (f"out of time: the submission's {self.limits.submission_timeout:g} s budget ran out "
                             f"during {what}")
                self._fail_child("out of time", self.dead)
                raise SandboxFailure(self.dead) from None
            raise SandboxFailure(self._fail_child("call timed out", f"{what} timed out after {timeout:g} s")) from None
        except codec.PeerClosed:
            raise SandboxFailure(self._fail_child("process ended",
                lambda exit: f"the submission's process ended during {what} ({exit})")) from None
        except codec.ProtocolError as exc:
            raise SandboxFailure(self._fail_child("malformed message", f"malformed reply during {what} ({exc})")) from None
        finally:
            self.timings["calls"] += time.perf_counter() - t0

    def resolve(self, name):
        """What otter's env.get(name) would give: None, a RemoteFunction or a (copied) value."""
        key, reply, blobs = self._request({"op": "get", "name": name}, (), self.limits.call_timeout,
                                          f"looking up {name}")
        if key == ("get", "missing"):
            return None
        if key == ("get", "callable"):
            return RemoteFunction(self, name)
        try:
            return codec.decode(reply["value"], blobs)
        except codec.ProtocolError as exc:
            raise SandboxFailure(self._fail_child("malformed message", f"malformed value for {name} ({exc})")) from None

    def call(self, name, args, kwargs):
        try:
            tree, blobs = codec.encode((list(args), dict(kwargs)))
        except codec.ProtocolError as exc:
            raise TypeError(f"cannot pass these arguments to {name}: {exc}") from None
        key, reply, reply_blobs = self._request({"op": "call", "name": name, "args": tree}, blobs,
                                                self.limits.call_timeout, f"{name}(...)")
        if key == ("call", False):
            raise remote_exception(reply["type"], reply["message"])
        n = reply["n"]
        if not n <= len(reply_blobs):
            raise SandboxFailure(self._fail_child("malformed message", f"malformed reply from {name}(...)"))
        try:
            result = codec.decode(reply["value"], reply_blobs[:n])
            after = codec.decode(reply["after"], reply_blobs[n:])
        except codec.ProtocolError as exc:
            raise SandboxFailure(self._fail_child(
                "malformed message", f"{name} returned something that cannot be read ({exc})")) from None
        if isinstance(after, tuple) and len(after) == 2 and isinstance(after[0], list) and isinstance(after[1], dict) \
                and len(after[0]) == len(args):
            for original, value in zip(args, after[0]):
                copy_back(original, value)
            for key, original in kwargs.items():
                if key in after[1]:
                    copy_back(original, after[1][key])
        return result
