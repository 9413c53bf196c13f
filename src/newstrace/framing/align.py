"""Character alignment between a corpus file and the cleaned article text made from it.

Ingest changes a file a little (title line taken out, boilerplate lines dropped, sentence
breaks and spaces normalised), so gold offsets into the file and predicted offsets into
``Article.text`` are carried across by an edit-script alignment (rapidfuzz, in C++).
"""

from __future__ import annotations

from bisect import bisect_right

import numpy as np
from rapidfuzz.distance import Levenshtein


class OffsetMap:
    """Positions of ``src`` -> positions of ``dst`` and back. A position inside text that
    was deleted maps to where the deletion happened; ``kept`` says whether a source range
    survived at all."""

    def __init__(self, src: str, dst: str, prefix: str = "") -> None:
        """``prefix``: text that ingest took out of ``src`` before ``dst`` (the title line):
        ``src`` is aligned with ``prefix + dst``, so the prefix's words in ``src`` are not
        matched with the same words at the start of ``dst``; positions in it map to 0 and
        count as not kept."""
        full = prefix + dst
        self.src_len, self.dst_len = len(src), len(dst)
        fwd = np.zeros(len(src) + 1, dtype=np.int64)
        back = np.zeros(len(full) + 1, dtype=np.int64)
        same = np.zeros(len(src) + 1, dtype=bool)
        for op in Levenshtein.opcodes(src, full):
            tag, s1, e1, s2, e2 = op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end
            if tag == "equal":
                fwd[s1:e1] = np.arange(s2, e2)
                back[s2:e2] = np.arange(s1, e1)
                same[s1:e1] = True
            elif tag == "replace":
                fwd[s1:e1] = s2 + (np.arange(e1 - s1) * (e2 - s2)) // max(1, e1 - s1)
                back[s2:e2] = s1 + (np.arange(e2 - s2) * (e1 - s1)) // max(1, e2 - s2)
            elif tag == "delete":
                fwd[s1:e1] = s2
            else:  # insert
                back[s2:e2] = s1
        fwd[len(src)] = len(full)
        back[len(full)] = len(src)
        if prefix:  # into dst's own positions; what matched the prefix is not in dst
            in_prefix = fwd < len(prefix)
            same[in_prefix] = False
            fwd = np.maximum(fwd - len(prefix), 0)
            back = back[len(prefix):]
        self._fwd, self._back = fwd, back
        self._same_cum = np.concatenate([[0], np.cumsum(same[:-1])])

    def to_dst(self, start: int, end: int) -> tuple[int, int]:
        s = int(self._fwd[min(max(start, 0), self.src_len)])
        # the end maps through its last character, so a range does not swallow an insertion
        e = int(self._fwd[min(max(end - 1, 0), self.src_len)]) + 1 if end > start else s
        return s, max(s, min(e, self.dst_len))

    def to_src(self, start: int, end: int) -> tuple[int, int]:
        s = int(self._back[min(max(start, 0), self.dst_len)])
        e = int(self._back[min(max(end - 1, 0), self.dst_len)]) + 1 if end > start else s
        return s, max(s, min(e, self.src_len))

    def kept(self, start: int, end: int) -> float:
        """Share of src[start:end] found unchanged in dst."""
        if end <= start:
            return 0.0
        return float(self._same_cum[min(end, self.src_len)] - self._same_cum[start]) / (end - start)


def paragraph_at(bounds: list[tuple[int, int, int]], start: int, end: int) -> list[int]:
    """Numbers of the paragraphs ``(start, end, number)`` (sorted) that [start, end) overlaps."""
    starts = [b[0] for b in bounds]
    i = max(0, bisect_right(starts, start) - 1)
    out = []
    while i < len(bounds) and bounds[i][0] < end:
        if bounds[i][1] > start:
            out.append(bounds[i][2])
        i += 1
    return out
