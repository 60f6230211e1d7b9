"""Sentence vectors packed into a chunk's metadata come back as (almost) the same unit vectors."""

from __future__ import annotations

import numpy as np

from index.store.vectors import pack, unpack


def test_pack_round_trip_keeps_direction() -> None:
    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(9, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    packed = pack(vectors)
    assert isinstance(packed, str) and len(packed) < vectors.nbytes / 2.5  # int8 + a scale, base64
    back = unpack(packed, 384)
    assert back.shape == vectors.shape
    assert float((back * vectors).sum(axis=1).min()) > 0.9999


def test_empty_packs_to_empty() -> None:
    assert pack(np.zeros((0, 384), dtype=np.float32)) == ""
    assert unpack("", 384).shape == (0, 384)
