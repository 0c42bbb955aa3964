"""The rebuild's writer processes: a helper forked but not yet recorded by its task (a
signal landed in between) is still ended when the rebuild is cancelled (Linux: /proc)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from indexer.whoosh import workers


def test_a_fork_no_task_records_is_killed() -> None:
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the unrecorded helper: waits on the pipe forever
        os.close(write)
        os.read(read, 1)
        os._exit(0)
    os.close(read)
    try:
        assert pid in workers._forked_children()
        workers._kill_unrecorded([])
        assert pid not in workers._forked_children()
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)       # already reaped by _kill_unrecorded
    finally:
        os.close(write)


def test_children_that_are_not_forks_are_left_alone() -> None:
    child = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"],
                             stdin=subprocess.PIPE)
    try:
        assert child.pid not in workers._forked_children()
        workers._kill_unrecorded([])
        assert child.poll() is None
    finally:
        assert child.stdin is not None
        child.stdin.close()
        child.wait(timeout=10)
