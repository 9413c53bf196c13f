"""The search syntax table, end to end through /api/search on articles written here; the
parser's errors; alias-aware entity search; facets; sort; outlet and date on hits."""

from __future__ import annotations

import pytest

from newstrace.entities import article_entities
from newstrace.records import Article
from newstrace.search.syntax import SearchSyntaxError, describe, parse

DOCS = {
    "a1": ("Reuters", "2016-03-01", "Daesh attack", "Daesh militants attacked the town, the minister said on Monday."),
    "a2": ("AFP", "2016-03-02", "Talks", "The minister said the talks on the border went well."),
    "a3": ("Reuters", "2016-04-10", "Claim", "ISIS claimed the attack on the military base."),
    "a4": ("Dawn", "2016-05-20", "Islamic State", "The Islamic State group lost ground near the border, officials said."),
    "a5": ("AFP", None, "Militias", "Militia leaders met; the military stayed away."),
}

# query -> the articles it finds (aliases off: the words only)
TABLE = [
    ("said", {"a1", "a2", "a4"}),
    ("said NOT Daesh", {"a2", "a4"}),
    ("said -Daesh", {"a2", "a4"}),
    ("-Daesh", {"a2", "a3", "a4", "a5"}),
    ("NOT said", {"a3", "a5"}),
    ("minister AND border", {"a2"}),
    ("minister border", {"a2"}),
    ("Daesh OR ISIS", {"a1", "a3"}),
    ("(Daesh OR ISIS) attack", {"a1", "a3"}),
    ('"Islamic State"', {"a4"}),
    ('"State Islamic"', set()),
    ("milit*", {"a1", "a3", "a5"}),
    ("militia*", {"a5"}),
    ("title:attack", {"a1"}),
    ("attack -title:attack", {"a3"}),
    ("border -(talks OR officials)", set()),
    ("or", set()),  # lower-case or is a word, found nowhere
    ("SAID", {"a1", "a2", "a4"}),  # case does not matter
]

ERRORS = [
    ('"unclosed', "quotation mark"),
    ("(a OR b", "parenthesis is not closed"),
    ("a )", "closing parenthesis"),
    ("Clinton OR -email", "NOT inside an OR"),
    ("NOT", "NOT needs a word"),
    ("a AND", "AND needs a word"),
    ("OR a", "OR needs a word"),
    ("a~2", "fuzzy"),
    ("te*st", "wildcard"),
    ("*", "at least two letters"),
    ("a*", "at least 2 letters"),
    ("outlet:Reuters", "only title:"),
    (" ".join(f"w{i}" for i in range(51)), "at most 50"),
    ("(" * 9 + "a" + ")" * 9, "nested"),
]


@pytest.fixture(scope="module")
def search_db(session_dbs) -> str:
    """The articles above in a store of each backend (the search syntax is compiled for
    each engine: FTS5 on SQLite, tsquery on PostgreSQL)."""
    import json

    from newstrace.store import open_store

    db = session_dbs.new("search")
    with open_store(db) as store:
        for aid, (outlet, published, title, text) in DOCS.items():
            a = Article(id=aid, source=aid, part=0, text=text, title=title, outlet=outlet, published=published,
                        published_precision="day" if published else None, content_hash=aid)
            store.replace_document(aid, aid, "test", [a])
        # One entity known by three names (as resolution writes it), with a mention in a1.
        store.insert_rows("entities", [{"id": "e_daesh", "name": "Daesh", "type": "ORG",
                                        "aliases_json": json.dumps(["ISIS", "Islamic State", "IS"]), "mention_count": 3, "article_count": 3}])
        store.insert_rows("entity_names", [
            {"name_key": k, "entity_id": "e_daesh", "name": n}
            for k, n in (("daesh", "Daesh"), ("isis", "ISIS"), ("islamic state", "Islamic State"), ("is", "IS"))
        ])
        store.insert_rows("mentions", [{"article_id": "a1", "start_char": 0, "end_char": 5, "text": "Daesh", "label": "ORG",
                                        "role": "name", "canonical": "Daesh", "entity_id": "e_daesh", "resolved_id": "e_daesh"}])
        article_entities.rebuild(store)
    return db


@pytest.fixture(scope="module")
def search_client(search_db: str):
    from fastapi.testclient import TestClient

    from newstrace.web.app import create_app

    with TestClient(create_app(search_db, allow_hosts=["testserver"])) as c:
        yield c


@pytest.mark.parametrize(("query", "expected"), TABLE)
def test_syntax_table(search_client, query: str, expected: set[str]) -> None:
    body = search_client.get("/api/search", params={"q": query, "aliases": "0", "limit": 50}).json()
    assert {h["id"] for h in body["items"]} == expected, body
    assert body["total"] == len(expected)


