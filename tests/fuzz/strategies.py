"""What hostile input looks like: random Unicode, random HTML, extreme dates and numbers,
odd file names."""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

# Any code point, lone surrogates and controls included: what a decoder or a JSON "\\u"
# escape can hand over.
unicode_text = st.text(st.characters(), max_size=200)

# Text that looks a little like news, with hostile bits mixed in: so the fuzzing reaches
# past "no article text" into titles, datelines, quotes, dates and numbers.
_WORDS = st.sampled_from([
    "PARIS", "(Reuters)", "-", "said", "told", "reporters", "on", "Monday", "Feb.", "29",
    "1999", "9999", "0001", "31/12/99", "yesterday", "last", "week", "month", "year", "\"",
    "“", "”", "'", "killed", "12", "1,000,000", "-1", "1e308", "NaN", "President", "Obama",
    "Ministry", "of", "Defence", "attack", "in", "Kabul", "\n", "\n\n", "By", "AP", "—",
    "Published:", "Dec", "18,", "2023,", "2:20", "PM", "Copyright", "©", "Share", "this",
    "\u200b", "\u202e", "\ufeff", "\x00", "\ud800", "עברית", "中文", "🙂", "é",
])
_FRAGMENT = st.text(st.characters(), max_size=12)
newsish_text = st.lists(st.one_of(_WORDS, _WORDS, _WORDS, _FRAGMENT), max_size=60).map(" ".join)

_TAGS = ["p", "div", "article", "main", "span", "a", "h1", "h2", "script", "style", "nav",
         "footer", "header", "table", "td", "tr", "li", "ul", "br", "meta", "title", "time",
         "figure", "noscript", "svg", "iframe", "form", "x-unknown"]
_attr = st.tuples(
    st.sampled_from(["class", "id", "href", "content", "property", "name", "itemprop",
                     "datetime", "style", "data-x", "onclick", "\u00e9", "a b"]),
    st.one_of(_WORDS, _FRAGMENT, st.sampled_from(["article-body", "og:title",
              "article:published_time", "0001-01-01", "9999-12-31T23:59:59Z", "javascript:x()"])),
)


@st.composite
def html_fragment(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.integers(0, 4))
        if kind == 0 or depth > 3:
            parts.append(draw(newsish_text))
        elif kind == 1:
            parts.append(draw(st.sampled_from(["&amp;", "&lt;", "&#0;", "&#xD800;", "&#99999999;",
                                                "&nbsp;", "<!--", "-->", "<![CDATA[", "]]>", "<", ">",
                                                "</p>", "<p", "\"", "'"])))
        else:
            tag = draw(st.sampled_from(_TAGS))
            attrs = " ".join(f'{k}="{v}"' for k, v in draw(st.lists(_attr, max_size=3)))
            inner = draw(html_fragment(depth + 1))
            close = draw(st.booleans())
            parts.append(f"<{tag} {attrs}>{inner}" + (f"</{tag}>" if close else ""))
    return "".join(parts)


html_page = st.one_of(
    html_fragment(),
    st.builds(lambda head, body: f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>",
              html_fragment(), html_fragment()),
    unicode_text,
)

extreme_dates = st.one_of(
    st.dates(min_value=date(1, 1, 1), max_value=date(1, 2, 1)),
    st.dates(min_value=date(9999, 11, 30), max_value=date(9999, 12, 31)),
    st.dates(),
    st.sampled_from([date(2024, 2, 29), date(2000, 2, 29), date(1900, 3, 1)]),
)
date_strings = st.one_of(
    extreme_dates.map(lambda d: d.isoformat()),
    st.sampled_from(["0000-00-00", "2023-02-30", "2023-13-01", "99999-01-01", "1-1-1", "-0001-01-01",
                     "2023", "2023-02", "29 Feb 2023", "Feb 29", "31/12/99", "9999999999999999999",
                     "Jan 99999999999 2020", "", " ", "T", "2020-01-01T25:61:61"]),
    st.lists(_WORDS, max_size=6).map(" ".join),
)
precisions = st.sampled_from(["day", "month", "year", None, "bogus"])

# File names: anything a file system allows in one path component (no "/" or NUL), as bytes,
# so names that are not valid UTF-8 come up too.
file_name_bytes = st.binary(min_size=1, max_size=40).filter(
    lambda b: b"/" not in b and b"\x00" not in b and b not in (b".", b"..")
)
