"""The short string columns (source, year) read into codes without sorting the segment
(indexer.whoosh.npcolumns): the same codes and names as np.unique over the values, hash
collisions included."""

from __future__ import annotations

import random
from typing import Any

import numpy as np
import pytest

from indexer.whoosh import npcolumns

VALUES = ["", "a", "2025", "2026", "les-echos", "usine-nouvelle", "l’usine à gaz",
          "x" * 8, "x" * 9, "y" * 16, "z" * 64, "é" * 20, "ab\x00", "abc"]


def _column(values: list[str]) -> tuple[bytes, Any, Any]:
    raw = [v.encode("utf-8") for v in values]
    lengths = np.array([len(b) for b in raw], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
    return b"".join(raw), offsets, lengths


def _reference(values: list[str], n: int) -> tuple[list[int], list[str]]:
    """np.unique over the values (NUL-padded bytes, as the old reader did)."""
    raw = [v.encode("utf-8") for v in values] + [b""] * (n - len(values))
    unique, codes = np.unique(np.array(raw, dtype=bytes), return_inverse=True)
    return codes.ravel().tolist(), [bytes(u).rstrip(b"\0").decode("utf-8") for u in unique]


def _codes(values: list[str], n: int) -> tuple[list[int], list[str]]:
    data, offsets, lengths = _column(values)
    width = int(lengths.max()) if len(lengths) else 0
    keys = npcolumns._packed(np, data, offsets, lengths, n, max(1, -(-width // 8)))
    codes, names = npcolumns._codes(np, keys, n)
    return codes.tolist(), names


@pytest.mark.parametrize("bits", [16, 1, 0])  # 0 and 1: every value in one or two buckets
@pytest.mark.parametrize("seed", range(4))
def test_codes_are_np_unique_s(seed: int, bits: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(npcolumns, "_BUCKET_BITS", bits)
    rng = random.Random(seed)
    values = [rng.choice(VALUES) for _ in range(rng.randint(1, 400))]
    n = len(values) + rng.choice([0, 0, 3])  # past the column's end: empty values
    assert _codes(values, n) == _reference(values, n)


def test_every_value_distinct_and_names_in_byte_order() -> None:
    values = [f"v{i:05d}" for i in range(3000)][::-1] + ["é", "e", "z", "E"]
    codes, names = _codes(values, len(values))
    assert names == sorted(set(values), key=lambda v: v.encode("utf-8"))
    assert [names[c] for c in codes] == values


def test_an_empty_column() -> None:
    assert _codes([], 0) == ([], [])
    assert _codes([], 3) == ([0, 0, 0], [""])
