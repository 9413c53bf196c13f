"""``newstrace train claims|events|framing``: the commands that produced the shipped weights."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from newstrace.pipeline import registry

app = typer.Typer(help="Retrain the models shipped in the package.", no_args_is_help=True)

MODELS_DIR = Path(__file__).resolve().parents[1] / "models"
TRAINERS = {
    "claims": ("newstrace.claims.training:train", "polnear"),
    "events": ("newstrace.events.training:train", ""),
    "framing": ("newstrace.framing.training:train", ""),
}


def _train(name: str, corpus: Path, out: Path | None, **options: object) -> None:
    ref, sub = TRAINERS[name]
    if not registry.available(ref):
        typer.echo(f"newstrace: the {name} stage is not in this build; nothing to train.", err=True)
        raise typer.Exit(2)
    if not corpus.exists():
        typer.echo(
            f"newstrace: corpus folder {corpus} not found. Pass the shared corpora folder "
            "(e.g. ../shared/corpora).",
            err=True,
        )
        raise typer.Exit(2)
    target = out or MODELS_DIR / name
    report = registry.load(ref)(corpus / sub if sub else corpus, target, **options)
    typer.echo(json.dumps(report, indent=2, default=str))


@app.command("claims")
def train_claims(
    corpus: Annotated[Path, typer.Option("--corpora", help="The shared corpora folder.")] = Path("../shared/corpora"),
    out: Annotated[Path | None, typer.Option("--out", help="Where to write the model (default: the package).")] = None,
) -> None:
    """Train the claims tagger and the claim scorer on PolNeAR train (tuned on dev)."""
    _train("claims", corpus, out)


@app.command("events")
def train_events(
    corpus: Annotated[Path, typer.Option("--corpora", help="The shared corpora folder.")] = Path("../shared/corpora"),
    out: Annotated[Path | None, typer.Option("--out", help="Where to write the model (default: the package).")] = None,
) -> None:
    """Train the event detector and sub-type model (CASE 2021, MUC-4 train, PolNeAR/SemEval train)."""
    _train("events", corpus, out)


@app.command("framing")
def train_framing(
    corpus: Annotated[Path, typer.Option("--corpora", help="The shared corpora folder.")] = Path("../shared/corpora"),
    out: Annotated[Path | None, typer.Option("--out", help="Where to write the model (default: the package).")] = None,
    only: Annotated[str | None, typer.Option("--only", help="'roles': retrain the entity-role models alone; 'genre': the genre model alone; the other models in the output folder are kept.")] = None,
) -> None:
    """Train techniques, genre, frames (SemEval-2023 task 3) and entity roles (SemEval-2025
    task 10) on the training folds of the shared corpora (the held-out fold is never read)."""
    if only not in (None, "roles", "genre"):
        typer.echo(f"newstrace: --only {only!r} is not a part of the framing models; use --only roles or --only genre, or leave it out to train everything.", err=True)
        raise typer.Exit(2)
    _train("framing", corpus, out, **({"only": only} if only else {}))
