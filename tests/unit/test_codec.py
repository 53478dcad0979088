"""The codec between grader and student process: round trips, and what it refuses to rebuild."""

import collections

import numpy as np
import pytest

from coursekit.grader import codec


def roundtrip(value):
    tree, blobs = codec.encode(value)
    return codec.decode(tree, blobs)


def test_round_trips():
    Grads = collections.namedtuple("Grads", "d_w d_b")
    value = [None, True, 3, -2.5, float("nan"), "é", 1 + 2j, (np.arange(6.0).reshape(2, 3), np.float32(1.5)),
             {"a": [np.array([True, False])], 3: np.int64(7)}, Grads(np.ones(2), np.zeros(1)), np.array(4.0)]
    back = roundtrip(value)
    assert back[:4] == value[:4] and np.isnan(back[4]) and back[5:7] == value[5:7]
    assert np.array_equal(back[7][0], value[7][0]) and back[7][1] == np.float32(1.5)
    assert type(back[7][1]) is np.float32 and type(back[8][3]) is np.int64
    assert type(back[9]) is tuple and np.array_equal(back[9][0], np.ones(2))
    assert back[10].shape == () and back[10] == 4.0
    assert back[7][0].flags.writeable


def test_unsupported_values_become_markers():
    back = roundtrip([object(), np.array([object()], dtype=object), lambda x: x])
    assert all(isinstance(v, codec.Unsupported) for v in back)


@pytest.mark.parametrize("tree, blobs", [
    ({"A": ["|O", [1], 0]}, [b"\0" * 8]),                      # object dtype
    ({"A": ["<f8", [3], 0]}, [b"\0" * 8]),                     # data shorter than its shape
    ({"A": ["<f8", [10 ** 9, 10 ** 9], 0]}, [b""]),            # a huge claimed shape: refused before allocating
    ({"A": ["[('a', '<f8')]", [1], 0]}, [b"\0" * 8]),          # structured dtype
    ({"Z": 1}, []),                                           # unknown tag
    ({"R": "mse_loss"}, []),                                  # function reference from the student side
    ({"D": [[{"L": []}, 1]]}, []),                            # unhashable key
    ({"X": "__import__('os')"}, []),                   # not a float
])
def test_refused(tree, blobs):
    with pytest.raises(codec.ProtocolError):
        codec.decode(tree, blobs)


def test_depth_limit():
    tree = None
    for _ in range(codec.MAX_DEPTH + 5):
        tree = {"L": [tree]}
    with pytest.raises(codec.ProtocolError):
        codec.decode(tree, [])


def test_magics_and_shell_lines_are_neutralised():
    from coursekit.grader.cells import clean_source, definitions_only

    source = "%matplotlib inline\nimport numpy as np\nif True:\n    !pip install foo\nnp.mean?\nx = '%not magic'\n"
    cleaned = clean_source(source)
    compile(cleaned, "<cell>", "exec")
    assert "pip" not in cleaned and "'%not magic'" in cleaned
    assert clean_source("x = '%d' % 3") == "x = '%d' % 3"          # valid code is left alone
    assert clean_source("%%bash\nrm -rf /\n") is None               # a shell cell is skipped
    assert clean_source("%%time\ny = 1\n").strip() == "y = 1"       # a timing cell runs its body
    kept = definitions_only("import numpy as np\nprint(f(1))\n@dec\ndef f(x):\n    return x\nf(2)\nclass A:\n    pass\n")
    assert kept == "import numpy as np\n@dec\ndef f(x):\n    return x\nclass A:\n    pass"


def test_unsupported_values_are_named_like_the_students_type():
    class Grads:
        pass

    back = roundtrip(Grads())
    assert isinstance(back, codec.Unsupported) and type(back).__name__ == "Grads"
    assert type(roundtrip(iter([1]))).__name__ == "list_iterator"


def test_generators_travel_with_their_state():
    """Part 5's init_mlp and minibatches take a np.random.Generator: it arrives in the same state."""
    rng = np.random.default_rng(5)
    rng.normal()
    back = roundtrip([rng])[0]
    assert isinstance(back, np.random.Generator)
    assert np.array_equal(back.permutation(10), rng.permutation(10))


def test_unknown_bit_generator_is_refused():
    with pytest.raises(codec.ProtocolError):
        codec._Decoder([]).decode({"G": ["os.system", {"D": []}]})
