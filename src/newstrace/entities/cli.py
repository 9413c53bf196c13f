"""``newstrace entities ...``: look at entities and curate them."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer

from newstrace.errors import NewstraceError
from newstrace.store.base import Store

app = typer.Typer(help="List, inspect and curate entities (curation survives re-analysis).", no_args_is_help=True)
alias_app = typer.Typer(help="Aliases of an entity.", no_args_is_help=True)
app.add_typer(alias_app, name="alias")

Db = Annotated[str, typer.Option("--db", help="The database written by analyze.")]


@contextmanager
def _store(db: str) -> Iterator[Store]:
    from newstrace.store import open_store

    try:
        with open_store(db, create=False) as store:
            yield store
    except NewstraceError as e:
        typer.echo(f"newstrace: error: {e}", err=True)
        raise typer.Exit(e.exit_code) from None


def _run(db: str, action: Callable[[Store], Any]) -> Any:
    with _store(db) as store:
        return action(store)


@app.command("merge")
def merge_cmd(keep_id: str, other_id: str, db: Db) -> None:
    """Fold entity OTHER_ID into KEEP_ID."""
    from newstrace.entities.curation import merge

    kept = _run(db, lambda s: merge(s, keep_id, other_id))
    typer.echo(f"merged {other_id} into {kept}")


@app.command("split")
def split_cmd(entity_id: str, alias: str, db: Db) -> None:
    """Move the mentions written ALIAS out of ENTITY_ID into a new entity."""
    from newstrace.entities.curation import split

    new_id = _run(db, lambda s: split(s, entity_id, alias))
    typer.echo(f"split {alias!r} off {entity_id} as {new_id}")


@app.command("rename")
def rename_cmd(entity_id: str, name: str, db: Db) -> None:
    """Give ENTITY_ID a new display name (its id stays)."""
    from newstrace.entities.curation import rename

    eid = _run(db, lambda s: rename(s, entity_id, name))
    typer.echo(f"renamed {eid} to {name!r}")


@alias_app.command("add")
def alias_add_cmd(entity_id: str, alias: str, db: Db) -> None:
    """Record that ALIAS names ENTITY_ID: mentions written so move to it."""
    from newstrace.entities.curation import add_alias

    eid = _run(db, lambda s: add_alias(s, entity_id, alias))
    typer.echo(f"added alias {alias!r} to {eid}")


@app.command("list")
def list_cmd(
    db: Db,
    name: Annotated[str | None, typer.Option("--name", help="Only names or aliases containing this text.")] = None,
    type_: Annotated[str | None, typer.Option("--type", help="PERSON, ORG, GPE, LOC, NORP, FAC.")] = None,
    limit: Annotated[int, typer.Option("--limit", min=1)] = 50,
) -> None:
    """Entities, most mentioned first: id, type, mentions, articles, name."""
    def rows(store: Store) -> list[dict[str, Any]]:
        sql, params = "SELECT * FROM entities WHERE 1 = 1", []
        if name:
            sql += " AND (LOWER(name) LIKE ? OR LOWER(aliases_json) LIKE ?)"
            params += [f"%{name.lower()}%"] * 2
        if type_:
            sql += " AND type = ?"
            params.append(type_.upper())
        sql += " ORDER BY mention_count DESC, id LIMIT ?"
        return store.query(sql, [*params, limit])

    for r in _run(db, rows):
        typer.echo(f"{r['id']}\t{r['type']}\t{r['mention_count']}\t{r['article_count']}\t{r['name']}")


@app.command("show")
def show_cmd(entity_id: str, db: Db) -> None:
    """One entity: its name, aliases and where it is mentioned."""
    from newstrace.entities.curation import _current

    def details(store: Store) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        eid = _current(store, entity_id)
        ent = store.query("SELECT * FROM entities WHERE id = ?", [eid])[0]
        mentions = store.query(
            "SELECT article_id, start_char, end_char, text, role FROM mentions WHERE resolved_id = ? "
            "ORDER BY article_id, start_char LIMIT 200", [eid],
        )
        return ent, mentions

    ent, mentions = _run(db, details)
    typer.echo(f"{ent['id']}  {ent['name']}  ({ent['type']}; {ent['mention_count']} mentions in "
               f"{ent['article_count']} articles)")
    typer.echo("aliases: " + ", ".join(json.loads(ent["aliases_json"])))
    for m in mentions:
        typer.echo(f"  {m['article_id']}\t{m['start_char']}-{m['end_char']}\t{m['role']}\t{m['text']}")
