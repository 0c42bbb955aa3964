"""`veille init`: set up a home, on its own SQLite corpus or on a shared PostgreSQL one."""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

NAME = "init"
HELP = "préparer le dossier de données, au besoin sur un corpus PostgreSQL partagé (--store URL)"
DESCRIPTION = (
    "Préparer le dossier de données. Avec --store postgresql://utilisateur@hôte:port/base, "
    "le corpus du dossier est cette base (partagée par une équipe, docs/team.md) : l’URL est "
    "écrite dans DOSSIER/veille.toml (`store = \"…\"`, que $VEILLE_STORE remplace) et le "
    "schéma est créé ou mis à jour, avec ses deux rôles, BASE_writer et BASE_reader, quand "
    "le rôle connecté peut créer des rôles. Les paramètres libpq de l’URL (sslmode…) sont "
    "respectés ; le mot de passe peut être dans l’URL (veille.toml n’est alors lisible que "
    "par vous), dans PGPASSFILE/~/.pgpass ou PGPASSWORD, et n’est jamais affiché. Sans "
    "--store, crée le corpus du dossier là où le dit sa configuration (par défaut son propre "
    "fichier SQLite). Le relancer est sans danger."
)

CONFIG_NAME = "veille.toml"
_STORE_LINE = re.compile(r"^\s*store\s*=.*$", re.MULTILINE)


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", metavar="URL",
                        help="le corpus : postgresql://… (ou le chemin d’un fichier SQLite)")


def run(args: argparse.Namespace) -> int:
    from corpus.french import count
    from corpus.store import locate
    from tui.cli.exitcodes import CommandError

    home = args.home
    url = args.store.strip() if args.store else None
    if args.store is not None and not url:
        raise CommandError("--store : adresse vide")
    location = locate(url) if url else locate(home)   # BadStoreConfig: exit 2
    store = location.open(create=True)
    try:
        articles, seq = store.count(), store.last_seq()
        writable = bool(getattr(store, "writable", True))
    finally:
        store.close()
    home.ensure()
    lines = []
    if url:
        write_store_config(home.root / CONFIG_NAME, url)
        lines.append(f"corpus : {location.display} ({count(articles, 'article')}, "
                     f"séquence {seq})")
        lines.append(f"configuration écrite dans {home.root / CONFIG_NAME}")
        if writable:
            lines.extend(_roles(location))
        else:
            lines.append("accès en lecture seule : recherche, index local, veilles et "
                         "exports ; crawl, import et store copy demandent le rôle d’écriture")
        if os.environ.get("VEILLE_STORE", "").strip() not in ("", url):
            lines.append("attention : $VEILLE_STORE est défini et l’emporte sur veille.toml")
        if home.corpus_db.exists() and url != str(home.corpus_db):
            lines.append(f"le corpus SQLite local {home.corpus_db} reste tel quel ; pour "
                         "le verser dans le corpus partagé : "
                         f"veille store copy --from {home.corpus_db} --to URL")
    else:
        lines.append(f"corpus : {location.display} ({count(articles, 'article')})")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0


def _roles(location: object) -> list[str]:
    from corpus import StoreError

    create_roles = getattr(location, "create_roles", None)
    if create_roles is None:
        return []
    try:
        writer, reader = create_roles()
    except StoreError as exc:
        return [f"rôles non créés : {exc}"]
    return [f"rôles : {writer} (crawl, import, store copy) et {reader} (recherche, index "
            "local, veilles, exports) ; donnez-les aux comptes de connexion, par exemple "
            f"CREATE ROLE alice LOGIN IN ROLE {reader}"]


def write_store_config(path: Path, url: str) -> None:
    """Set `store = "url"` in the TOML file at `path`, keeping its other lines; the file is
    made readable by its owner only when the URL holds a password."""
    import json

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    line = f"store = {json.dumps(url, ensure_ascii=False)}"  # a valid TOML basic string
    if _STORE_LINE.search(text):
        text = _STORE_LINE.sub(lambda _: line, text, count=1)
    else:
        text = (text.rstrip("\n") + "\n" if text.strip() else "") + line + "\n"
    tmp = path.with_name(f".{path.name}.{os.getpid()}.new")
    secret = _has_password(url)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600 if secret else 0o644)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(text)
    if secret:
        os.chmod(tmp, 0o600)
    os.replace(tmp, path)


def _has_password(url: str) -> bool:
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        return bool(parts.password) or "password=" in parts.query.lower()
    except ValueError:
        return False
