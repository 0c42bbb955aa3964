"""Dependency direction: the back-end packages never import the UI (checked in a fresh
interpreter), and every package's public face is complete."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import pytest

BACKEND = ["corpus", "crawler", "indexer"]


@pytest.mark.parametrize("package", BACKEND)
def test_backend_never_imports_the_ui(package: str) -> None:
    # httpx loads its own command line (rich, pygments) when `click` is installed, as it is
    # in the test environment (import-linter needs it) but not in the app's: hide click so
    # the check sees what the app's install loads.
    code = (
        "import sys; sys.modules['click'] = None\n"
        f"import json, {package}\n"
        "print(json.dumps(sorted(m for m in sys.modules "
        "if m.split('.')[0] in ('textual', 'tui', 'rich'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert json.loads(out) == []


def test_corpus_does_not_import_the_crawler_or_the_indexer() -> None:
    code = (
        "import sys, json, corpus\n"
        "print(json.dumps(sorted(m for m in sys.modules "
        "if m.split('.')[0] in ('crawler', 'indexer', 'whoosh', 'httpx'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert json.loads(out) == []


def test_the_cli_parser_does_not_import_textual() -> None:
    code = (
        "import sys, json\n"
        "from tui.cli.program import build_parser\n"
        "build_parser()\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'textual')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert json.loads(out) == []


@pytest.mark.parametrize("package", BACKEND)
def test_public_names_are_complete(package: str) -> None:
    module = importlib.import_module(package)
    for name in module.__all__:  # everything promised resolves (lazy names included)
        assert getattr(module, name) is not None, name
    exported = {
        name for name, value in vars(module).items()
        if not name.startswith("_") and type(value).__name__ != "module"
        and getattr(value, "__module__", "").split(".")[0] == package
    }
    assert exported <= set(module.__all__)
