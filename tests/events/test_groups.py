"""Reports of one event in several outlets share an event group; other events do not."""

from __future__ import annotations

import json
from pathlib import Path

from newstrace.events.export import iter_events


def _write(folder: Path, name: str, outlet: str, body: str) -> None:
    (folder / name).write_text(json.dumps({"id": name, "outlet": outlet, "published": "2021-05-26", "text": body}) + "\n", encoding="utf-8")


def test_same_event_in_two_outlets_is_one_group(tmp_path: Path, store) -> None:
    from newstrace.pipeline.analyze import analyze

    inputs = tmp_path / "in"
    inputs.mkdir()
    _write(inputs, "a.jsonl", "Outlet A", "Rockets hit base\n\nOn May 24, a barrage of rockets landed on Iraq's Ain al-Asad air base, wounding two contractors.")
    _write(inputs, "b.jsonl", "Outlet B", "Base attacked\n\nThree rockets struck the Ain al-Assad airbase in western Iraq on May 24, injuring three people, officials said.")
    _write(inputs, "c.jsonl", "Outlet C", "Arrests in Basra\n\nOn May 20, police arrested 14 protesters in Basra after a rally.")
    _write(inputs, "d.jsonl", "Outlet D", "Earlier attack\n\nOn May 2, two rockets hit Ain al-Asad air base, wounding one soldier.")
    summary = analyze([inputs], store)
    assert not summary.problems
    events = list(iter_events(store))
    at_base = [e for e in events if e["location"] and e["location"]["name"] == "Ain al-Asad"]
    assert len(at_base) == 3, events
    rocket = [e for e in at_base if e["injured"]["value"] in (2, 3)]
    earlier = [e for e in at_base if e["injured"]["value"] == 1]
    assert len(rocket) == 2 and len(earlier) == 1
    assert earlier[0]["event_group"] != rocket[0]["event_group"]  # same place, another day
    assert rocket[0]["event_group"] == rocket[1]["event_group"]
    # Each outlet's own figures stay on its own mention.
    assert sorted(e["injured"]["value"] for e in rocket) == [2, 3]
    others = [e for e in events if e not in at_base]
    assert others and all(e["event_group"] != rocket[0]["event_group"] for e in others)
    # The two reports' injury figures disagree: the group is listed with both values.
    from newstrace.events.groups import disagreeing_groups

    listed = {g["event_group"]: g for g in disagreeing_groups(store)}
    assert listed[rocket[0]["event_group"]]["injured"] == [2, 3]
    assert earlier[0]["event_group"] not in listed
