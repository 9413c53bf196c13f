"""Layout-driven attributions the tagger rarely sees, found by pattern:

- a line led by a speaker and a colon: ``PENCE: Well, look ...``, ``Poll: Voters ...``
  (transcripts and headlines);
- a quotation signed with a dash: ``“Trump scares me.” ― Krystal Correa``.
"""

from __future__ import annotations

import re
from importlib import resources

from newstrace.claims.assemble import RawClaim
from newstrace.claims.quotes import Quote

_LEAD = re.compile(
    r"^(?P<pre>[\s\"“”'‘]*)(?P<src>[A-Z][\w.’'&-]*(?: [A-Z][\w.’'&-]*){0,4}):[ \t\xa0]+(?P<content>\S[^\n]*)$",
    re.MULTILINE,
)
_SIGNED = re.compile(r"[ \t\xa0]*(?P<dash>[―—–]|--)[ \t\xa0]*(?P<name>[A-Z][^\n“”\"«»]{1,60}?)[ \t\xa0.]*(?:\n|$)")
# Leads that label a field, not a speaker ("Date: ...", "Tags: ...").
_NOT_SPEAKERS = frozenset(
    w.strip().lower()
    for w in resources.files("newstrace").joinpath("data/claims_not_speakers.txt").read_text(encoding="utf-8").splitlines()
    if w.strip() and not w.startswith("#")
)
_MIN_CONTENT_WORDS = 3
_MAX_SIGNER_WORDS = 6


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+", text)


def layout_claims(text: str, quotes: list[Quote], limit: int) -> list[RawClaim]:
    """Claims from colon-led lines and dash-signed quotations (offsets below ``limit``)."""
    out: list[RawClaim] = []
    for m in _LEAD.finditer(text, 0, limit):
        src = m.group("src")
        first = src.split()[0].lower().strip(".")
        if first in _NOT_SPEAKERS or src.lower().rstrip(".") in _NOT_SPEAKERS:
            continue
        if len(_words(m.group("content"))) < _MIN_CONTENT_WORDS:
            continue
        c_start = m.start("content")
        c_end = m.end("content")
        while c_end > c_start and text[c_end - 1] in " \t\xa0.\"”’'":
            c_end -= 1
        s_start = m.start("src")
        colon = m.end("src")
        out.append(RawClaim("direct" if m.group("pre").strip() else "indirect",
                            (colon, colon + 1), (c_start, c_end), (s_start, colon), None))
    for q in quotes:
        if q.end >= limit:
            break
        m = _SIGNED.match(text, q.end)
        if m is None:
            continue
        name = m.group("name").strip()
        if not 1 <= len(name.split()) <= _MAX_SIGNER_WORDS or len(_words(text[q.inner_start : q.inner_end])) < _MIN_CONTENT_WORDS:
            continue
        n_start = m.start("name")
        out.append(RawClaim("direct", (m.start("dash"), m.end("dash")), (q.start, q.end),
                            (n_start, n_start + len(name)), None))
    return out
