"""Content-Encoding undone by hand, every layer capped while it inflates.

httpx would inflate each chunk without limit (`gzip, gzip` of 1 GB of zeros is 1.8 KB on
the wire). Here the raw bytes go through one zlib decompressor per layer, each asked for
at most CHUNK bytes at a time, so memory stays within a few chunks per layer whatever the
ratio, and the caller stops as soon as the decoded size passes its cap.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

CHUNK = 64 * 1024
MAX_LAYERS = 4
SUPPORTED = ("gzip", "x-gzip", "deflate", "identity")
ACCEPT_ENCODING = "gzip, deflate"


class DecodingError(ValueError):
    """The body is not what its Content-Encoding says (or uses one we do not support)."""


class _Layer:
    """One Content-Encoding layer: gzip (members in sequence) or deflate (zlib or raw)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._raw_tried = False
        self._inflater = self._new()
        self._started = False

    def _new(self) -> zlib._Decompress:
        if self.name in ("gzip", "x-gzip"):
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        return zlib.decompressobj(zlib.MAX_WBITS if not self._raw_tried else -zlib.MAX_WBITS)

    def feed(self, data: bytes) -> Iterator[bytes]:
        """The inflated bytes of `data`, CHUNK at most at a time."""
        while data:
            try:
                out = self._inflater.decompress(data, CHUNK)
            except zlib.error as exc:
                if self.name == "deflate" and not self._started and not self._raw_tried:
                    self._raw_tried = True       # "deflate" sent as raw deflate, no header
                    self._inflater = self._new()
                    continue
                raise DecodingError(f"bad {self.name} data ({exc})") from None
            self._started = True
            if out:
                yield out
            data = self._inflater.unconsumed_tail
            if self._inflater.eof:
                rest = self._inflater.unused_data
                data = b""
                if rest.strip(b"\x00") and self.name in ("gzip", "x-gzip"):
                    self._inflater = self._new()   # another gzip member follows
                    data = rest

    def finish(self) -> None:
        if self._started and not self._inflater.eof:
            raise DecodingError(f"truncated {self.name} data")


class ContentDecoder:
    """Undoes a Content-Encoding header's layers, last applied first."""

    def __init__(self, header: str | None) -> None:
        names = [n.strip().lower() for n in (header or "").split(",") if n.strip()]
        names = [n for n in names if n != "identity"]
        unknown = [n for n in names if n not in SUPPORTED]
        if unknown:
            raise DecodingError(f"unsupported Content-Encoding: {unknown[0][:40]}")
        if len(names) > MAX_LAYERS:
            raise DecodingError(f"more than {MAX_LAYERS} Content-Encoding layers")
        self.layers = [_Layer(n) for n in reversed(names)]

    def feed(self, raw: bytes) -> Iterator[bytes]:
        return self._through(raw, 0)

    def _through(self, data: bytes, index: int) -> Iterator[bytes]:
        if index == len(self.layers):
            if data:
                yield data
            return
        for piece in self.layers[index].feed(data):
            yield from self._through(piece, index + 1)

    def finish(self) -> None:
        for layer in self.layers:
            layer.finish()
