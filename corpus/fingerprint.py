"""Near-duplicate fingerprints of article bodies: normalised word shingles, MinHash, LSH bands.

The body (lead and text) is normalised so that typography, case, accents, elisions and
apostrophe forms do not matter, cut into word shingles *within* paragraphs (so reordered
paragraphs give the same set), and summarised by a MinHash signature. Two signatures
estimate the Jaccard similarity of the shingle sets; with the set sizes, the share of the
smaller body found in the larger (containment), which is what survives a cut reprint.
Bands of the signature are the keys of the LSH index that finds candidates without
comparing an article with every other one.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

SHINGLE = 5            # words per shingle
PERMUTATIONS = 128     # MinHash signature length
BAND_ROWS = 2          # signature rows per LSH band
BANDS = PERMUTATIONS // BAND_ROWS
MIN_WORDS = 25         # shorter bodies are never grouped: too little to tell reprints apart

_MASK64 = (1 << 64) - 1
# What an apostrophe (any form) leaves of an elided word: l’, d’, qu’, jusqu’… Standing
# alone, these are never words of their own (an "M." or a "D" lost with them is no loss).
_ELIDED = frozenset("l d j m n s t c qu jusqu lorsqu puisqu quoiqu".split())
_WORD = re.compile(r"[a-z0-9]+")
_PARAGRAPHS = re.compile(r"\n\s*\n")
_LIGATURES = (("œ", "oe"), ("æ", "ae"), ("ø", "o"), ("ł", "l"), ("đ", "d"), ("ß", "ss"))
_COMBINING = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def _constants(seed: int, count: int) -> npt.NDArray[np.uint64]:
    """`count` odd 64-bit constants, the same on every machine and every run."""
    out = []
    for i in range(count):
        digest = hashlib.blake2b(f"{seed}:{i}".encode(), digest_size=8).digest()
        out.append(int.from_bytes(digest, "little") | 1)
    return np.array(out, dtype=np.uint64)


_POSITION = _constants(1, 8)  # shingles of up to 8 words
_PERM_A = _constants(2, PERMUTATIONS)
_PERM_B = _constants(3, PERMUTATIONS)
_BAND_MULT = _constants(4, PERMUTATIONS)
_BAND_SALT = _constants(5, PERMUTATIONS)


def fold(text: str) -> str:
    """Lowercase, accents and ligatures folded."""
    text = text.casefold()
    if not text.isascii():
        text = _COMBINING.sub("", unicodedata.normalize("NFKD", text))
        for ligature, letters in _LIGATURES:
            if ligature in text:
                text = text.replace(ligature, letters)
    return text


def words(text: str) -> list[str]:
    """The words of `text`, folded (see `fold`), elided articles dropped and digit groups
    joined ("1 200", "1.200" and "1200" are one number)."""
    out: list[str] = []
    open_number = False  # the last word is a number that a group of 3 digits continues
    for token in _WORD.findall(fold(text)):
        if token in _ELIDED:
            continue
        if open_number and len(token) == 3 and token.isdigit():
            out[-1] += token
            continue
        open_number = token.isdigit() and len(token) <= 3
        out.append(token)
    return out


def _mix(values: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """splitmix64's finaliser: spreads every input bit over the whole word."""
    values = values ^ (values >> np.uint64(30))
    values = values * np.uint64(0xBF58476D1CE4E5B9)
    values = values ^ (values >> np.uint64(27))
    values = values * np.uint64(0x94D049BB133111EB)
    return values ^ (values >> np.uint64(31))


def _paragraph_words(text: str) -> list[list[str]]:
    return [tokens for p in _PARAGRAPHS.split(text) if (tokens := words(p))]


def shingles(text: str, size: int = SHINGLE) -> npt.NDArray[np.uint64]:
    """Distinct 64-bit hashes of the `size`-word shingles of each paragraph of `text`."""
    return _shingle_hashes(_paragraph_words(text), size)


