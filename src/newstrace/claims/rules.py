"""Layout-driven attributions the tagger rarely sees, found by pattern:

- a line led by a speaker and a colon: ``PENCE: Well, look ...``, ``Poll: Voters ...``
  (transcripts and headlines);
- a quotation signed with a dash: ``“Trump scares me.” ― Krystal Correa``.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from importlib import resources
from typing import TYPE_CHECKING

from newstrace.claims.assemble import RawClaim
from newstrace.claims.features import cue_lexicon
from newstrace.claims.quotes import ALL_MARKS, Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc

_LEAD = re.compile(
    r"^(?P<pre>[\s\"“”'‘]*)(?P<src>[A-Z][\w.’'&-]*(?: [A-Z][\w.’'&-]*){0,4}):[ \t\xa0]+(?P<content>\S[^\n]*)$",
    re.MULTILINE,
)
_SIGNED = re.compile(r"[ \t\xa0]*(?P<dash>[―—–]|--)[ \t\xa0]*(?P<name>[A-Z][^\n“”\"«»]{1,60}?)[ \t\xa0.]*(?:\n|$)")
_SIGNED_LINE = re.compile(
    r"^[ \t\xa0]*(?P<content>[\"“”«][^\n]{10,}?[\"“”»])[ \t\xa0]*(?P<dash>[―—–]|--)[ \t\xa0]*"
    r"(?P<name>[A-Z][^\n“”\"«»]{1,60}?)[ \t\xa0.]*$",
    re.MULTILINE,
)
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
                            (colon, colon + 1), (c_start, c_end), (s_start, colon), None, origin="lead"))
    for q in quotes:
        if q.end >= limit:
            break
        sig = _SIGNED.match(text, q.end)
        if sig is None:
            continue
        name = sig.group("name").strip()
        if not 1 <= len(name.split()) <= _MAX_SIGNER_WORDS or len(_words(text[q.inner_start : q.inner_end])) < _MIN_CONTENT_WORDS:
            continue
        n_start = sig.start("name")
        out.append(RawClaim("direct", (sig.start("dash"), sig.end("dash")), (q.start, q.end),
                            (n_start, n_start + len(name)), None, origin="signed"))
    # A whole line quoted and signed, whatever its marks ("”Mr. Trump embodies ...” ―
    # Sonya Herridge": an opening mark typed as a closing one defeats quote pairing).
    signed = {c.cue for c in out}
    for m in _SIGNED_LINE.finditer(text, 0, limit):
        cue = (m.start("dash"), m.end("dash"))
        name = m.group("name").strip()
        if cue in signed or not 1 <= len(name.split()) <= _MAX_SIGNER_WORDS:
            continue
        if len(_words(m.group("content"))) < _MIN_CONTENT_WORDS:
            continue
        n_start = m.start("name")
        out.append(RawClaim("direct", cue, (m.start("content"), m.end("content")), (n_start, n_start + len(name)), None,
                            origin="signed"))
    return out


_TRAILING_WINDOW = 8  # tokens after a quotation searched for "..., X said"


def trailing_attributions(doc: Doc, quotes: list[Quote]) -> list[RawClaim]:
    """‘...,’ the minister said / “...,” said John Smith: the reporting verb right after
    a closed quotation, with its subject (before or after it) as the speaker."""
    lex = cue_lexicon().single
    starts = [t.idx for t in doc]
    out: list[RawClaim] = []
    for q in quotes:
        if not q.closed or q.end - q.start < 12:
            continue
        k = bisect_left(starts, q.end)
        verb = None
        for j in range(k, min(k + _TRAILING_WINDOW, len(doc))):
            t = doc[j]
            if "\n" in t.text or t.text in (".", "!", "?") or t.text in ALL_MARKS:
                break
            if t.pos_ == "VERB" and t.lemma_.lower() in lex:
                verb = t
                break
        if verb is None:
            continue
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and c.idx >= q.end), None)
        if subj is None:
            continue
        lo, hi = subj.left_edge.i, subj.right_edge.i + 1
        # Whole words and names: "al-Shamas" is three tokens, the parse may keep one.
        while hi < len(doc) and not doc[hi - 1].whitespace_ and not doc[hi].is_space and doc[hi].text not in ",.;:!?":
            hi += 1
        for ent in doc.ents:
            if ent.start < hi and lo < ent.end:
                lo, hi = min(lo, ent.start), max(hi, ent.end)
        while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].is_space):
            hi -= 1
        if hi <= lo:
            continue
        src = (doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1].text))
        out.append(RawClaim("direct", (verb.idx, verb.idx + len(verb.text)), (q.start, q.end), src, (lo, hi),
                            origin="trailing"))
    return out
