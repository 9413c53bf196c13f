"""``newstrace entities ...``: look at entities and curate them (stored, survives reruns)."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from newstrace.entities import curation
from newstrace.errors import NewstraceError

app = typer.Typer(help="List, merge, split, rename entities and add aliases.", no_args_is_help=True)
alias_app = typer.Typer(help="Manage an entity's aliases.", no_args_is_help=True)
app.add_typer(alias_app, name="alias")

DbOption = Annotated[str, typer.Option("--db", help="The database written by analyze.")]


def _store(db: str):
    from newstrace.store import open_store

    return open_store(db, create=False)


def _run(db: str, action, *args: str) -> object:
    try:
        with _store(db) as store:
            return action(store, *args)
    except NewstraceError as e:
        typer.echo(f"newstrace: {e}", err=True)
        raise typer.Exit(e.exit_code) from None


@app.command("list")
def list_entities(
    db: DbOption,
    name: Annotated[str | None, typer.Option("--name", help="Only names containing this text.")] = None,
    limit: Annotated[int, typer.Option("--limit", help="At most this many rows.")] = 50,
) -> None:
    """Entities by number of mentions: id, type, mentions, articles, name."""

    def show(store) -> None:
        sql = "SELECT id, type, mention_count, article_count, name FROM entities"
        params: list[object] = []
        if name:
            sql += " WHERE name LIKE ? ESCAPE '\\' OR aliases_json LIKE ? ESCAPE '\\'"
            pattern = "%" + name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            params += [pattern, pattern]
        sql += " ORDER BY mention_count DESC, id LIMIT ?"
        for r in store.query(sql, [*params, limit]):
            typer.echo(f"{r['id']}\t{r['type']}\t{r['mention_count']}\t{r['article_count']}\t{r['name']}")

    _run(db, show)


@app.command("show")
def show_entity(db: DbOption, entity_id: Annotated[str, typer.Argument(help="Entity id.")]) -> None:
    """One entity as JSON (name, type, aliases, counts)."""

    def show(store) -> None:
        rows = store.query("SELECT * FROM entities WHERE id = ?", [entity_id])
        if not rows:
            raise curation.UnknownEntity(entity_id)
        r = rows[0]
        r["aliases"] = json.loads(r.pop("aliases_json"))
        typer.echo(json.dumps(r, ensure_ascii=False, indent=2))

    _run(db, show)


@app.command("merge")
def merge(
    db: DbOption,
    keep_id: Annotated[str, typer.Argument(help="The entity that survives.")],
    other_id: Annotated[str, typer.Argument(help="The entity folded into it.")],
) -> None:
    """Merge OTHER into KEEP (e.g. "U.S." into "United States")."""
    _run(db, curation.merge, keep_id, other_id)
    typer.echo(f"merged {other_id} into {keep_id}")


@app.command("split")
def split(
    db: DbOption,
    entity_id: Annotated[str, typer.Argument(help="The entity to split.")],
    alias: Annotated[str, typer.Argument(help="Mentions written like this move to a new entity.")],
) -> None:
    """Undo a wrong merge: mentions written ALIAS become their own entity."""
    new_id = _run(db, curation.split, entity_id, alias)
    typer.echo(f"split {alias!r} out of {entity_id} as {new_id}")


@app.command("rename")
def rename(
    db: DbOption,
    entity_id: Annotated[str, typer.Argument(help="Entity id.")],
    name: Annotated[str, typer.Argument(help="The new display name.")],
) -> None:
    """Give an entity the display name you want."""
    _run(db, curation.rename, entity_id, name)
    typer.echo(f"renamed {entity_id} to {name!r}")


@alias_app.command("add")
def alias_add(
    db: DbOption,
    entity_id: Annotated[str, typer.Argument(help="Entity id.")],
    alias: Annotated[str, typer.Argument(help="Another name of this entity.")],
) -> None:
    """Add an alias; entities named exactly that are folded into this one."""
    _run(db, curation.add_alias, entity_id, alias)
    typer.echo(f"added alias {alias!r} to {entity_id}")