@pytest.mark.parametrize(("query", "message"), ERRORS)
def test_what_cannot_be_searched_is_a_400_saying_why(search_client, query: str, message: str) -> None:
    r = search_client.get("/api/search", params={"q": query})
    assert r.status_code == 400 and message in r.json()["detail"], r.text
    with pytest.raises(SearchSyntaxError, match=message.split()[0]):
        parse(query)
    assert search_client.get("/search", params={"q": query}).status_code == 400


def test_parse_tree() -> None:
    q = parse('-(a OR b) "c d" ee* title:f')
    assert describe(q.include) == '("c d" AND ee* AND title:f)'
    assert [describe(n) for n in q.exclude] == ["(a OR b)"]
    assert describe(parse("a b OR c").include) == "((a AND b) OR c)"


def test_an_alias_finds_the_entitys_other_names(search_client) -> None:
    body = search_client.get("/api/search", params={"q": "ISIS"}).json()
    # "ISIS" also finds Daesh and "Islamic State" articles; "IS" (two letters: the word "is") is left out.
    assert {h["id"] for h in body["items"]} == {"a1", "a3", "a4"}
    assert body["aliases"] == {"ISIS": ["Daesh", "Islamic State"]}
    html = search_client.get("/search", params={"q": "ISIS"}).text
    assert 'id="aliases-note"' in html and "also matched Daesh, Islamic State" in html
    words_only = search_client.get("/api/search", params={"q": "ISIS", "aliases": "0"}).json()
    assert {h["id"] for h in words_only["items"]} == {"a3"}


def test_hits_carry_outlet_and_date_facets_and_sort(search_client) -> None:
    body = search_client.get("/api/search", params={"q": "said", "facets": "1", "sort": "oldest"}).json()
    assert [(h["id"], h["outlet"], h["published"]) for h in body["items"]] == [
        ("a1", "Reuters", "2016-03-01"), ("a2", "AFP", "2016-03-02"), ("a4", "Dawn", "2016-05-20"),
    ]
    assert {f["value"]: f["n"] for f in body["facets"]["outlet"]} == {"Reuters": 1, "AFP": 1, "Dawn": 1}
    assert {f["value"]: f["n"] for f in body["facets"]["date"]} == {"2016-03": 2, "2016-05": 1}
    assert [f["value"] for f in body["facets"]["entity"]] == ["e_daesh"]
    newest = search_client.get("/api/search", params={"q": "said", "sort": "newest"}).json()
    assert [h["id"] for h in newest["items"]] == ["a4", "a2", "a1"]


def test_an_entity_filter_with_no_words_lists_its_articles(search_client) -> None:
    html = search_client.get("/search", params={"entity": "Daesh"}).text
    assert '<span id="hit-count">1</span>' in html and "/articles/a1" in html
    body = search_client.get("/api/search", params={"q": "", "outlet": "AFP"}).json()
    assert {h["id"] for h in body["items"]} == {"a2", "a5"}


def test_paging_past_the_end_says_so(search_client) -> None:
    html = search_client.get("/search", params={"q": "said", "offset": 40}).text
    assert "No more results past 40" in html and "41–" not in html


@pytest.mark.parametrize("q", ["said", "milit* OR border", "-Daesh", "attack"])
def test_ranked_pages_are_the_stores_pages(search_db: str, q: str) -> None:
    # Ranked pages are cut from one ranking kept per query (web.queries.search.ranked_hits),
    # with snippets made per page: the same hits, ranks and snippets as the store's own page.
    from newstrace.store import open_store
    from newstrace.web.data import Filters, WebData
    from newstrace.web.queries import search as qs

    with open_store(search_db, create=False) as store:
        data = WebData(store, f"ranked:{search_db}")
        query = qs.prepare(data, q)
        for f in (Filters(), Filters(outlet="Reuters")):
            for offset, limit in ((0, 2), (1, 2), (2, 50)):
                got = qs.run(data, query, f, offset=offset, limit=limit)
                total, hits = store.search(query, limit=limit, offset=offset, where=data.article_condition(f), order="rank")
                assert (got.total, got.hits) == (total, hits), (q, f, offset)


TRUMP_DOCS = {
    "t1": "Donald Trump spoke in Ohio on Monday.",
    "t2": "President Trump's visit was cut short.",
    "t3": "The Donald answered questions about trade.",
    "t4": "A trumpet played while Mr. Donald J. Trump arrived.",
    "t5": "The senator from Ohio spoke about trade.",
}
TRUMP_NAMES = ["Donald Trump", "Trump", "President Trump", "Donald J. Trump", "The Donald", "Trump's"]


