"""The `veille` command line: parses arguments, runs one command, maps errors to exit codes.

Each subcommand lives in its own module under `tui/cli/commands/` with `NAME`, `HELP`,
`configure(parser)` and `run(args) -> int`. Command modules import their heavy dependencies
(Whoosh, httpx, Textual) inside `run`, so `veille search --json` never pays for Textual.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import Any, NoReturn

from corpus import Home
from tui.cli import output
from tui.cli.exitcodes import Exit, error_code
from tui.cli.helpformat import FrenchHelpFormatter
from tui.cli.output import COLOR_CHOICES

COMMAND_MODULES = (
    "tui", "crawl", "import_", "index", "search", "show", "extract", "stats", "export",
    "demo", "watch", "selection", "review", "trends", "init", "store",
)

# Each module's NAME is its module name (`import_` is `import`): known without importing them.
COMMAND_NAMES = frozenset(name.rstrip("_") for name in COMMAND_MODULES)

log = logging.getLogger("veille")

# argparse's own words, in French: its usage errors and its help's headings (the strings
# Python's argparse passes through gettext; the help texts of our options are French too).
_ARGPARSE_FR = {
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "ambiguous option: %(option)s could match %(matches)s":
        "option ambiguë : %(option)s peut être %(matches)s",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "can't open '%(filename)s': %(error)s": "impossible d’ouvrir « %(filename)s » : %(error)s",
    "expected at least one argument": "au moins une valeur attendue",
    "expected at most one argument": "au plus une valeur attendue",
    "expected one argument": "une valeur attendue",
    "ignored explicit argument %r": "valeur %r ignorée",
    "invalid %(type)s value: %(value)r": "valeur incorrecte : %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "choix incorrect : %(value)r (au choix : %(choices)s)",
    "not allowed with argument %s": "incompatible avec l’argument %s",
    "one of the arguments %s is required": "l’un des arguments %s est obligatoire",
    # section headings: argparse adds the colon, so the space before it is ours
    "options": "options ",
    "positional arguments": "arguments ",
    "show this help message and exit": "afficher cette aide et quitter",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "unexpected option string: %s": "option inattendue : %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)":
        "commande inconnue : %(parser_name)r (au choix : %(choices)s)",
    "unrecognized arguments: %s": "arguments inconnus : %s",
    "usage: ": "usage : ",
}
_ARGPARSE_FR_PLURAL = {
    "expected %s argument": ("%s valeur attendue", "%s valeurs attendues"),
}


def _argparse_gettext(message: str) -> str:
    return _ARGPARSE_FR.get(message, message)


def _argparse_ngettext(singular: str, plural: str, n: int) -> str:
    forms = _ARGPARSE_FR_PLURAL.get(singular)
    if forms is None:
        return singular if n == 1 else plural
    return forms[0] if n <= 1 else forms[1]  # French: 0 and 1 take the singular


argparse._ = _argparse_gettext  # type: ignore[attr-defined]
argparse.ngettext = _argparse_ngettext  # type: ignore[attr-defined]


class ArgumentParser(argparse.ArgumentParser):
    """argparse, but bad usage is one line on stderr and exit code 2; help wrapped the
    French way (tui.cli.helpformat)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", FrenchHelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"{self.prog}: erreur : {message} (voir `{self.prog} --help`)\n")
        raise SystemExit(Exit.USAGE)


def command_modules(only: str | None = None) -> list[ModuleType]:
    """Every command's module, or only command `only`'s."""
    names = [m for m in COMMAND_MODULES if only is None or m.rstrip("_") == only]
    return [importlib.import_module(f"tui.cli.commands.{name}") for name in names]


class _Version(argparse.Action):
    """argparse's `version` action, the installed version read only when asked (reading
    the package metadata costs more than the rest of parsing)."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS,
                 default: str = argparse.SUPPRESS,
                 help: str = "afficher la version et quitter") -> None:  # noqa: A002
        super().__init__(option_strings, dest, nargs=0, default=default, help=help)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            ver = version("veille")
        except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
            ver = "unknown"
        sys.stdout.write(f"veille {ver}\n")
        parser.exit()


def build_parser(only: str | None = None) -> ArgumentParser:
    """The whole command line, or (`only`) the top-level options and that one command:
    what running it needs, without importing every other command's module."""
    parser = ArgumentParser(
        prog="veille",
        description="Veille : chercher dans la presse professionnelle francophone depuis "
        "le terminal. Sans commande, ouvre l’atelier de recherche.",
        epilog="Codes de sortie : 0 succès, 1 erreur inattendue, 2 usage ou entrée "
        "incorrects, 3 rien à chercher pour l’instant, 75 une autre exécution tient le "
        "verrou du dossier, 130 arrêt par Ctrl-C ou SIGTERM.",
    )
    parser.add_argument(
        "--home", metavar="DOSSIER",
        help="dossier de données (défaut : $VEILLE_HOME, sinon le dossier de données de "
        "l’utilisateur)",
    )
    parser.add_argument("--debug", action="store_true",
                        help="afficher la pile d’appels des erreurs inattendues")
    parser.add_argument("--color", choices=COLOR_CHOICES, default="auto",
                        help="couleur et gras dans la sortie : auto (un terminal sans "
                        "NO_COLOR ni TERM=dumb), always (toujours) ou never (jamais)")
    parser.add_argument("--version", action=_Version)
    sub = parser.add_subparsers(dest="command", metavar="COMMANDE",
                                parser_class=ArgumentParser)
    for module in command_modules(only):
        cmd = sub.add_parser(module.NAME, help=module.HELP, description=module.DESCRIPTION)
        module.configure(cmd)
        cmd.add_argument("--color", choices=COLOR_CHOICES, default=argparse.SUPPRESS,
                         help="couleur et gras : auto, always ou never (défaut : auto)")
        cmd.add_argument("--home", metavar="DOSSIER", default=argparse.SUPPRESS,
                         help="dossier de données (aussi avant la commande)")
        cmd.set_defaults(run=module.run)
    return parser


