"""Content-Encoding inflated by hand, capped while inflating, against a real local server."""

from __future__ import annotations

import gzip
import tracemalloc
import zlib
from collections.abc import Iterator

import pytest

from crawler.errors import FetchError
from crawler.fetch import Fetcher
from crawler.inflate import ContentDecoder, DecodingError
from tests.crawlsite import Response, Site
from tests.test_fetch import settings

PAGE = ("<html><body><p>L’hydrogène vert arrive au port de Tanger Med.</p></body></html>"
        * 50).encode("utf-8")


@pytest.fixture
def site() -> Iterator[Site]:
    with Site() as s:
        yield s


def gzip_of_zeros(size: int) -> bytes:
    """gzip of `size` zero bytes, built in pieces (never `size` bytes in memory)."""
    out = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(1 << 20)
    parts = [out.compress(block) for _ in range(size >> 20)]
    return b"".join(parts) + out.flush()


def serve(site: Site, path: str, body: bytes, encoding: str) -> None:
    site.route(path, lambda req: Response(200, body, {"Content-Type": "text/html",
                                                       "Content-Encoding": encoding}))


@pytest.mark.parametrize(("encoding", "encode"), [
    ("gzip", gzip.compress),
    ("x-gzip", gzip.compress),
    ("deflate", zlib.compress),
    ("deflate", lambda b: zlib.compress(b)[2:-4]),          # raw deflate, as some servers do
    ("gzip, gzip", lambda b: gzip.compress(gzip.compress(b))),
    ("deflate, gzip", lambda b: gzip.compress(zlib.compress(b))),
    ("identity", lambda b: b),
])
async def test_every_layer_is_undone(site: Site, encoding: str, encode: object) -> None:
    serve(site, "/a", encode(PAGE), encoding)  # type: ignore[operator]
    async with Fetcher(settings()) as fetcher:
        page = await fetcher.fetch(site.url("/a"))
    assert page.body == PAGE
    assert "br" not in site.hits_for("/a")[0].headers["accept-encoding"]


async def test_a_double_gzip_bomb_is_abandoned_within_a_few_megabytes(site: Site) -> None:
    bomb = gzip.compress(gzip_of_zeros(1 << 30))      # 1 GB of zeros, gzip of gzip
    assert len(bomb) < 10_000
    serve(site, "/bomb", bomb, "gzip, gzip")
    tracemalloc.start()
    try:
        async with Fetcher(settings(max_bytes=2_000_000)) as fetcher:
            with pytest.raises(FetchError) as info:
                await fetcher.fetch(site.url("/bomb"))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert info.value.kind == "too-large"
    assert "max_bytes" in str(info.value)
    assert peak < 8_000_000, f"peak {peak:,} bytes"


async def test_invalid_gzip_is_one_decode_error(site: Site) -> None:
    serve(site, "/bad", b"this is not gzip at all" * 10, "gzip")
    serve(site, "/cut", gzip.compress(PAGE)[:-30], "gzip")
    serve(site, "/br", b"\x0b\x02\x80hello\x03", "br")
    async with Fetcher(settings()) as fetcher:
        for path, words in (("/bad", "bad gzip data"), ("/cut", "truncated gzip"),
                            ("/br", "unsupported Content-Encoding: br")):
            with pytest.raises(FetchError) as info:
                await fetcher.fetch(site.url(path))
            assert info.value.kind == "decode"
            assert words in str(info.value)
    assert len(site.hits_for("/bad")) == 1       # not retried: the server said what it sent


def test_decoder_streams_in_bounded_pieces() -> None:
    decoder = ContentDecoder("gzip")
    data = gzip.compress(bytes(5_000_000))
    pieces = [len(p) for i in range(0, len(data), 1000) for p in decoder.feed(data[i:i + 1000])]
    decoder.finish()
    assert sum(pieces) == 5_000_000 and max(pieces) <= 64 * 1024
    two_members = gzip.compress(b"un ") + gzip.compress(b"deux")
    decoder = ContentDecoder("gzip")
    assert b"".join(decoder.feed(two_members)) == b"un deux"
    with pytest.raises(DecodingError):
        ContentDecoder("gzip, gzip, gzip, gzip, gzip")
