"""The outlet registry (``data/outlets.yaml``) and lookups into it.

    from newstrace.outlets import registry
    reg = registry()
    reg.by_domain("https://en.mehrnews.com/news/1")   # -> Outlet(id="mehr", ...)
    reg.by_name("IRNA")                                # -> Outlet(id="irna", ...)
    reg.find_mentions("SEOUL (Reuters) - ...")         # -> [Mention("reuters", 7, 14)]
    reg.get("tasnim")
    reg.outlet_for(url=..., name=...)                  # registered, or a new outlet

An address or name the registry does not know becomes an outlet of its own
(``registered`` False): its id is the registered domain ("dailytopfeeds.com") or, with
no address, a slug of its name ("coastal-herald").
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, NamedTuple

import yaml

from newstrace.outlets.domains import host_of, looks_like_domain, registered_domain
from newstrace.records import KINDS, Outlet, OutletKind

__all__ = ["KINDS", "Mention", "Outlet", "OutletKind", "OutletRegistry", "registry"]

class Mention(NamedTuple):
    """An outlet named in a text: ``text[start:end]`` is the name as written."""

    outlet_id: str
    start: int
    end: int


def clean_name(s: str) -> str:
    return re.sub(r"\s+", " ", s.strip(" \t\n‘’“”'\"")).strip()


def slugify(text: str) -> str:
    """"Coastal Herald" -> "coastal-herald"; "El País" -> "el-pais"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if slug:
        return slug[:80]
    # A name in a script without ASCII letters still needs a stable id.
    return "outlet-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def _words(slug: str) -> str:
    return slug.replace("_", "-").replace(" ", "-").lower()


_WORD = re.compile(r"\w+")
_BOUNDARY_BEFORE = re.compile(r"[\w-]")


