"""A safe codec and message framing for talking to the student's process.

Nothing the student's process sends is ever unpickled or evaluated: a message is a JSON header plus raw
byte blobs, and values are rebuilt from a closed set of types:

    None, bool, int, float, str                 as JSON
    list / tuple / dict                         {"L": [...]}, {"T": [...]}, {"D": [[key, value], ...]}
    complex                                     {"C": [real, imag]}
    numpy array (numeric, bool, str dtypes)     {"A": [dtype, shape, blob index]}; bytes checked against
                                                dtype and shape, object and structured dtypes refused
    numpy scalar                                {"S": [dtype, blob index]}
    numpy random Generator                      {"G": [bit generator name, its state]}: a new Generator
                                                of a known bit generator (PCG64, ...) set to that state
    a function of the student's namespace       {"R": name}   (grader to student only)
    anything else                               {"U": [type name, short repr]}: decoded as Unsupported

Messages are framed as ``u32 header length, header, blobs``; the reader checks every length against a
cap before reading, so a hostile peer can neither make the grader allocate without bound nor wait forever
(every read has a deadline).
"""

import json
import math
import re
import socket
import struct
import time

import numpy as np

MAX_HEADER = 8 << 20          # bytes of JSON in one message
MAX_MESSAGE = 64 << 20        # bytes of JSON plus blobs in one message
MAX_DEPTH = 40                # nesting of lists/tuples/dicts
MAX_NODES = 200_000           # values in one message
MAX_ELEMENTS = 8 << 20        # entries of one array
ARRAY_KINDS = set("biufcUS")  # bool, ints, floats, complex, str, bytes
BIT_GENERATORS = ("PCG64", "PCG64DXSM", "Philox", "SFC64", "MT19937")  # np.random.Generator's engines


class ProtocolError(Exception):
    """The peer sent something that is not a well-formed message."""


class PeerTimeout(Exception):
    """No complete message arrived before the deadline."""


class PeerClosed(Exception):
    """The peer closed the connection (in practice: the student's process ended)."""


class Unsupported:
    """A value of a type the codec does not carry (a class instance, a generator, ...). Decoded as an instance
    of a subclass named like the student's type, so test code that names ``type(value).__name__`` (as
    bpcheck.compare does) names what the student returned without knowing about this codec."""

    def __init__(self, type_name, text):
        self.type_name, self.text = type_name, text

    def __repr__(self):
        return f"<{self.type_name} object from the submission: {self.text}>"


_UNSUPPORTED_TYPES = {}


def unsupported(type_name, text):
    """An Unsupported value whose class is named ``type_name`` (sanitised into an identifier)."""
    name = re.sub(r"\W", "_", type_name)[:80] or "object"
    if not name[0].isalpha():
        name = "T" + name
    cls = _UNSUPPORTED_TYPES.get(name)
    if cls is None:
        cls = _UNSUPPORTED_TYPES[name] = type(name, (Unsupported,), {"__module__": "submission"})
    return cls(type_name, text)


class RemoteRef:
    """Marks an argument that stands for a function of the student's namespace (encoded as its name)."""

    remote_name = None


