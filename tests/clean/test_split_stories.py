"""Multi-story pages: seed 004 splits at its bullet; ordinary articles never split."""

from __future__ import annotations

from pathlib import Path

from newstrace.clean.boilerplate import strip_boilerplate
from newstrace.clean.split_stories import split_stories

from .conftest import analyse_text

DATA = Path(__file__).resolve().parents[1] / "data" / "clean"


def test_seed_004_splits_in_two_at_the_bullet(seed_articles: dict) -> None:
    parts = seed_articles["004"]
    assert [a.part for a in parts] == [0, 1]
    first, second = parts
    assert first.title == "US Aiding Terrorists In Iraq And Syria"
    assert second.text.startswith("Iran’s defence minister says Palestinian missiles")
    assert "•" not in second.text
    assert first.text.rstrip().endswith("smuggled out of Iraq in corrupt deals.")
    assert "Hatami" in second.text and "Hatami" not in first.text
    assert "Al-Waeli" in first.text and "Al-Waeli" not in second.text


def test_seed_004_caption_is_not_a_story_nor_body(seed_articles: dict) -> None:
    caption = "PMU unit shelling dens of Daesh (ISIS) in Iraq’s Saladin province in the north of the country"
    for article in seed_articles["004"]:
        assert not article.text.startswith("PMU unit shelling")
        assert caption not in article.text
    assert caption in seed_articles["004"][0].boilerplate_removed
    assert seed_articles["004"][0].text.startswith("SECURITY experts believe")


def test_other_seeds_not_split(seed_articles: dict) -> None:
    for seed in ("000", "001", "002", "003"):
        assert len(seed_articles[seed]) == 1, seed


def test_separator_and_new_dateline_page_splits() -> None:
    text = (DATA / "two_stories_separator.txt").read_text("utf-8")
    parts = analyse_text("two_stories_separator.txt", text)
    assert len(parts) == 2
    assert parts[0].title == "Floodwaters rise along the Tana as dams release water"
    assert parts[1].title == "Copper mine reopens after inspectors clear shaft"
    assert parts[1].dateline is not None and parts[1].dateline.place == "LUSAKA, Zambia"
    assert "* * *" not in parts[0].text and "* * *" not in parts[1].text


def test_bullet_list_inside_a_story_does_not_split() -> None:
    text = (DATA / "story_with_bullets.txt").read_text("utf-8")
    assert len(analyse_text("story_with_bullets.txt", text)) == 1


def test_section_break_inside_one_story_does_not_split() -> None:
    text = (DATA / "story_with_section_break.txt").read_text("utf-8")
    clean, _ = strip_boilerplate(text)
    assert len(split_stories(clean)) == 1


def test_polnear_train_sample_not_split(corpora_dir: Path) -> None:
    # A small fixed sample; the full-corpus rate is measured in docs/quality-clean.md.
    files = sorted((corpora_dir / "polnear" / "train" / "text").glob("*.txt"))[:40]
    assert files, "PolNeAR train texts missing"
    split = [f.name for f in files if len(split_stories(strip_boilerplate(f.read_text("utf-8"))[0])) > 1]
    assert split == []
