"""Token features for the claims tagger, computed from one spaCy parse.

The same code builds features for training (PolNeAR) and for tagging articles, so the
model sees exactly what it was trained on. Features are plain strings ("w=said"), the
input pycrfsuite expects. What matters most for attribution: the lemma and whether it is
a reporting cue, where the token hangs below the nearest cue in the dependency tree
(nsubj -> source, ccomp -> content), and whether it sits inside a quotation.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from newstrace.claims.docmaps import doc_text
from newstrace.claims.quotes import Quote, find_quotes

if TYPE_CHECKING:
    from spacy.tokens import Doc

MAX_SEQUENCE_TOKENS = 160  # a tagging sequence: a paragraph, or sentences of a long one
MAX_TOKENS = 40_000  # tokens tagged per article (bounded work on huge inputs)
_ANCESTOR_DEPTH = 10
_KID_DEPS = frozenset({"ccomp", "xcomp", "nsubj", "dobj", "dative", "mark"})
_CUE_POS = frozenset({"VERB", "NOUN", "AUX", "ADJ"})


@dataclass(frozen=True, slots=True)
class Lexicon:
    single: frozenset[str]
    multi: tuple[tuple[str, ...], ...]


@lru_cache(maxsize=1)
def cue_lexicon() -> Lexicon:
    text = resources.files("newstrace").joinpath("data/cue_verbs.txt").read_text(encoding="utf-8")
    single, multi = set(), set()
    for line in text.splitlines():
        line = line.strip().lower()
        if not line or line.startswith("#"):
            continue
        words = tuple(line.split())
        (multi.add(words) if len(words) > 1 else single.add(words[0]))
    return Lexicon(frozenset(single), tuple(sorted(multi)))


@dataclass(slots=True)
class DocFeatures:
    """Tagging sequences over one doc: token indices and their feature lists."""

    sequences: list[list[int]]
    features: list[list[list[str]]]
    quotes: list[Quote]
    in_quote: list[bool]
    cue_prob: list[float] | None = None  # set by the tagger: P(token in a cue)
    content_prob: list[float] | None = None  # set by the tagger: P(token in a content)


def _quote_state(doc: Doc, quotes: list[Quote]) -> tuple[list[str], list[bool]]:
    starts = [q.inner_start for q in quotes]
    state, inside = [], []
    for t in doc:
        k = bisect_right(starts, t.idx) - 1
        q = quotes[k] if k >= 0 else None
        if q is not None and q.start <= t.idx < q.end:
            if t.idx < q.inner_start:
                state.append("open")
                inside.append(False)
            elif t.idx >= q.inner_end:
                state.append("close")
                inside.append(False)
            else:
                state.append("in" if q.closed else "in_open")
                inside.append(True)
        else:
            state.append("out")
            inside.append(False)
    return state, inside


def _tree(doc: Doc) -> tuple[list[int], list[str]]:
    """Head index and dependency label of every token of the doc."""
    from spacy.attrs import DEP, HEAD

    arr = doc.to_array([HEAD, DEP])  # uint64: HEAD is a signed offset from the token
    strings = doc.vocab.strings
    labels: dict[int, str] = {}
    head_of, dep = [], []
    for k, (offset, label) in enumerate(zip(arr[:, 0].astype("int64").tolist(), arr[:, 1].tolist(), strict=True)):
        head_of.append(k + offset)
        name = labels.get(label)
        if name is None:
            name = labels[label] = strings[label] if label else ""
        dep.append(name)
    return head_of, dep


def _bucket(n: int) -> str:
    return str(n) if n < 3 else ("3-5" if n < 6 else ("6-10" if n < 11 else "11+"))


def build_features(doc: Doc, quotes: list[Quote] | None = None) -> DocFeatures:
    lex = cue_lexicon()
    if quotes is None:
        quotes = find_quotes(doc_text(doc))
    qstate, inside = _quote_state(doc, quotes)
    n = min(len(doc), MAX_TOKENS)
    toks = list(doc)[:n]
    lemma = [t.lemma_.lower() for t in toks]
    is_cue = [lemma[i] in lex.single and toks[i].pos_ in _CUE_POS for i in range(n)]
    for i in range(n):  # "according to" and other multi-word cues
        if lemma[i] == "accord" and i + 1 < n and toks[i + 1].lower_ == "to":
            is_cue[i] = is_cue[i + 1] = True

    # The tree as plain lists: walking Token objects (t.head, t.children) creates a new
    # Python object per step, which was most of this function's time.
    head_of, dep = _tree(doc)
    pos_of = [t.pos_ for t in toks]
    kid_deps: dict[int, set[str]] = {}
    for k, h in enumerate(head_of):
        if h != k and dep[k] in _KID_DEPS:
            kid_deps.setdefault(h, set()).add(dep[k])

    # Per token: own features that do not depend on neighbours.
    own: list[list[str]] = []
    short: list[tuple[str, str, str, str]] = []  # (word, pos, quote state, cue) for windows
    sent_starts = [s.start for s in doc.sents if s.start < n]
    sent_of = [0] * n
    for k, s_start in enumerate(sent_starts):
        end = sent_starts[k + 1] if k + 1 < len(sent_starts) else n
        for i in range(s_start, end):
            sent_of[i] = k
    sent_cues: dict[int, list[int]] = {}
    for i in range(n):
        if is_cue[i]:
            sent_cues.setdefault(sent_of[i], []).append(i)
    sent_quotes = {sent_of[i] for i in range(n) if inside[i]}

    for i, t in enumerate(toks):
        w = t.lower_[:20]
        f = [
            "b",
            "w=" + w,
            "l=" + lemma[i][:20],
            "s3=" + w[-3:],
            "p=" + t.pos_,
            "t=" + t.tag_,
            "d=" + t.dep_,
            "q=" + qstate[i],
            "e=" + (t.ent_type_ or "-"),
        ]
        if t.is_title:
            f.append("title")
        if t.is_punct:
            f.append("punct")
        if t.is_sent_start:
            f.append("sstart")
        if i + 1 < n and toks[i + 1].is_sent_start:
            f.append("send")
        if i > 0 and "\n" in toks[i - 1].text_with_ws:
            f.append("pstart")
        if is_cue[i]:
            f.append("cue")
            f.append("cue_d=" + t.dep_)
        kids = kid_deps.get(i)
        if kids:
            f.append("kids=" + "+".join(sorted(kids)))
        h = head_of[i]
        if h < n:
            f.append("hl=" + lemma[h][:20] if is_cue[h] else "hp=" + pos_of[h])
            f.append("hd=" + dep[i] + ("_cue" if is_cue[h] else ""))
        # Nearest cue ancestor and the relation of the branch this token is in.
        node, child, depth = i, i, 0
        while head_of[node] != node and depth < _ANCESTOR_DEPTH:
            child, node, depth = node, head_of[node], depth + 1
            if node < n and is_cue[node]:
                f.append("anc=" + dep[child])
                f.append("anc_l=" + lemma[node][:20])
                f.append("anc_dd=" + dep[child] + "_" + _bucket(depth))
                break
        else:
            f.append("anc=none")
        s = sent_of[i]
        cues = sent_cues.get(s)
        if cues:
            # cues is sorted: bisect keeps this linear even in one enormous "sentence".
            k = bisect_left(cues, i)
            before = k > 0
            after = (k + (1 if k < len(cues) and cues[k] == i else 0)) < len(cues)
            f.append(f"scue={'b' if before else ''}{'a' if after else ''}{'s' if is_cue[i] else ''}")
            left = i - cues[k - 1] if before else None
            right_k = k + 1 if k < len(cues) and cues[k] == i else k
            right = cues[right_k] - i if right_k < len(cues) else None
            if is_cue[i]:
                f.append("cdist=+0")
            elif left is not None and (right is None or left <= right):
                f.append("cdist=-" + _bucket(left))
            elif right is not None:
                f.append("cdist=+" + _bucket(right))
        else:
            f.append("scue=none")
        if s in sent_quotes:
            f.append("squote")
        own.append(f)
        short.append((w, t.pos_, qstate[i], "1" if is_cue[i] else "0"))

    # Tagging sequences: paragraphs, split at sentence starts when longer than the cap.
    sequences: list[list[int]] = []
    current: list[int] = []
    for i, t in enumerate(toks):
        if t.is_space:
            if "\n" in t.text and current:
                sequences.append(current)
                current = []
            continue
        if t.is_sent_start and len(current) >= MAX_SEQUENCE_TOKENS:
            sequences.append(current)
            current = []
        if len(current) >= 3 * MAX_SEQUENCE_TOKENS:  # one enormous "sentence"
            sequences.append(current)
            current = []
        current.append(i)
    if current:
        sequences.append(current)

    features: list[list[list[str]]] = []
    for seq in sequences:
        m = len(seq)
        seq_feats = []
        for j, i in enumerate(seq):
            f = list(own[i])
            for off in (-2, -1, 1, 2):
                k = j + off
                if 0 <= k < m:
                    w, pos, qs, cue = short[seq[k]]
                    f.append(f"{off}w={w}")
                    f.append(f"{off}p={pos}")
                    if off in (-1, 1):
                        f.append(f"{off}q={qs}")
                        f.append(f"{off}c={cue}")
                else:
                    f.append(f"{off}BOUND")
            seq_feats.append(f)
        features.append(seq_feats)
    return DocFeatures(sequences, features, quotes, inside)
