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