@pytest.fixture(scope="module")
def trump_db(session_dbs) -> str:
    import json

    from newstrace.entities.names import normalise_name
    from newstrace.store import open_store

    db = session_dbs.new("trump")
    with open_store(db) as store:
        for aid, text in TRUMP_DOCS.items():
            a = Article(id=aid, source=aid, part=0, text=text, title=None, outlet="AP", published="2017-01-0" + aid[1],
                        published_precision="day", content_hash=aid)
            store.replace_document(aid, aid, "test", [a])
        store.insert_rows("entities", [{"id": "e_trump", "name": "Donald Trump", "type": "PER",
                                        "aliases_json": json.dumps(TRUMP_NAMES[1:]), "mention_count": 4, "article_count": 4}])
        store.insert_rows("entity_names", [
            {"name_key": normalise_name(n), "entity_id": "e_trump", "name": n} for n in TRUMP_NAMES
        ])
    return db


def test_contains_decides_only_plain_words() -> None:
    from newstrace.web.queries.search import contains

    assert contains("Donald Trump", "trump") and contains("President Trump's", "Trump")
    assert contains("Donald J. Trump", "J. Trump") and contains("Trump", "TRUMP")
    assert not contains("Trumpet", "trump") and not contains("The Donald", "Trump")
    assert not contains("Donald Trump", "Trump Donald") and not contains("Donald J. Trump", "Donald Trump")
    # Outside plain ASCII words the engines' splitting is not decided here: the name stays.
    assert not contains("Donald Trümp", "Donald") and not contains("trump_tower", "trump") and not contains("Trump", "...")


@pytest.mark.parametrize("q", ["Trump", "The Donald", '"Donald Trump"', "title:Trump", "Ohio -Trump", "trade OR Trump", "Trump's"])
def test_names_containing_the_word_are_left_out_and_find_nothing_more(trump_db: str, q: str) -> None:
    # "Donald Trump" finds no article "Trump" does not: the expanded query leaves it out,
    # finds what the query with every name finds, and still lists every name it stands for.
    from newstrace.store import open_store
    from newstrace.web.data import WebData
    from newstrace.web.queries import search as qs

    with open_store(trump_db, create=False) as store:
        data = WebData(store, f"trump:{q}:{trump_db}")
        pruned = qs.expand_aliases(data, qs.parse(q))
        full = qs.expand_aliases(data, qs.parse(q), prune=False)
        assert pruned.expansions == full.expansions and full.expansions
        searched = [leaf.text for leaf in pruned.terms()]
        for word, names in full.expansions.items():
            assert [n for n in names if n in searched] == [n for n in names if not qs.contains(n, word)]
        assert len(searched) <= len(list(full.terms()))
        for order in ("rank", "newest"):
            total, hits = store.search(pruned, limit=50, order=order)
            want_total, want = store.search(full, limit=50, order=order)
            assert {h.article_id for h in hits} == {h.article_id for h in want} and total == want_total, (q, hits, want)


def test_trump_stands_for_its_names_but_searches_one(trump_db: str) -> None:
    from newstrace.store import open_store
    from newstrace.web.data import WebData
    from newstrace.web.queries import search as qs

    with open_store(trump_db, create=False) as store:
        query = qs.prepare(WebData(store, f"trump1:{trump_db}"), "Trump")
        assert sorted(query.expansions["Trump"]) == sorted(n for n in TRUMP_NAMES if n != "Trump")
        assert sorted(leaf.text for leaf in query.terms()) == ["The Donald", "Trump"]
        assert {h.article_id for h in store.search(query, limit=50)[1]} == {"t1", "t2", "t3", "t4"}


@pytest.mark.parametrize(("query", "expected"), TABLE)
def test_totals_do_not_depend_on_the_page(search_db: str, query: str, expected: set[str]) -> None:
    # The total is counted however the page is cut (one hit a page, a later page, a filter
    # on the articles), in the index alone or with the articles.
    from newstrace.store import open_store

    with open_store(search_db, create=False) as store:
        q = parse(query)
        for limit, offset in ((1, 0), (1, 1), (50, 0), (2, 10)):
            assert store.search(q, limit=limit, offset=offset)[0] == len(expected), (limit, offset)
        reuters = {a for a in expected if DOCS[a][0] == "Reuters"}
        for limit in (1, 50):
            total, _hits = store.search(q, limit=limit, where=("a.outlet = ?", ["Reuters"]))
            assert total == len(reuters), limit


def test_facets_of_no_hits_are_empty(search_client) -> None:
    body = search_client.get("/api/search", params={"q": "zebra", "facets": "1"}).json()
    assert body["total"] == 0 and body["facets"]["entity"] == [] and body["facets"]["outlet"] == []
    some = search_client.get("/api/search", params={"q": "Daesh", "facets": "1", "aliases": "0"}).json()
    assert [(f["value"], f["n"]) for f in some["facets"]["entity"]] == [("e_daesh", 1)]
