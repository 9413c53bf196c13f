"""Host names and registered domains of page addresses, offline.

The registered domain ("bbc.co.uk" for news.bbc.co.uk) comes from the Public Suffix
List snapshot bundled with the ``tld`` package: it is read from the package, never
fetched (``tld`` only downloads when ``update_tld_names`` is called, which we never do).
"""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from tld import get_tld
from tld.utils import MozillaTLDSourceParser, project_dir

# web.archive.org/web/20160526181643/http://site.example/page: the archived page's own
# address is the one that tells its outlet.
_ARCHIVED = re.compile(r"^https?://web\.archive\.org/web/[0-9a-z_*]+/(?P<url>https?://.+)$", re.IGNORECASE)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
# A bare domain as a site names itself ("Paralel.az", "News.Az").
_BARE_DOMAIN = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,24}$", re.IGNORECASE)


def unwrap_archive(url: str) -> str:
    """The original address of an Internet Archive capture, else ``url`` unchanged."""
    m = _ARCHIVED.match(url.strip())
    return m.group("url") if m else url


def host_of(url_or_domain: str | None) -> str | None:
    """Lower-case host name without "www." or port: "https://www.trtworld.com:443/a" ->
    "trtworld.com"; a bare domain is taken as a host. None for no host or an IP address."""
    if not url_or_domain or not isinstance(url_or_domain, str):
        return None
    value = unwrap_archive(url_or_domain.strip())
    if not _SCHEME.match(value):
        if value.startswith("//"):
            value = "http:" + value
        elif " " in value or "." not in value:
            return None
        else:
            value = "http://" + value
    try:
        host = urlsplit(value).hostname
    except ValueError:
        return None
    if not host:
        return None
    host = host.strip(".").lower()
    try:
        ipaddress.ip_address(host)
        return None
    except ValueError:
        pass
    host = host.removeprefix("www.")
    return host if "." in host and _BARE_DOMAIN.match(host) else None


def looks_like_domain(text: str) -> bool:
    """"News.Az" or "aolaikelin.cn": a site name that is its own address."""
    return bool(_BARE_DOMAIN.match(text.strip().removeprefix("www.")))


@lru_cache(maxsize=1)
def _psl_bundled() -> bool:
    """Whether ``tld``'s bundled list is there: without it, ``tld`` would download one,
    which newstrace never does (we fall back to the last two labels instead)."""
    return Path(project_dir(MozillaTLDSourceParser.local_path)).is_file()


def registered_domain(host: str, platforms: frozenset[str] = frozenset()) -> str:
    """"news.bbc.co.uk" -> "bbc.co.uk"; a blog on a hosting platform keeps its own
    name ("kulinaria.wordpress.com"); a host outside the Public Suffix List (the
    reserved ".example", an intranet name) keeps its last two labels."""
    for platform in platforms:
        if host.endswith("." + platform):
            labels = host[: -len(platform) - 1].split(".")
            return f"{labels[-1]}.{platform}"
    res = get_tld(host, fix_protocol=True, as_object=True, fail_silently=True) if _psl_bundled() else None
    fld = getattr(res, "fld", None)
    if isinstance(fld, str) and fld:
        return fld.lower()
    return ".".join(host.split(".")[-2:])


def site_domain(url_or_domain: str | None, platforms: frozenset[str] = frozenset()) -> str | None:
    """The registered domain of an address (see ``registered_domain``), or None."""
    host = host_of(url_or_domain)
    return registered_domain(host, platforms) if host else None
