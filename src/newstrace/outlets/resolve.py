"""Which outlet a document is from, from the most trusted evidence that tells it.

Trust order (the first that names an outlet decides; the later ones only spell its name):
1. ``input``: the ``outlet`` field of a JSON/CSV record;
2. ``site name``: the page's own name in its HTML (og:site_name, JSON-LD publisher);
3. ``url``: the registered domain of the page's address (an unknown domain is an outlet
   of its own);
4. ``path ...``: the file's folder or name (``--source-pattern``; the pattern is named);
5. ``chrome``: the site's name at the end of an HTML page's title, or in copyright or
   tagline lines of the page.
A name the registry knows becomes that entry ("Wash Post", "wash-post" and
washingtonpost.com are all The Washington Post).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from newstrace.outlets.domains import looks_like_domain
from newstrace.outlets.paths import PathHints
from newstrace.outlets.registry import OutletRegistry, clean_name, registry, slugify
from newstrace.records import Outlet

# A site name longer than this is a tagline or a title, not a name.
MAX_NAME_CHARS = 80
# Folder keys naming an agency's feed: "afp-wire" is AFP.
_FEED_SUFFIX = re.compile(r"[-_ ](?:wire|feed|copy|wires)$", re.IGNORECASE)
_NAME_PIECES = re.compile(r"\s+[|–—-]\s+|\s*[|•·]\s*")


@dataclass(frozen=True, slots=True)
class OutletEvidence:
    input_name: str | None = None
    site_name: str | None = None
    url: str | None = None
    path: PathHints | None = None
    chrome_names: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ResolvedOutlet:
    outlet: Outlet
    source: str  # "input", "site name", "url", "path {pattern}", "chrome"


def _named(reg: OutletRegistry, name: str) -> Outlet | None:
    """A registered outlet for a site name, trying its pieces ("Dawn | Pakistan's ...")."""
    found = reg.by_name(name)
    if found is None:
        for piece in _NAME_PIECES.split(name):
            if piece and (found := reg.by_name(piece)) is not None:
                break
    return found


def _usable(name: str | None) -> str | None:
    if not name:
        return None
    s = clean_name(name)
    return s if s and len(s) <= MAX_NAME_CHARS and any(c.isalpha() for c in s) else None


def _from_name(reg: OutletRegistry, name: str, url: str | None, *, user: bool) -> Outlet:
    """The outlet a stated name stands for. An unknown name on an unknown domain is that
    domain's outlet under the stated name; on a registered domain, a user's field keeps
    the user's name, a page's own site name is read as a variant of the registered one."""
    found = _named(reg, name)
    if found is not None:
        return found
    if looks_like_domain(name):
        by_domain = reg.for_domain(name)
        if by_domain is not None:
            return by_domain
    domain_outlet = reg.for_domain(url) if url else None
    if domain_outlet is not None and (not domain_outlet.registered or not user):
        return domain_outlet if domain_outlet.registered else replace(domain_outlet, name=name)
    return Outlet(id=slugify(name), name=name, registered=False)


def _chrome_spelling(key: str, chrome_names: list[str]) -> str | None:
    """The chrome's spelling of a folder key or domain ("coastal-herald" -> "Coastal Herald")."""
    flat = re.sub(r"[^a-z0-9]", "", key.lower())
    for name in chrome_names:
        n = re.sub(r"[^a-z0-9]", "", slugify(name))
        if n and (n == flat or flat.startswith(n) or n.removeprefix("the") == flat):
            return name
    return None


def outlet_for_key(reg: OutletRegistry, key: str, chrome_names: list[str]) -> Outlet:
    """The outlet a folder or file-name key stands for: registered ("wash-post",
    "afp-wire", "nytimes.com"), else a new one spelled as the chrome spells it."""
    key = key.strip()
    found = reg.by_slug(key) or reg.by_slug(_FEED_SUFFIX.sub("", key))
    if found is not None:
        return found
    if looks_like_domain(key):
        by_domain = reg.for_domain(key, site_name=_chrome_spelling(key.split(".")[0], chrome_names))
        if by_domain is not None:
            return by_domain
    spelled = _chrome_spelling(key, chrome_names)
    if spelled is not None:
        named = reg.by_name(spelled)
        if named is not None:
            return named
    name = spelled or re.sub(r"[-_]+", " ", key).strip().title()
    return Outlet(id=slugify(key), name=name, registered=False)


def resolve_outlet(ev: OutletEvidence, reg: OutletRegistry | None = None) -> ResolvedOutlet | None:
    reg = reg or registry()
    if name := _usable(ev.input_name):
        return ResolvedOutlet(_from_name(reg, name, ev.url, user=True), "input")
    name = _usable(ev.site_name)
    if name and looks_like_domain(name) and ev.url and reg.site_domain(name) == reg.site_domain(ev.url):
        name = None  # the page's own address standing in for a name: evidence 3, not 2
    if name:
        return ResolvedOutlet(_from_name(reg, name, ev.url, user=False), "site name")
    if ev.url:
        domain = reg.site_domain(ev.url)
        spelled = _chrome_spelling(domain.split(".")[0], ev.chrome_names) if domain else None
        found = reg.for_domain(ev.url, site_name=spelled)
        if found is not None:
            return ResolvedOutlet(found, "url")
    if ev.path is not None and ev.path.outlet_key:
        return ResolvedOutlet(outlet_for_key(reg, ev.path.outlet_key, ev.chrome_names), f"path {ev.path.pattern}")
    for name in ev.chrome_names:
        if usable := _usable(name):
            return ResolvedOutlet(_from_name(reg, usable, None, user=False), "chrome")
    return None
