"""copy_back: the grader's arguments take the values the student's function left in its copies."""

import numpy as np

from coursekit.grader.remote import RemoteError, copy_back, remote_exception


def test_arrays_lists_dicts_and_tuples_are_updated_in_place():
    a = np.zeros(3)
    copy_back(a, np.array([1.0, 2.0, 3.0]))
    assert a.tolist() == [1.0, 2.0, 3.0]
    nested = [np.zeros(2), 5]
    inner = nested[0]
    copy_back(nested, [np.ones(2), 6])
    assert nested[0] is inner and inner.tolist() == [1.0, 1.0] and nested[1] == 6
    d = {"W": np.zeros(2), "gone": 1}
    copy_back(d, {"W": np.full(2, 4.0), "new": 2})
    assert d["W"].tolist() == [4.0, 4.0] and "gone" not in d and d["new"] == 2
    pair = (np.zeros(1), np.zeros(1))
    copy_back(pair, (np.ones(1), np.full(1, 2.0)))
    assert [p[0] for p in pair] == [1.0, 2.0]


def test_read_only_and_mismatched_values_are_left_alone():
    frozen = np.zeros(2)
    frozen.flags.writeable = False
    copy_back(frozen, np.ones(2))
    assert frozen.tolist() == [0.0, 0.0]
    a = np.zeros(2)
    copy_back(a, "not an array")
    assert a.tolist() == [0.0, 0.0]


def test_remote_exceptions_keep_builtin_types_and_name_others():
    assert type(remote_exception("ValueError", "bad")) is ValueError
    custom = remote_exception("ShapeMismatch", "no")
    assert isinstance(custom, RemoteError) and type(custom).__name__ == "ShapeMismatch"
    assert type(remote_exception("SystemExit", "x")).__name__ == "SystemExit"  # not the real SystemExit
    assert not isinstance(remote_exception("SystemExit", "x"), SystemExit)
