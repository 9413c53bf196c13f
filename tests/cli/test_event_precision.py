"""``newstrace analyze --event-precision``: reaches worker processes, re-runs the events stage
when changed, and an unknown name (option or NEWSTRACE_EVENT_PRECISION) is a user error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newstrace.cli.main import app
from newstrace.events import presets
from newstrace.events.export import iter_events
from newstrace.events.extract import gate_threshold
from newstrace.events.models import shipped_models
from newstrace.store import open_store

runner = CliRunner()
EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "anatolian-mining-news" / "zonguldak-rescue.txt"


def _under_the_bar(db: str) -> list[float]:
    """Gate scores of the stored events below the shipped (precise) bar of their type."""
    models = shipped_models()
    assert models is not None
    with open_store(db, create=False) as store:
        return [
            e["gate_score"] for e in iter_events(store)
            if e["gate_score"] is not None and e["gate_score"] < gate_threshold(models.settings, e["type"])
        ]


def test_unknown_option_or_variable_is_a_user_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The CLI sets the variable itself: monkeypatch records it as unset first (setenv, not a
    # delenv of an absent name, which records nothing) so it is removed after the test.
    monkeypatch.setenv(presets.ENV, "")
    db = tmp_path / "a.db"
    result = runner.invoke(app, ["analyze", str(EXAMPLE), "--db", str(db), "--quiet", "--event-precision", "lax"])
    assert result.exit_code == 2, result.output
    assert "unknown event precision 'lax'" in result.output and "precise, balanced" in result.output
    assert not db.exists()  # stopped before anything was read
    monkeypatch.setenv(presets.ENV, "lax")
    result = runner.invoke(app, ["analyze", str(EXAMPLE), "--db", str(db), "--quiet"])
    assert result.exit_code == 2 and "unknown event precision 'lax'" in result.output


def test_balanced_reaches_the_workers_and_switching_reruns_events(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if shipped_models() is None:
        pytest.skip("no shipped events models")
    monkeypatch.setenv(presets.ENV, "")  # the CLI sets it: removed after the test (see above)
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / EXAMPLE.name)
    (folder / "other.txt").write_text(
        "Talks resume in Geneva\n\nGENEVA (Reuters) - Negotiators from both sides met on Monday "
        "to resume talks on a ceasefire, officials said.\n\nThe talks are expected to last three days.\n",
        encoding="utf-8",
    )
    db = str(tmp_path / "a.db")
    args = ["analyze", str(folder), "--db", db, "--quiet", "--workers", "2"]
    result = runner.invoke(app, [*args, "--event-precision", "balanced"])
    assert result.exit_code == 0, result.output
    assert _under_the_bar(db), "the workers did not apply the balanced preset"
    # Back to the default: the events stage re-runs on the analysed articles.
    result = runner.invoke(app, [*args, "--event-precision", "precise"])
    assert result.exit_code == 0, result.output
    assert "2 articles analysed" in result.output
    assert _under_the_bar(db) == []
