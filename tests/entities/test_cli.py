"""``newstrace entities ...`` end to end through the real CLI app."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from newstrace.cli.main import app
from newstrace.pipeline.analyze import analyze
from newstrace.store import open_store

TEXT = """Clashes near the border

Pakistan's army chief General Asim Munir said on Monday that the Tehrik-i-Taliban Pakistan (TTP)
had attacked a checkpoint. Munir said the TTP would be pursued. Islamabad says Kabul shelters the group.
"""


def test_list_show_rename_merge_and_errors(dbs, tmp_path: Path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text(TEXT, encoding="utf-8")
    db = dbs.new("x")
    with open_store(db) as store:
        analyze([docs], store)
    runner = CliRunner()

    listed = runner.invoke(app, ["entities", "list", "--db", db, "--name", "taliban"])
    assert listed.exit_code == 0, listed.output
    ttp_lines = [line for line in listed.output.splitlines() if line.endswith("Tehrik-i-Taliban Pakistan")]
    assert len(ttp_lines) == 1
    ttp_id = ttp_lines[0].split("\t")[0]

    shown = runner.invoke(app, ["entities", "show", ttp_id, "--db", db])
    assert shown.exit_code == 0 and "TTP" in shown.output

    gov = runner.invoke(app, ["entities", "list", "--db", db, "--name", "government of pakistan"])
    assert gov.exit_code == 0 and "Government of Pakistan" in gov.output

    renamed = runner.invoke(app, ["entities", "rename", ttp_id, "Pakistani Taliban (TTP)", "--db", db])
    assert renamed.exit_code == 0, renamed.output
    assert "Pakistani Taliban (TTP)" in runner.invoke(app, ["entities", "show", ttp_id, "--db", db]).output

    unknown = runner.invoke(app, ["entities", "merge", ttp_id, "e_0000000000000000", "--db", db])
    assert unknown.exit_code == 2
    assert "no entity with id" in unknown.output and "entities list" in unknown.output

    missing_db = runner.invoke(app, ["entities", "list", "--db", dbs.missing("nope")])
    assert missing_db.exit_code == 2 and "does not exist" in missing_db.output

    bad_split = runner.invoke(app, ["entities", "split", ttp_id, "Hezbollah", "--db", db])
    assert bad_split.exit_code == 2 and "has no mention written" in bad_split.output