@dataclass(slots=True)
class OutletRegistry:
    outlets: tuple[Outlet, ...]
    platforms: frozenset[str] = frozenset()
    _by_id: dict[str, Outlet] = field(default_factory=dict)
    _by_alias: dict[str, Outlet] = field(default_factory=dict)
    _by_folded: dict[str, Outlet] = field(default_factory=dict)
    _by_domain: dict[str, Outlet] = field(default_factory=dict)
    _by_slug: dict[str, Outlet] = field(default_factory=dict)
    # First word of a name -> (name as written, outlet, ambiguous), longest first.
    _first_word: dict[str, list[tuple[str, Outlet, bool]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for o in self.outlets:
            if o.id in self._by_id:
                raise ValueError(f"outlets.yaml: duplicate id {o.id!r}")
            self._by_id[o.id] = o
            for alias in o.names:
                self._by_alias.setdefault(alias, o)
                if alias.startswith("The "):
                    self._by_alias.setdefault(alias[4:], o)
                # Long names are also found case-insensitively ("Tasnim news agency");
                # short abbreviations only as written (AP is not "ap").
                if len(alias) > 4:
                    self._by_folded.setdefault(alias.casefold(), o)
                self._by_slug.setdefault(slugify(alias), o)
            for domain in o.domains:
                self._by_domain.setdefault(domain.lower(), o)
                self._by_slug.setdefault(domain.lower(), o)
                self._by_slug.setdefault(domain.split(".")[0].lower(), o)
            for key in (o.id, *o.slugs):
                self._by_slug[key] = o  # explicit keys win over derived ones
        index: dict[str, list[tuple[str, Outlet, bool]]] = {}
        for o in self.outlets:
            for alias in o.names:
                forms = {alias}
                if len(alias) >= 4:
                    forms.add(alias.upper())  # "SEOUL (REUTERS)"
                for form in forms:
                    if m := _WORD.match(form):
                        index.setdefault(m.group(), []).append((form, o, alias in o.ambiguous))
        for entries in index.values():
            entries.sort(key=lambda e: len(e[0]), reverse=True)
        self._first_word = index

    # -- lookups --------------------------------------------------------------------
    def __iter__(self) -> Iterator[Outlet]:
        return iter(self.outlets)

    def __len__(self) -> int:
        return len(self.outlets)

    def get(self, outlet_id: str) -> Outlet | None:
        return self._by_id.get(outlet_id)

    def by_domain(self, url_or_domain: str | None) -> Outlet | None:
        """The registered outlet of an address: its host or the longest listed suffix of
        it (japannews.yomiuri.co.jp is The Japan News, www.yomiuri.co.jp the Yomiuri)."""
        host = host_of(url_or_domain)
        if host is None:
            return None
        labels = host.split(".")
        for i in range(len(labels) - 1):
            found = self._by_domain.get(".".join(labels[i:]))
            if found is not None:
                return found
        return None

    def by_name(self, text: str | None) -> Outlet | None:
        """The outlet a name stands for ("IRNA", "The Straits Times", "tasnim news
        agency", "News.Az"), or None. Ambiguous aliases count here: the caller has
        already decided the text is an outlet's name."""
        if not text:
            return None
        s = clean_name(text)
        found = self._by_alias.get(s) or (self._by_folded.get(s.casefold()) if len(s) > 4 else None)
        if found is None and looks_like_domain(s):
            found = self.by_domain(s)
        return found

    def by_slug(self, key: str | None) -> Outlet | None:
        """The outlet a folder or file name stands for ("wash-post", "reuters",
        "nytimes.com", "straitstimes")."""
        if not key:
            return None
        k = _words(key.strip())
        return self._by_slug.get(k) or self._by_slug.get(slugify(k)) or (
            self.by_domain(k) if looks_like_domain(k) else None
        )

    def aliases(self) -> dict[str, Outlet]:
        """Every name as written (and "X" for "The X") -> its outlet."""
        return dict(self._by_alias)

    def is_ambiguous(self, surface: str) -> bool:
        """Whether a name is one of its outlet's ambiguous aliases ("Fars", "PTI"; "Times"
        for an ambiguous "The Times")."""
        outlet = self.by_name(surface)
        s = clean_name(surface)
        return outlet is not None and (s in outlet.ambiguous or f"The {s}" in outlet.ambiguous)

    def find_mentions(self, text: str, *, include_ambiguous: bool = False) -> list[Mention]:
        """Every outlet name in ``text`` as a whole word, longest first at each place,
        in text order: "(FNA)", "SEOUL (Reuters)", "Tasnim News Agency reported". An
        ambiguous alias ("Fars", "PTI") only with ``include_ambiguous`` (say, inside a
        dateline or a credit line the caller has found)."""
        out: list[Mention] = []
        pos = 0
        for m in _WORD.finditer(text):
            start = m.start()
            if start < pos or (start and _BOUNDARY_BEFORE.match(text[start - 1])):
                continue
            for form, outlet, ambiguous in self._first_word.get(m.group(), ()):
                if ambiguous and not include_ambiguous:
                    continue
                end = start + len(form)
                if text.startswith(form, start) and not (end < len(text) and text[end].isalnum()):
                    out.append(Mention(outlet.id, start, end))
                    pos = end
                    break
        return out

    # -- outlets for a document ----------------------------------------------------------
    def site_domain(self, url_or_domain: str | None) -> str | None:
        host = host_of(url_or_domain)
        return registered_domain(host, self.platforms) if host else None

    def for_domain(self, url_or_domain: str | None, site_name: str | None = None) -> Outlet | None:
        """The outlet of an address: registered, else a new outlet whose id is the
        registered domain and whose name is the site's own name if known."""
        found = self.by_domain(url_or_domain)
        if found is not None:
            return found
        domain = self.site_domain(url_or_domain)
        if domain is None:
            return None
        name = clean_name(site_name) if site_name and clean_name(site_name) else domain
        return Outlet(id=domain, name=name, domains=(domain,), registered=False)

    def for_name(self, name: str | None) -> Outlet | None:
        """The outlet a name stands for: registered, else a new outlet named so."""
        if not name or not clean_name(name):
            return None
        found = self.by_name(name)
        if found is not None:
            return found
        s = clean_name(name)
        if looks_like_domain(s):
            return self.for_domain(s)
        return Outlet(id=slugify(s), name=s, registered=False)


def _outlet(item: dict[str, Any]) -> Outlet:
    kind = item.get("kind")
    if kind is not None and kind not in KINDS:
        raise ValueError(f"outlets.yaml: {item.get('id')}: unknown kind {kind!r} (one of {', '.join(KINDS)})")
    country = item.get("country")
    if country is not None and not isinstance(country, str):
        # YAML reads a bare NO (Norway) as false: quote such codes.
        raise ValueError(f"outlets.yaml: {item.get('id')}: country must be a quoted code, got {country!r}")
    return Outlet(
        id=str(item["id"]),
        name=str(item["name"]),
        domains=tuple(str(d).lower() for d in item.get("domains") or ()),
        aliases=tuple(str(a) for a in item.get("aliases") or ()),
        kind=kind,
        country=country,
        affiliation=item.get("affiliation"),
        source=item.get("source"),
        ambiguous=frozenset(str(a) for a in item.get("ambiguous") or ()),
        slugs=tuple(str(s) for s in item.get("slugs") or ()),
        agency=bool(item.get("agency")),
    )


@lru_cache(maxsize=1)
def registry() -> OutletRegistry:
    """The registry shipped in the package (read once per process)."""
    raw = resources.files("newstrace.data").joinpath("outlets.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(raw)
    return OutletRegistry(
        outlets=tuple(_outlet(item) for item in data["outlets"]),
        platforms=frozenset(str(p).lower() for p in data.get("platforms") or ()),
    )
