"""Messages from the student's process are untrusted: every field the grader reads is checked."""

import pytest

from coursekit.grader import protocol
from coursekit.grader.codec import ProtocolError


def test_well_formed_events_pass():
    assert protocol.event({"ev": "cell", "i": 3}, {"cell"}) == ("cell", {"ev": "cell", "i": 3})
    kind, _ = protocol.event({"ev": "ready", "errors": [{"cell": 2, "error": "ValueError: x"}], "output": "",
                              "dropped": 0}, {"cell", "ready"})
    assert kind == "ready"


@pytest.mark.parametrize("message", [
    {"ev": "cell", "i": [1, 2]},                 # a list where a cell index belongs
    {"ev": "cell", "i": -1},
    {"ev": "cell", "i": True},                   # bool is not an index
    {"ev": "done", "i": 1, "error": None, "interrupted": "yes", "seconds": 0.1},
    {"ev": "ready", "errors": [{"cell": "x"}], "output": "", "dropped": 0},
    {"ev": "hello", "pid": 1, "applied": [3], "missing": []},
    {"ev": "surprise"},
    ["ev", "cell"],
])
def test_malformed_events_are_refused(message):
    with pytest.raises(ProtocolError):
        protocol.event(message, set(protocol.CHILD_EVENTS))


def test_events_out_of_turn_are_refused():
    with pytest.raises(ProtocolError):
        protocol.event({"ev": "cell", "i": 1}, {"done"})


def test_replies_must_answer_this_request():
    good = {"id": 4, "ok": True, "value": None, "after": None, "n": 0}
    assert protocol.reply(good, "call", 4)[0] == ("call", True)
    with pytest.raises(ProtocolError):
        protocol.reply(good, "call", 5)
    with pytest.raises(ProtocolError):
        protocol.reply({"id": 4, "ok": 1, "value": None, "after": None, "n": 0}, "call", 4)
    with pytest.raises(ProtocolError):
        protocol.reply({"id": 4, "ok": False, "type": ["x"], "message": ""}, "call", 4)
    assert protocol.reply({"id": 1, "kind": "missing"}, "get", 1)[0] == ("get", "missing")