# --- encoding -----------------------------------------------------------------------------------
class _Encoder:
    def __init__(self):
        self.blobs = []
        self.nodes = 0
        self.size = 0

    def _blob(self, data):
        self.size += len(data)
        if self.size > MAX_MESSAGE:
            raise ProtocolError("message too large")
        self.blobs.append(data)
        return len(self.blobs) - 1

    def encode(self, value, depth=0):
        self.nodes += 1
        if self.nodes > MAX_NODES or depth > MAX_DEPTH:
            raise ProtocolError("value too large or too deeply nested")
        if value is None or isinstance(value, (bool, str)):
            if isinstance(value, str) and len(value) > MAX_HEADER // 4:
                return {"U": ["str", f"a string of {len(value)} characters"]}
            return value
        if isinstance(value, int):
            if value.bit_length() > 4000:
                return {"U": ["int", "an integer with more than 4000 bits"]}
            return int(value)
        if isinstance(value, float) and not isinstance(value, np.generic):
            return float(value) if math.isfinite(value) else {"X": repr(float(value))}
        if isinstance(value, complex) and not isinstance(value, np.generic):
            return {"C": [self.encode(value.real, depth + 1), self.encode(value.imag, depth + 1)]}
        if isinstance(value, np.ndarray):
            return self._array(value)
        if isinstance(value, np.generic):
            dtype = value.dtype
            if dtype.kind not in ARRAY_KINDS or dtype.hasobject:
                return {"U": [type(value).__name__, "a numpy scalar of an unsupported dtype"]}
            return {"S": [dtype.str, self._blob(np.asarray(value).tobytes())]}
        if isinstance(value, np.random.Generator):  # part 5's init_mlp and minibatches take one
            bit_generator = value.bit_generator
            return {"G": [type(bit_generator).__name__, self.encode(bit_generator.state, depth + 1)]}
        if isinstance(value, RemoteRef):
            return {"R": str(value.remote_name)}
        if isinstance(value, (list, tuple)):  # subclasses (a namedtuple...) travel as the plain type
            tag = "L" if isinstance(value, list) else "T"
            return {tag: [self.encode(v, depth + 1) for v in value]}
        if isinstance(value, dict):
            return {"D": [[self.encode(k, depth + 1), self.encode(v, depth + 1)] for k, v in dict.items(value)]}
        if isinstance(value, Unsupported):
            return {"U": [value.type_name, value.text]}
        return {"U": [_type_name(value), _short_repr(value)]}

    def _array(self, arr):
        arr = np.asarray(arr)
        if type(arr) is not np.ndarray:
            arr = arr.view(np.ndarray)
        dtype = arr.dtype
        if dtype.kind not in ARRAY_KINDS or dtype.hasobject or dtype.fields is not None:
            return {"U": ["ndarray", f"an array of dtype {dtype}"]}
        if arr.size > MAX_ELEMENTS:
            raise ProtocolError(f"array of {arr.size} entries is too large")
        data = np.ascontiguousarray(arr).tobytes()
        return {"A": [dtype.str, list(arr.shape), self._blob(data)]}


def _type_name(value):
    try:
        return str(type(value).__name__)[:80]
    except Exception:  # noqa: BLE001 - a hostile type's __name__
        return "object"


def _short_repr(value):
    try:
        text = object.__repr__(value)  # never the object's own __repr__: it could do anything
    except Exception:  # noqa: BLE001 - any failure is just an unknown repr
        text = "?"
    return text[:120]


def encode(value):
    """(json-able tree, blobs) for a value; unsupported parts become {"U": ...} markers."""
    enc = _Encoder()
    return enc.encode(value), enc.blobs


# --- decoding -----------------------------------------------------------------------------------
class _Decoder:
    def __init__(self, blobs, resolve_ref=None):
        self.blobs = blobs
        self.resolve_ref = resolve_ref
        self.nodes = 0

    def decode(self, node, depth=0):
        self.nodes += 1
        if self.nodes > MAX_NODES or depth > MAX_DEPTH:
            raise ProtocolError("value too large or too deeply nested")
        if node is None or isinstance(node, (bool, int, float, str)):
            return node
        if isinstance(node, list):
            raise ProtocolError("bare list in message")
        if not isinstance(node, dict) or len(node) != 1:
            raise ProtocolError("malformed value")
        (tag, body), = node.items()
        if tag == "L":
            return [self.decode(v, depth + 1) for v in _list(body)]
        if tag == "T":
            return tuple(self.decode(v, depth + 1) for v in _list(body))
        if tag == "D":
            out = {}
            for pair in _list(body):
                if not isinstance(pair, list) or len(pair) != 2:
                    raise ProtocolError("malformed dict entry")
                key = self.decode(pair[0], depth + 1)
                if not _hashable_plain(key):
                    raise ProtocolError("unsupported dict key")
                out[key] = self.decode(pair[1], depth + 1)
            return out
        if tag == "X":
            if body not in ("nan", "inf", "-inf"):
                raise ProtocolError("malformed float")
            return float(body)
        if tag == "C":
            re, im = _list(body, 2)
            re, im = self.decode(re, depth + 1), self.decode(im, depth + 1)
            if not all(isinstance(v, float) for v in (re, im)):
                raise ProtocolError("malformed complex")
            return complex(re, im)
        if tag == "A":
            dtype, shape, index = _list(body, 3)
            return self._array(dtype, shape, index)
        if tag == "S":
            dtype, index = _list(body, 2)
            return self._array(dtype, [], index)[()]
        if tag == "G":
            name, state = _list(body, 2)
            if name not in BIT_GENERATORS:
                raise ProtocolError("unknown bit generator")
            bit_generator = getattr(np.random, name)()
            try:
                bit_generator.state = self.decode(state, depth + 1)
            except (TypeError, ValueError, KeyError) as exc:
                raise ProtocolError(f"malformed generator state: {exc}") from None
            return np.random.Generator(bit_generator)
        if tag == "U":
            type_name, text = _list(body, 2)
            return unsupported(str(type_name)[:80], str(text)[:200])
        if tag == "R":
            if self.resolve_ref is None or not isinstance(body, str):
                raise ProtocolError("function reference not allowed here")
            return self.resolve_ref(body)
        raise ProtocolError(f"unknown tag {tag!r}")

    def _array(self, dtype_str, shape, index):
        if not isinstance(dtype_str, str) or len(dtype_str) > 16:
            raise ProtocolError("malformed dtype")
        try:
            dtype = np.dtype(dtype_str)
        except Exception:  # noqa: BLE001 - any bad dtype text is the peer's fault
            raise ProtocolError("malformed dtype") from None
        if dtype.kind not in ARRAY_KINDS or dtype.hasobject or dtype.fields is not None or dtype.str != dtype_str:
            raise ProtocolError(f"refused dtype {dtype_str!r}")
        if not isinstance(shape, list) or len(shape) > 32 or not all(
                type(n) is int and 0 <= n <= MAX_ELEMENTS for n in shape):
            raise ProtocolError("malformed shape")
        count = 1
        for n in shape:
            count *= n
        if count > MAX_ELEMENTS:
            raise ProtocolError("array too large")
        if type(index) is not int or not 0 <= index < len(self.blobs):
            raise ProtocolError("bad blob index")
        data = self.blobs[index]
        if len(data) != count * dtype.itemsize:
            raise ProtocolError("array data does not match its shape")
        return np.frombuffer(data, dtype=dtype, count=count).reshape(shape).copy()


