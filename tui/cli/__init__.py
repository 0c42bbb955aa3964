"""The `veille` command line: `program` parses and dispatches, `commands/` holds one module per
subcommand, `doc` generates docs/cli.md from the parsers."""

from tui.cli.program import main

__all__ = ["main"]
