"""Everything a person or a script touches in a terminal: the `veille` command and the
Textual workbench. It calls `crawler`, `corpus` and `indexer`; nothing calls it."""