def _list(body, length=None):
    if not isinstance(body, list) or (length is not None and len(body) != length):
        raise ProtocolError("malformed value")
    return body


def _hashable_plain(key):
    if key is None or isinstance(key, (bool, int, float, str, complex, np.generic)):
        return True
    return isinstance(key, tuple) and all(_hashable_plain(k) for k in key)


def decode(tree, blobs, resolve_ref=None):
    return _Decoder(blobs, resolve_ref).decode(tree)


# --- framing ------------------------------------------------------------------------------------
def send_message(sock, header, blobs=()):
    """Send one message: a JSON-able header (dict) and byte blobs."""
    payload = json.dumps({"h": header, "b": [len(b) for b in blobs]}, separators=(",", ":")).encode()
    if len(payload) > MAX_HEADER or sum(len(b) for b in blobs) + len(payload) > MAX_MESSAGE:
        raise ProtocolError("message too large")
    sock.sendall(struct.pack("!I", len(payload)) + payload)
    for blob in blobs:
        sock.sendall(blob)


def _recv_exact(sock, n, deadline):
    chunks, got = [], 0
    while got < n:
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise PeerTimeout()
            sock.settimeout(remaining)
        else:
            sock.settimeout(None)
        try:
            chunk = sock.recv(min(n - got, 1 << 20))
        except socket.timeout:
            raise PeerTimeout() from None
        except (ConnectionResetError, BrokenPipeError):
            raise PeerClosed() from None
        if not chunk:
            raise PeerClosed()
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def recv_message(sock, deadline=None):
    """(header, blobs) of the next message; PeerTimeout after ``deadline`` (time.monotonic())."""
    (length,) = struct.unpack("!I", _recv_exact(sock, 4, deadline))
    if length > MAX_HEADER:
        raise ProtocolError("header too large")
    try:
        frame = json.loads(_recv_exact(sock, length, deadline))
    except (ValueError, RecursionError):
        raise ProtocolError("header is not JSON") from None
    if not isinstance(frame, dict) or not isinstance(frame.get("b"), list) or not isinstance(frame.get("h"), dict):
        raise ProtocolError("malformed header")
    sizes = frame["b"]
    if not all(type(n) is int and n >= 0 for n in sizes) or sum(sizes) + length > MAX_MESSAGE:
        raise ProtocolError("bad blob sizes")
    return frame["h"], [_recv_exact(sock, n, deadline) for n in sizes]
