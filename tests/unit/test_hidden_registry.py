"""The hidden checks' registry: every key names a callable check, and a key registered twice is an error
(at import, so a copy-pasted registration cannot silently replace a check)."""

import sys

import pytest

from coursekit.config import ROOT

sys.path.insert(0, str(ROOT / "source"))
from bpcheck import hidden  # noqa: E402


def test_every_key_maps_to_a_callable():
    assert len(hidden.CHECKS) > 70
    for key, checker in hidden.CHECKS.items():
        assert isinstance(key, tuple) and len(key) == 2 and all(isinstance(k, str) and k for k in key), key
        assert callable(checker), f"{key}: {checker!r} is not callable"


def test_a_duplicate_registration_raises_and_keeps_the_first():
    first = hidden.CHECKS[("mse_loss", "values")]
    with pytest.raises(ValueError, match=r"\('mse_loss', 'values'\) is registered twice"):
        @hidden.hidden_check("mse_loss", "values")
        def _copy(f):
            pass
    with pytest.raises(ValueError, match=r"\('mse_loss', 'unchanged'\) is registered twice"):
        hidden.register("mse_loss", "unchanged", lambda f: None)
    assert hidden.CHECKS[("mse_loss", "values")] is first


def test_the_decorator_registers_and_returns_the_function_unchanged(monkeypatch):
    monkeypatch.setattr(hidden, "CHECKS", dict(hidden.CHECKS))

    def checker(f):
        pass

    assert hidden.hidden_check("mse_loss", "a new aspect")(checker) is checker
    assert hidden.CHECKS[("mse_loss", "a new aspect")] is checker
    with pytest.raises(TypeError, match="callable"):
        hidden.register("mse_loss", "not a function", 42)


def test_a_copied_registration_fails_the_import():
    """The module's own text with one registration repeated at its end does not import."""
    source = (ROOT / "source" / "bpcheck" / "hidden.py").read_text()
    source += '\n\n@hidden_check("relu_gradient", "kink")\ndef _relu_gradient_kink_copy(f):\n    pass\n'
    namespace = {"__name__": "bpcheck._hidden_copy", "__package__": "bpcheck"}
    with pytest.raises(ValueError, match=r"\('relu_gradient', 'kink'\) is registered twice"):
        exec(compile(source, "hidden.py (copy)", "exec"), namespace)
