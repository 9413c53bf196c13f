"""The outlet registry: lookups by address, name, folder key and mentions in text."""

from __future__ import annotations

import json
import re
import socket
from pathlib import Path

import pytest

from newstrace.outlets import KINDS, registry
from newstrace.outlets.domains import host_of, site_domain
from newstrace.outlets.registry import slugify


def test_every_entry_is_well_formed() -> None:
    reg = registry()
    assert len(reg) > 200
    seen_domains: dict[str, str] = {}
    for o in reg:
        assert re.fullmatch(r"[a-z0-9][a-z0-9.-]*", o.id), o.id
        assert o.kind in KINDS, o.id
        assert o.country is None or re.fullmatch(r"[A-Z]{2}", o.country), o.id
        assert o.ambiguous <= set(o.names), (o.id, o.ambiguous - set(o.names))
        assert (o.affiliation is None) or o.source, f"{o.id}: an affiliation needs its source"
        for d in o.domains:
            assert d not in seen_domains, f"{d} listed for {seen_domains.get(d)} and {o.id}"
            seen_domains[d] = o.id


def test_domains_match_their_longest_listed_suffix() -> None:
    reg = registry()
    assert reg.by_domain("https://japannews.yomiuri.co.jp/society/x") is reg.get("the-japan-news")
    assert reg.by_domain("https://www.yomiuri.co.jp/x") is reg.get("yomiuri-shimbun")
    assert reg.by_domain("https://amp.cnn.com/cnn/2023/03/15/x") is reg.get("cnn")
    assert reg.by_domain("https://www.trtworld.com:443/article/1") is reg.get("trt-world")
    assert reg.by_domain("en.mehrnews.com") is reg.get("mehr")
    assert reg.by_domain("https://notmehrnews.com/x") is None
    assert reg.by_domain("http://192.168.0.1/x") is None


def test_names_as_sites_and_texts_write_them() -> None:
    reg = registry()
    assert reg.by_name("IRNA") is reg.get("irna")
    assert reg.by_name("Straits Times") is reg.get("the-straits-times")
    assert reg.by_name("tasnim news agency") is reg.get("tasnim")  # long names fold case
    assert reg.by_name("ap") is None  # short ones do not
    assert reg.by_name("News.Az") is reg.get("news-az")  # a site named by its address
    assert reg.is_ambiguous("Fars") and not reg.is_ambiguous("FNA")
    assert reg.is_ambiguous("Times")  # "The Times" is ambiguous, so is "Times"


def test_mentions_in_datelines_and_credits() -> None:
    reg = registry()
    text = "SEOUL (Reuters) - a. TEHRAN (FNA)- b. Tasnim News Agency reported, citing Fars; XINHUA said."
    found = [(m.outlet_id, text[m.start : m.end]) for m in reg.find_mentions(text)]
    assert found == [
        ("reuters", "Reuters"), ("fars", "FNA"), ("tasnim", "Tasnim News Agency"), ("xinhua", "XINHUA"),
    ]
    with_ambiguous = [m.outlet_id for m in reg.find_mentions(text, include_ambiguous=True)]
    assert with_ambiguous == ["reuters", "fars", "tasnim", "fars", "xinhua"]
    # Whole words only: "APtly", "MAPS", "(AP)" inside "(APR)" are no mentions.
    assert reg.find_mentions("APtly named MAPS (APR) x-AP") == []


def test_mentions_in_the_seeds(seed_texts: dict[str, str]) -> None:
    reg = registry()
    ids = {k[:3]: {m.outlet_id for m in reg.find_mentions(t)} for k, t in seed_texts.items()}
    assert "tasnim" in ids["000"]  # "TEHRAN Dec 29 (TNS):"
    assert "irna" in ids["001"]  # "Islamabad, IRNA –"
    assert {"silkroadnews", "irtag", "tasnim"} <= ids["002"]
    assert "anadolu" not in ids["003"]  # an Anadolu story that never names Anadolu


def test_folder_and_file_keys() -> None:
    reg = registry()
    assert reg.by_slug("afp") is reg.get("afp")
    assert reg.by_slug("nytimes.com") is reg.get("the-new-york-times")
    assert reg.by_slug("straitstimes") is reg.get("the-straits-times")
    assert reg.by_slug("coastal-herald") is None


def test_polnear_file_name_outlets_are_registered(corpora_dir: Path) -> None:
    reg = registry()
    text_dirs = [corpora_dir / "polnear" / s / "text" for s in ("train", "dev")]
    keys = {p.name.split("_", 1)[0] for d in text_dirs if d.is_dir() for p in d.glob("*.txt")}
    if not keys:
        pytest.skip("PolNeAR text files are absent")
    assert {k: reg.by_slug(k) is not None for k in keys} == dict.fromkeys(keys, True)


def test_unknown_addresses_and_names_become_their_own_outlet(corpora_dir: Path) -> None:
    reg = registry()
    top = reg.for_domain("https://dailytopfeeds.com/x")
    assert top is not None and top.registered
    new = reg.for_domain("https://www.example-gazette.co.uk/a/b", site_name="The Gazette")
    assert new is not None and (new.id, new.name, new.registered) == ("example-gazette.co.uk", "The Gazette", False)
    blog = reg.for_domain("http://kulinariaathome.wordpress.com/2012/12/08/x")
    assert blog is not None and blog.id == "kulinariaathome.wordpress.com"
    archived = reg.for_domain("https://web.archive.org/web/20160526181643/http://ordnungsrausch.com/x")
    assert archived is not None and archived.id == "ordnungsrausch.com"
    named = reg.for_name("Coastal Herald")
    assert named is not None and (named.id, named.registered) == ("coastal-herald", False)
    pages = sorted((corpora_dir / "news_reuse_dev" / "pages").glob("*.json"))
    if not pages:
        pytest.skip("news_reuse_dev is absent")
    urls = [json.loads(p.read_text(encoding="utf-8"))["url"] for p in pages]
    assert all(reg.for_domain(u) is not None for u in urls)


def test_public_suffixes_come_from_the_bundled_list_without_a_request(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*_a: object, **_k: object) -> None:
        raise AssertionError("the public suffix list must not be fetched")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    assert site_domain("https://news.bbc.co.uk/x") == "bbc.co.uk"
    assert site_domain("https://midday-re.vercel.app/sports") == "midday-re.vercel.app"
    assert site_domain("https://merivaletimes.example/politics") == "merivaletimes.example"
    assert site_domain("not a url") is None
    assert host_of("//cdn.example.org/x") == "cdn.example.org"


def test_slugs_are_stable_and_ascii() -> None:
    assert slugify("El País") == "el-pais"
    assert slugify("Coastal  Herald!") == "coastal-herald"
    assert slugify("人民网") == slugify("人民网") and slugify("人民网").startswith("outlet-")
