"""Exit codes come from one table (tui.cli.exitcodes.ERROR_CODES) over the exception trees."""

from __future__ import annotations

import importlib

import pytest

from tui.cli.exitcodes import ERROR_CODES, CommandError, Exit, error_code


@pytest.mark.parametrize(("module", "name"), sorted(ERROR_CODES))
def test_every_listed_error_exists(module: str, name: str) -> None:
    cls = getattr(importlib.import_module(module), name)
    assert isinstance(cls, type) and issubclass(cls, Exception)


@pytest.mark.parametrize(("module", "name", "code"), [
    ("corpus", "LockHeld", Exit.LOCKED), ("corpus", "StoreError", Exit.UNEXPECTED),
    ("indexer", "NoIndex", Exit.NOTHING_YET), ("indexer", "IndexCorrupt", Exit.UNEXPECTED),
    ("indexer.watches", "WatchError", Exit.USAGE), ("crawler", "SourcesError", Exit.USAGE),
    ("crawler", "FetchError", Exit.UNEXPECTED), ("tui.demo", "DemoDataError", Exit.UNEXPECTED),
    ("tui.selection", "SelectionError", Exit.UNEXPECTED),
])
def test_an_error_takes_the_code_of_its_nearest_listed_class(module: str, name: str,
                                                             code: Exit) -> None:
    cls = getattr(importlib.import_module(module), name)
    exc = cls.__new__(cls)
    Exception.__init__(exc, "x")
    assert error_code(exc) == code


def test_a_command_error_carries_its_code_and_others_have_none() -> None:
    assert error_code(CommandError("x", Exit.NOTHING_YET)) == Exit.NOTHING_YET
    assert error_code(ValueError("x")) is None


def test_no_command_catches_a_listed_error_only_to_re_raise_it() -> None:
    """The table decides: `except XError as exc: raise CommandError(str(exc), …)` in a
    command module would be a second place deciding the same code."""
    import re

    from tests.conftest import repo_root

    pattern = re.compile(r"except (\w+\.)?(\w+) as exc:\n\s+raise CommandError\(str\(exc\)")
    listed = {name for _, name in ERROR_CODES}
    for path in (repo_root() / "tui" / "cli" / "commands").glob("*.py"):
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            assert match.group(2) not in listed, f"{path.name}: {match.group(0)!r}"
