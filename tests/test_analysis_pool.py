"""The analysis pool: jobs in worker processes, abandoned past their time limit, a dead
worker replaced, workers recycled."""

from __future__ import annotations

import os
import time

import pytest

from crawler import analysis
from crawler.analysis import AnalysisError, AnalysisPool
from crawler.discovery import DiscoveryError


def pid() -> int:
    return os.getpid()


def spin(seconds: float) -> str:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass
    return "done"


def die() -> None:
    os._exit(3)


def refuse() -> None:
    raise DiscoveryError("XML declaring entities refused")


def crash() -> None:
    raise KeyError("oops")


async def test_jobs_run_elsewhere_and_a_long_one_is_abandoned() -> None:
    async with AnalysisPool(0.1, workers=1) as pool:   # the limit is 2 s at least
        first = await pool.run(pid)
        assert first != os.getpid()
        started = time.monotonic()
        with pytest.raises(AnalysisError, match="longer than 2 s"):
            await pool.run(spin, 60)
        assert time.monotonic() - started < 5
        assert await pool.run(spin, 0) == "done"
        assert await pool.run(pid) != first               # the stuck worker was killed


async def test_a_dying_worker_costs_one_job_and_errors_come_back_as_errors() -> None:
    async with AnalysisPool(5, workers=1) as pool:
        with pytest.raises(AnalysisError, match="died"):
            await pool.run(die)
        with pytest.raises(DiscoveryError, match="entities refused"):
            await pool.run(refuse)
        with pytest.raises(AnalysisError, match="unexpected KeyError") as info:
            await pool.run(crash)
        assert "Traceback" in info.value.details
        assert await pool.run(spin, 0) == "done"


async def test_workers_are_recycled(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(analysis, "JOBS_PER_WORKER", 3)
    async with AnalysisPool(5, workers=1) as pool:
        pids = [await pool.run(pid) for _ in range(7)]
    assert len(set(pids[:3])) == 1 and len(set(pids)) == 3


async def test_jobs_queued_behind_a_stuck_one_still_run() -> None:
    import asyncio

    async with AnalysisPool(0.1, workers=1) as pool:
        results = await asyncio.gather(pool.run(spin, 60), pool.run(spin, 0),
                                       pool.run(spin, 0), return_exceptions=True)
    assert isinstance(results[0], AnalysisError)
    assert results[1:] == ["done", "done"]


async def test_many_jobs_in_parallel() -> None:
    import asyncio

    async with AnalysisPool(5, workers=2) as pool:
        pids = await asyncio.gather(*(pool.run(pid) for _ in range(40)))
    assert len(set(pids)) == 2 and os.getpid() not in pids
