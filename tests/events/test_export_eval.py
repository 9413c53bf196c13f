"""The events export streams with its Arrow schema; the eval commands fail clearly."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
from typer.testing import CliRunner

from newstrace.cli.main import app
from newstrace.events.export import iter_events


def test_export_matches_arrow_schema(tmp_path: Path, store) -> None:
    from newstrace.pipeline.analyze import analyze

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(
        "Blast in Kabul\n\nA suicide bomber killed 12 people and wounded dozens in Kabul on May 3, officials said.\n",
        encoding="utf-8",
    )
    analyze([tmp_path / "in"], store)
    records = list(iter_events(store))
    assert records
    table = pa.Table.from_pylist(records, schema=iter_events.arrow_schema)  # type: ignore[attr-defined]
    assert table.num_rows == len(records)
    row = table.to_pylist()[0]
    assert row["fatalities"] == {"value": 12, "text": "12"}
    assert row["injured"] == {"value": 12, "text": "dozens"}
    # No year in the text or the page: the day stays partial, no period is invented.
    assert row["date_partial"] == "--05-03" and row["period"] is None
    assert row["gate_score"] is not None and 0.0 <= row["gate_score"] <= 1.0


def test_jsonl_and_csv_exports_carry_each_events_gate_score(tmp_path: Path, db_url: str) -> None:
    import csv
    import json

    from newstrace.events.extract import gate_threshold
    from newstrace.events.models import shipped_models

    models = shipped_models()
    assert models is not None and models.gate is not None, "the package ships a precision gate"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "page.txt").write_text(
        "Attacks in the north\n\n"
        "Gunmen stormed a police station in Maiduguri on Tuesday, killing four officers, police said.\n\n"
        "A car bomb exploded near a market in Mogadishu on Wednesday, killing at least 10 people.\n\n"
        "Hundreds of teachers marched through Nairobi demanding higher pay.\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    done = runner.invoke(app, ["analyze", str(tmp_path / "in"), "--db", db_url])
    assert done.exit_code == 0, done.output
    out = runner.invoke(app, ["export", "--db", db_url, "--what", "events", "--format", "jsonl", "-o", "-"])
    assert out.exit_code == 0, out.output
    records = [json.loads(line) for line in out.output.splitlines() if line.strip()]
    assert len(records) >= 2
    for r in records:
        # Appended at the end of the INTERFACE.md record; the kept events passed the gate.
        assert list(r)[-1] == "gate_score"
        assert r["gate_score"] >= gate_threshold(models.settings, r["type"]), r
        assert r["gate_score"] <= 1.0
    csv_path = tmp_path / "events.csv"
    out = runner.invoke(app, ["export", "--db", db_url, "--what", "events", "--format", "csv", "-o", str(csv_path)])
    assert out.exit_code == 0, out.output
    with csv_path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert {r["id"]: float(r["gate_score"]) for r in rows} == {r["id"]: r["gate_score"] for r in records}


def test_eval_case_reports_missing_and_malformed_files(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["eval", "case", str(tmp_path / "nope.tsv")])
    assert result.exit_code == 2 and "not found" in result.output
    bad = tmp_path / "bad.tsv"
    bad.write_text("id\tsnippet\tlabel\n1\tonly two columns\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", "case", str(bad)])
    assert result.exit_code == 2 and "label" in result.output


def test_eval_case_runs_the_product_path_on_handwritten_snippets(tmp_path: Path) -> None:
    f = tmp_path / "mini.tsv"
    f.write_text(
        "id\tsnippet\tlabel\n"
        "1\tA suicide bomber blew himself up at a checkpoint in Kabul on Monday, killing nine soldiers.\tSUIC_BOMB\n"
        "2\tPolice arrested 30 people in Lagos suspected of links to the militant group.\tARREST\n"
        "3\tA magnitude 6.1 earthquake struck eastern Turkey, destroying hundreds of homes.\tNATURAL_DISASTER\n"
        "4\tThe senator said the weather was lovely and the lunch was good.\tPEACE_PROTEST\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(app, ["eval", "case", str(f)])
    assert result.exit_code == 0, result.output
    assert "product path" in result.output and "TRAINING-set" not in result.output
    # The chatter about lunch reports no event: a miss, counted against its label.
    assert "event found in:                3 of 4" in result.output
    alone = CliRunner().invoke(app, ["eval", "case", "--classifier-only", str(f)])
    assert alone.exit_code == 0 and "event found in:                4 of 4" in alone.output
