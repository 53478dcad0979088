"""Every message between the grader, the zygote and the student's process, in one place.

Control socket, grader <-> zygote (``sandbox.Zygote`` / ``zygote.main``; one JSON datagram each way):

    (start)  zygote -> {"pid", "uid", "root", "landlock"}
    spawn    {"op": "spawn", "scratch", "memory", "cpu", "scratch_mb", "hide"} + the child's socket
             -> {"pid"}
    reap     {"op": "reap", "pid", "scratch"} -> {"status": "exit code 0" | "killed by signal ...", "maxrss_kb"}
    stats    {"op": "stats"} -> {"zygote_maxrss_kb", "children_maxrss_kb"}
    (any)    -> {"error": text}

Child socket, grader <-> student's process (``sandbox.Child`` / ``child.StudentProcess``; ``codec`` framing):

    child -> grader, while the notebook runs (CHILD_EVENTS):
        hello   {"ev": "hello", "pid", "applied": [text], "missing": [text]}
        cell    {"ev": "cell", "i": cell index}                        a cell starts
        done    {"ev": "done", "i", "error": text | None, "interrupted": bool, "seconds"}
        ready   {"ev": "ready", "errors": [{"cell", "error"}], "output": text, "dropped": int}
    grader -> child (requests):
        run     {"op": "run", "cells": [{"i", "src"}], "files": {path: text}, "output_cap", "cell_timeout",
                 "defs_only_after": cell index | None}
        get     {"op": "get", "id", "timeout", "name"}
        call    {"op": "call", "id", "timeout", "name", "args": codec tree} + blobs
        bye     {"op": "bye"}
    child -> grader (REPLIES, to get and call):
        get     {"id", "kind": "missing" | "callable"}  or  {"id", "kind": "value", "value": codec tree} + blobs
        call    {"id", "ok": true, "value", "after", "n": blobs of value} + blobs
                {"id", "ok": false, "type", "message"}        the student's code raised
                {"id", "ok": false, "timeout": true}          the child's own alarm interrupted it

The student's process is untrusted: ``event`` and ``reply`` check every field the grader reads (types,
ranges, sizes) and raise ``codec.ProtocolError`` for anything else, which the session turns into that
submission's status.
"""

from .codec import ProtocolError

MAX_TEXT = 1 << 20    # characters of one text field
MAX_ITEMS = 10_000    # entries of one list field


def _int(v):
    return type(v) is int and 0 <= v < 1 << 62


def _bool(v):
    return type(v) is bool


def _num(v):
    return type(v) in (int, float) and v == v and abs(v) < 1e12


def _text(v):
    return type(v) is str and len(v) <= MAX_TEXT


def _opt_text(v):
    return v is None or _text(v)


def _texts(v):
    return type(v) is list and len(v) <= MAX_ITEMS and all(_text(x) for x in v)


def _cell_errors(v):
    return type(v) is list and len(v) <= MAX_ITEMS and all(
        type(e) is dict and _int(e.get("cell")) and _text(e.get("error")) for e in v)


def _any(v):
    return True


CHILD_EVENTS = {
    "hello": {"pid": _int, "applied": _texts, "missing": _texts},
    "cell": {"i": _int},
    "done": {"i": _int, "error": _opt_text, "interrupted": _bool, "seconds": _num},
    "ready": {"errors": _cell_errors, "output": _text, "dropped": _int},
}

REPLIES = {
    ("get", "missing"): {"id": _int},
    ("get", "callable"): {"id": _int},
    ("get", "value"): {"id": _int, "value": _any},          # the value tree is checked by codec.decode
    ("call", True): {"id": _int, "ok": _bool, "value": _any, "after": _any, "n": _int},
    ("call", False): {"id": _int, "ok": _bool, "type": _text, "message": _text},
    ("call", "timeout"): {"id": _int, "timeout": _bool},
}


def _check(message, spec, what):
    for name, valid in spec.items():
        if name not in message or not valid(message[name]):
            raise ProtocolError(f"{what}: field {name!r} missing or malformed")
    return message


def event(message, allowed):
    """(kind, message) for an event of the student's process while the notebook runs."""
    kind = message.get("ev") if isinstance(message, dict) else None
    if kind not in allowed or kind not in CHILD_EVENTS:
        raise ProtocolError(f"unexpected message {str(kind)[:40]!r}")
    return kind, _check(message, CHILD_EVENTS[kind], f"{kind} event")


def reply(message, op, request_id):
    """The reply to request ``op`` (``"get"`` or ``"call"``) number ``request_id``, checked: (key, message)
    where key is the REPLIES entry it matched, e.g. ("call", True)."""
    if not isinstance(message, dict):
        raise ProtocolError("a reply that is not an object")
    if op == "get":
        key = ("get", message.get("kind"))
    elif message.get("timeout") is True:
        key = ("call", "timeout")
    else:
        key = ("call", message.get("ok"))
    if key not in REPLIES:
        raise ProtocolError(f"unexpected reply to {op}")
    _check(message, REPLIES[key], f"reply to {op}")
    if message["id"] != request_id:
        raise ProtocolError("reply to another request")
    return key, message