def setup_logging(debug: bool) -> None:
    """Terse warnings on stderr for people; a full log file in the home when it exists."""
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    for old in [h for h in root.handlers if getattr(h, "veille", False)]:
        root.removeHandler(old)
        old.close()
    err = logging.StreamHandler(sys.stderr)
    err.veille = True  # type: ignore[attr-defined]
    err.setLevel(logging.DEBUG if debug else logging.WARNING)
    err.setFormatter(logging.Formatter("veille: %(message)s"))
    root.addHandler(err)
    for noisy in ("httpx", "httpcore", "asyncio"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def add_file_log(home: Home, name: str = "veille.log") -> None:
    """Also log INFO and above to `logs/NAME` in the home (for cron runs).

    The file rotates at 5 MB, keeping three old ones: a years-long cron job stays bounded.
    """
    from logging.handlers import RotatingFileHandler

    home.ensure()
    handler = RotatingFileHandler(home.log_dir / name, maxBytes=5_000_000, backupCount=3,
                                  encoding="utf-8")
    handler.veille = True  # type: ignore[attr-defined]
    handler.setLevel(logging.INFO)
    handler.setFormatter(logging.Formatter(
        "%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"))
    logging.getLogger().addHandler(handler)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    output.setup()  # no UnicodeEncodeError on any terminal, from the first message on
    if any(a in argv for a in ("-h", "--help", "--version")):
        parser = build_parser()
    else:
        argv = _with_command(argv)
        parser = build_parser(_command(argv))
    args = parser.parse_args(argv)
    output.setup(args.color)
    debug = bool(args.debug or os.environ.get("VEILLE_DEBUG"))
    setup_logging(debug)
    args.home_given = args.home is not None  # `veille demo` keeps off the real home unless asked
    args.home = Home.resolve(args.home)
    try:
        code = int(args.run(args))
    except KeyboardInterrupt as exc:
        # tui.cli.signals.Terminated: SIGTERM stops a command like Ctrl-C, with the same code
        _fail("arrêté par SIGTERM" if type(exc).__name__ == "Terminated" else "interrompu")
        code = Exit.INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`veille export | head`): not an error of ours.
        _quiet_broken_pipe()
        code = Exit.OK
    except Exception as exc:  # the edge: one line on stderr, the tree's code or 1
        known = error_code(exc)
        if known is not None:
            _fail(str(exc))
            code = known
        elif debug:
            raise
        else:
            log.debug("unexpected error", exc_info=True)
            _fail(f"erreur inattendue : {type(exc).__name__} : {exc} "
                  "(relancez avec --debug pour le détail)")
            code = Exit.UNEXPECTED
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_broken_pipe()
    return code


def _with_command(argv: list[str]) -> list[str]:
    """argv with `tui` implied: `veille` alone, or `veille QUERY…` (a first positional
    argument that names no command) opens the workbench."""
    i = _first_positional(argv)
    if i is None:
        return [*argv, "tui"]
    return argv if argv[i] in COMMAND_NAMES else [*argv[:i], "tui", *argv[i:]]


def _command(argv: list[str]) -> str | None:
    """The command `argv` (with its command: `_with_command`) runs."""
    i = _first_positional(argv)
    return argv[i] if i is not None and argv[i] in COMMAND_NAMES else None


def _first_positional(argv: list[str]) -> int | None:
    """Where the first argument that is no top-level option (or its value) is."""
    skip = False
    for i, arg in enumerate(argv):
        if skip:
            skip = False
            continue
        if arg in ("--home", "--color"):
            skip = True
            continue
        if arg.startswith("-"):
            continue
        return i
    return None


def _fail(message: str) -> None:
    sys.stderr.write(f"veille: {message}\n")


def _quiet_broken_pipe() -> None:
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