def _shingle_hashes(paragraphs: list[list[str]], size: int) -> npt.NDArray[np.uint64]:
    parts: list[npt.NDArray[np.uint64]] = []
    for tokens in paragraphs:
        if not tokens:
            continue
        codes = np.array([zlib.crc32(t.encode()) for t in tokens], dtype=np.uint64)
        if len(codes) < size:
            codes = np.concatenate([codes, np.zeros(size - len(codes), dtype=np.uint64)])
        count = len(codes) - size + 1
        acc = np.zeros(count, dtype=np.uint64)
        for j in range(size):
            acc += codes[j:j + count] * _POSITION[j]
        parts.append(acc)
    if not parts:
        return np.zeros(0, dtype=np.uint64)
    return np.unique(_mix(np.concatenate(parts)))


def minhash(hashes: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint32]:
    """The MinHash signature (PERMUTATIONS values) of a non-empty set of shingle hashes."""
    permuted = (_PERM_A[:, None] * hashes[None, :] + _PERM_B[:, None]) >> np.uint64(32)
    signature: npt.NDArray[np.uint32] = permuted.min(axis=1).astype(np.uint32)
    return signature


@dataclass(frozen=True)
class Fingerprint:
    """What grouping needs of a body: a digest to skip unchanged bodies, and its sketch.

    `signature` is None when the body is too short to be compared (fewer than MIN_WORDS).
    """

    digest: str
    shingles: int
    signature: npt.NDArray[np.uint32] | None

    def bands(self, rows: int = BAND_ROWS) -> list[int]:
        """The LSH keys of the signature, one per band (signed 64-bit, for SQLite)."""
        if self.signature is None:
            return []
        return band_keys(self.signature, rows)


def fingerprint(text: str, shingle: int = SHINGLE) -> Fingerprint:
    """The fingerprint of a body (paragraphs separated by blank lines)."""
    paragraphs = _paragraph_words(text)
    normalised = "\n".join(" ".join(tokens) for tokens in paragraphs)
    digest = hashlib.blake2b(normalised.encode(), digest_size=12).hexdigest()
    if sum(len(tokens) for tokens in paragraphs) < MIN_WORDS:
        return Fingerprint(digest, 0, None)
    hashes = _shingle_hashes(paragraphs, shingle)
    return Fingerprint(digest, int(len(hashes)), minhash(hashes))


def band_keys(signature: npt.NDArray[np.uint32], rows: int = BAND_ROWS) -> list[int]:
    """One LSH key per band of `rows` signature values, salted by the band's position."""
    bands = len(signature) // rows
    table = signature[:bands * rows].astype(np.uint64).reshape(bands, rows)
    sums = (table * _BAND_MULT[None, :rows]).sum(axis=1, dtype=np.uint64)
    keys = _mix(sums ^ _BAND_SALT[:bands])
    return [int(k) for k in keys.view(np.int64)]


def to_blob(signature: npt.NDArray[np.uint32]) -> bytes:
    return signature.astype("<u4").tobytes()


def from_blobs(blobs: list[bytes]) -> npt.NDArray[np.uint32]:
    """Signatures stored with `to_blob`, as one (len(blobs), PERMUTATIONS) array."""
    return np.frombuffer(b"".join(blobs), dtype="<u4").reshape(len(blobs), PERMUTATIONS)


def similarities(
    signature: npt.NDArray[np.uint32], size: int,
    others: npt.NDArray[np.uint32], other_sizes: npt.NDArray[np.int64],
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Estimated Jaccard similarity and containment of the smaller set in the larger.

    Containment = |A ∩ B| / min(|A|, |B|), with |A ∩ B| = J (|A| + |B|) / (1 + J).
    """
    jaccard = (others == signature[None, :]).mean(axis=1)
    inter = jaccard * (size + other_sizes) / (1.0 + jaccard)
    smaller = np.maximum(np.minimum(size, other_sizes), 1)
    return jaccard, np.minimum(inter / smaller, 1.0)
