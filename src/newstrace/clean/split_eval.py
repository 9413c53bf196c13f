"""Measure the multi-story splitter on ordinary articles (should never split) and on
pages glued from two different articles (should split at the glue).

    newstrace eval split CORPUS_TEXT_DIR [...] [--limit N]
    python -m newstrace.clean.split_eval CORPUS_TEXT_DIR [...]

Each argument is a folder of one-article .txt files (PolNeAR ``train/text``, SemEval-2023
task 3 ``train/train-articles-subtask-2``...). Glued pages take article i and article
i + n/2 of the same folder and join them with each kind of marker the splitter knows: a
lone bullet, a separator line (bare, and with the second article's title under it), and a headline followed by a new dateline.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from newstrace.clean.boilerplate import strip_boilerplate
from newstrace.clean.split_stories import split_stories


def _texts(folder: Path, limit: int) -> list[str]:
    files = sorted(p for p in folder.rglob("*.txt") if p.is_file())[:limit]
    return [strip_boilerplate(p.read_text(encoding="utf-8", errors="replace"))[0] for p in files]


def _body(text: str) -> str:
    """The article without its first line (its title), for gluing under a marker."""
    return text.split("\n", 1)[1].strip() if "\n" in text else text


def _glued(a: str, b: str) -> dict[str, str]:
    body = _body(b)
    title = b.split("\n", 1)[0].strip().rstrip(".")
    return {
        "bullet": f"{a}\n\n• {body}",
        "separator": f"{a}\n\n* * *\n\n{body}",
        "separator+headline": f"{a}\n\n* * *\n\n{title}\n\n{body}",
        "headline": f"{a}\n\n{title}\n\nWASHINGTON (AP) — {body}",
    }


def eval_split(
    folders: Annotated[list[Path], typer.Argument(help="folders of one-article .txt files")],
    limit: Annotated[int, typer.Option(help="articles read per folder")] = 400,
) -> None:
    """Split rate of ordinary articles (false splits) and recall on glued pages."""
    for folder in folders:
        if not folder.is_dir():
            typer.echo(f"newstrace: {folder} is not a folder of .txt articles", err=True)
            raise typer.Exit(2)
        texts = _texts(folder, limit)
        if len(texts) < 2:
            typer.echo(f"newstrace: {folder} holds fewer than 2 .txt articles", err=True)
            raise typer.Exit(2)
        false_splits = sum(len(split_stories(t)) > 1 for t in texts)
        typer.echo(f"{folder}\tarticles={len(texts)}\tsplit={false_splits}\trate={false_splits / len(texts):.4f}")
        half = len(texts) // 2
        hits: dict[str, int] = {}
        exact: dict[str, int] = {}
        for i in range(half):
            a, b = texts[i], texts[i + half]
            for kind, page in _glued(a, b).items():
                stories = split_stories(page)
                hits[kind] = hits.get(kind, 0) + (len(stories) > 1)
                # Right place: the first story is article a, whole.
                exact[kind] = exact.get(kind, 0) + (len(stories) == 2 and stories[0].strip() == a.strip())
        for kind in hits:
            typer.echo(
                f"{folder}\tglued[{kind}]\tpages={half}\tsplit={hits[kind] / half:.3f}"
                f"\tsplit_at_glue={exact[kind] / half:.3f}"
            )


if __name__ == "__main__":
    typer.run(eval_split)
