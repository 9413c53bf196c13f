"""The multi-story split on hand-written pages (the seeds are in test_seed_cleaning)."""

from __future__ import annotations

from newstrace.clean.split_stories import MAX_CANDIDATES, similarity, split_stories

FLOOD = (
    "Floodwaters swept through three districts of the river delta on Tuesday, forcing more than "
    "12,000 families from their homes, the provincial disaster authority said.\n"
    "Rescue boats reached the village of Kessa after the embankment failed overnight, and the "
    "authority said 14 people had drowned.\n"
    "Forecasters warned that more monsoon rain was expected on Thursday, and officials opened "
    "relief camps in schools across the delta.\n"
    "Farmers said the water had destroyed the rice harvest just weeks before it was due."
)
STRIKE = (
    "Dock workers at the port of Valmora walked off the job for a third week on Monday, "
    "leaving container ships anchored offshore.\n"
    "The union is demanding a nine percent wage rise and an end to zero-hour shifts, its "
    "general secretary told reporters outside the terminal gates.\n"
    "Shipping lines have begun diverting cargo to neighbouring harbours, the chamber of "
    "commerce said, warning of shortages of medicine and fuel.\n"
    "Talks with the port authority are due to resume on Friday."
)


def test_one_story_stays_whole() -> None:
    assert split_stories(FLOOD) == [FLOOD]


def test_lone_bullet_opening_an_unrelated_story_splits() -> None:
    page = f"{FLOOD}\n\n• {STRIKE}"
    assert split_stories(page) == [FLOOD, STRIKE]


def test_bullet_list_of_key_points_does_not_split() -> None:
    points = "\n".join(
        f"• {p}" for p in [
            "More than 12,000 families have left their homes in the delta districts",
            "Fourteen people drowned when the embankment near Kessa failed overnight",
            "Relief camps have opened in schools and more rain is expected Thursday",
        ]
    )
    page = f"{FLOOD}\n\n{points}\n\n{FLOOD}"
    assert len(split_stories(page)) == 1


def test_headline_with_new_dateline_splits() -> None:
    second = "Dockers strike enters third week\n\nVALMORA, March 4 (AFP) – " + STRIKE
    page = f"{FLOOD}\n\n{second}"
    stories = split_stories(page)
    assert stories == [FLOOD, second]


def test_separator_between_sections_of_one_story_does_not_split() -> None:
    more_flood = (
        "In Kessa, families sheltering in the school said the water had risen within minutes.\n"
        "The disaster authority said rescue boats would keep searching the flooded rice fields "
        "for the missing, and that the embankment would be rebuilt before the next monsoon rain.\n"
        "Relief officials said drinking water and food had reached most of the camps in the delta."
    )
    page = f"{FLOOD}\n\n* * *\n\n{more_flood}"
    assert split_stories(page) == [page]


def test_short_teaser_after_a_marker_is_no_story() -> None:
    page = f"{FLOOD}\n\n• Dock workers at Valmora extend their strike for a third week."
    assert split_stories(page) == [page]


def test_similarity_is_high_for_same_topic_low_for_different() -> None:
    assert similarity(FLOOD, FLOOD) > 0.99
    assert similarity(FLOOD, STRIKE) < 0.2


def test_page_with_more_markers_than_a_digest_has_is_left_whole() -> None:
    # A feed/list page (hundreds of bullet items) is not split item by item, and the
    # splitter does not compare every pair of segments on such a page.
    page = FLOOD + "".join(f"\n\n• {STRIKE if i % 2 else FLOOD}" for i in range(MAX_CANDIDATES + 5))
    assert split_stories(page) == [page]
