"""Keep or drop each assembled claim, and pick its content extent: gradient-boosted trees
over claim-level features.

The tagger decides token by token; whether a whole claim holds up shows only at the
claim level: how sure the tagger was of its cue and content, which word the cue is, how
the claim was found (tagged, from the parse, a likely cue off the best path, a layout
rule), whether it sits inside another claim, and for each alternative extent of its
content how many tokens it adds or drops and how sure the tagger was of those. The model
is trained on out-of-fold tagger output for PolNeAR train (``scorer_training.py``) and
ships as a JSON file of trees, evaluated with numpy (scikit-learn is only for training).
"""

from __future__ import annotations

import json
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from newstrace.claims.docmaps import doc_text, paragraph_index, sentence_index
from newstrace.claims.features import DocFeatures, cue_lexicon

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from newstrace.claims.assemble import RawClaim

SCORER_FILE = "scorer.json"
# Claims of the layout rules (a transcript's "NAME:" line, a dash-signed quotation) are
# explicit on the page and rare in PolNeAR, whose statistics the scorer learns: kept as found.
LAYOUT_ORIGINS = frozenset({"lead", "signed"})


def packaged_scorer_path() -> Path:
    return Path(str(resources.files("newstrace").joinpath("models/claims/" + SCORER_FILE)))


def _bucket(x: float, step: float = 0.1) -> str:
    return f"{min(int(x / step), int(round(1 / step)) - 1) * step:.1f}"


def _size(n: int) -> str:
    for limit, name in ((1, "1"), (2, "2"), (5, "3-5"), (10, "6-10"), (20, "11-20"), (40, "21-40")):
        if n <= limit:
            return name
    return "41+"


@dataclass(slots=True)
class ClaimContext:
    """What the features of one article's claims are computed from."""

    doc: Doc
    labels: list[str]
    feats: DocFeatures
    sent_of: list[int]
    para_of: list[int]
    text: str  # doc.text, joined once

    @classmethod
    def build(cls, doc: Doc, labels: list[str], feats: DocFeatures) -> ClaimContext:
        return cls(doc, labels, feats, sentence_index(doc), paragraph_index(doc), doc_text(doc))

    def tokens(self, chars: tuple[int, int]) -> range:
        span = self.doc.char_span(chars[0], chars[1], alignment_mode="expand")
        return range(span.start, span.end) if span is not None else range(0)


Numeric = dict[str, float]


def claim_features(ctx: ClaimContext, claim: RawClaim, others: list[RawClaim]) -> tuple[list[str], Numeric]:
    """Feature strings of one claim, and the values of its numeric features (named
    ``...*``); ``others``: every claim of the article, itself included."""
    doc = ctx.doc
    num: Numeric = {}
    cue = [i for i in ctx.tokens(claim.cue) if not doc[i].is_punct and not doc[i].is_space]
    content = [i for i in ctx.tokens(claim.content) if not doc[i].is_space]
    f = ["o=" + claim.origin, "k=" + claim.kind, "ok=" + claim.origin + "_" + claim.kind]
    if cue:
        lemmas = [doc[i].lemma_.lower() for i in cue]
        root = doc[cue[0] : cue[-1] + 1].root
        listed = root.lemma_.lower() in cue_lexicon().single or "accord" in lemmas
        f += [
            "cl=" + "_".join(lemmas)[:40],
            "cr=" + root.lemma_.lower()[:20],
            "crp=" + root.pos_,
            "crd=" + root.dep_,
            "cn=" + _size(len(cue)),
            "lex=" + str(listed),
            "olex=" + claim.origin + "_" + str(listed),
            "crt=" + root.tag_,
            "crk=" + root.lemma_.lower()[:20] + "_" + claim.kind,
        ]
        for child in root.children:
            if child.dep_ == "neg":
                f.append("neg")
            elif child.dep_ == "aux" and child.tag_ == "MD":
                f.append("modal=" + child.lower_)
        if root.sent[-1].text == "?" or (len(root.sent) > 1 and root.sent[-2].text == "?"):
            f.append("question")
        if ctx.feats.cue_prob:
            p = sum(ctx.feats.cue_prob[i] for i in cue) / len(cue)
            f += ["pc=" + _bucket(p), "opc=" + claim.origin + "_" + _bucket(p, 0.25)]
            num["pc*"] = p
    else:
        f.append("cue=punct")  # a colon or a dash (layout rules)
    if content:
        n = len(content)
        f.append("n=" + _size(n))
        num["n*"] = float(n)
        if ctx.feats.content_prob:
            p = sum(ctx.feats.content_prob[i] for i in content) / n
            f += ["pt=" + _bucket(p), "opt=" + claim.origin + "_" + _bucket(p, 0.25)]
            num["pt*"] = p
            num["pt_min*"] = min(ctx.feats.content_prob[i] for i in content)
        tagged = sum(ctx.labels[i].endswith("CONTENT") for i in content) / n
        f.append("ft=" + _bucket(tagged, 0.25))
        first = doc[content[0]]
        f.append("c0=" + first.lower_[:15] if first.is_stop or first.is_punct else "c0p=" + first.pos_)
        if not any(doc[i].pos_ in ("VERB", "AUX") for i in content):
            f.append("noverb")
        if cue:
            if cue[0] >= content[-1]:
                f.append("pos=after")
            elif cue[-1] <= content[0]:
                f.append("pos=before")
            else:
                f.append("pos=inside")
            sd = abs(ctx.sent_of[cue[0]] - ctx.sent_of[content[0]])
            f.append("sd=" + ("2+" if sd > 1 else str(sd)))
            num["gap*"] = float(max(0, content[0] - cue[-1], cue[0] - content[-1]))
        para = ctx.para_of[content[0]]
        if para == 0:
            f.append("para0")
    if claim.source is None:
        f.append("src=none")
    else:
        src = list(ctx.tokens(claim.source))
        if src:
            root = doc[src[0] : src[-1] + 1].root
            f.append("src=" + root.pos_)
            ents = {doc[i].ent_type_ for i in src if doc[i].ent_type_}
            f.append("srce=" + ("+".join(sorted(ents))[:20] if ents else "-"))
            f.append("srcn=" + _size(len(src)))
    for o in others:
        if o is claim:
            continue
        if o.content[0] <= claim.cue[0] and claim.cue[1] <= o.content[1]:
            f.append("nested_in")
        if claim.content[0] <= o.cue[0] and o.cue[1] <= claim.content[1]:
            f.append("holds_cue")
        if o.content[0] < claim.content[1] and claim.content[0] < o.content[1]:
            f.append("overlap_content")
        if o.cue[0] < claim.cue[1] and claim.cue[0] < o.cue[1]:
            f.append("shares_cue")
    f += list(num)
    return f, num


def _trim(doc: Doc, a: int, b: int) -> tuple[int, int]:
    """Drop spaces and punctuation at both ends, quotation marks excepted."""
    while b > a and (doc[b - 1].is_space or (doc[b - 1].is_punct and not doc[b - 1].is_quote)):
        b -= 1
    while b > a and (doc[a].is_space or (doc[a].is_punct and not doc[a].is_quote)):
        a += 1
    return a, b


def content_variants(ctx: ClaimContext, claim: RawClaim) -> dict[str, tuple[int, int]]:
    """Other plausible extents of a claim's content (character offsets), by name; "asis" is
    the assembled one. Annotators often take the rest of the sentence or of the paragraph,
    or the clause the parse gives the cue, where the tagger stopped short or ran on."""
    from newstrace.claims.assemble import TokSpan, _widen_to_quotes, dependency_content

    out = {"asis": claim.content}
    doc = ctx.doc
    content = ctx.tokens(claim.content)
    cue = ctx.tokens(claim.cue)
    if not content or not cue:
        return out
    a, b = content.start, content.stop
    para_of = ctx.para_of  # non-decreasing: a paragraph's tokens are one run
    spans: dict[str, tuple[int, int]] = {}
    if cue.stop <= a:  # content after the cue
        spans["to_sent_end"] = _trim(doc, a, doc[b - 1].sent.end)
        spans["to_par_end"] = _trim(doc, a, bisect_right(para_of, para_of[b - 1]))
    elif b <= cue.start:  # content before the cue
        spans["from_sent_start"] = _trim(doc, doc[a].sent.start, b)
        spans["from_par_start"] = _trim(doc, bisect_left(para_of, para_of[a]), b)
    dep = dependency_content(doc, TokSpan("CUE", cue.start, cue.stop), [])
    if dep is not None:
        spans["parse"] = (dep.start, dep.end)
    for name, (lo, hi) in spans.items():
        if hi > lo:
            # A quotation covered for the most part is taken whole, marks included, as the
            # assembled content is.
            chars = _widen_to_quotes((doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1].text)), ctx.feats.quotes, ctx.text)
            if chars != claim.content and chars not in out.values():
                out[name] = chars
    return out


def variant_features(ctx: ClaimContext, claim: RawClaim, name: str, chars: tuple[int, int]) -> tuple[list[str], Numeric]:
    """What tells one extent from the assembled one: how many tokens it adds or drops,
    and how sure the tagger was that those tokens are content."""
    f = ["v=" + name, "vk=" + name + "_" + claim.kind, "vo=" + name + "_" + claim.origin]
    num: Numeric = {}
    if name == "asis":
        return f, num
    doc = ctx.doc
    asis = set(ctx.tokens(claim.content))
    mine = set(ctx.tokens(chars))
    added = [i for i in mine - asis if not doc[i].is_space]
    dropped = [i for i in asis - mine if not doc[i].is_space]
    probs = ctx.feats.content_prob
    for label, toks in (("add", added), ("drop", dropped)):
        if not toks:
            continue
        f.append(f"{name}_{label}n=" + _size(len(toks)))
        num[f"{label}n*"] = float(len(toks))
        if probs:
            p = sum(probs[i] for i in toks) / len(toks)
            f.append(f"{name}_{label}p=" + _bucket(p, 0.2))
            num[f"{label}p*"] = p
        if any(doc[i].is_quote for i in toks):
            f.append(f"{name}_{label}q")
        if any(doc[i].is_sent_start for i in toks):
            f.append(f"{name}_{label}s")
    f += list(num)
    return f, num


class ClaimScorer:
    """P(claim is right) from the shipped trees; claims below the threshold are dropped.

    The model is a gradient-boosted tree ensemble (fitted with scikit-learn, stored as
    JSON): each tree splits on feature values (0/1 for a feature string, the value for a
    numeric one); the sum of the leaves reached plus a baseline is the log-odds."""

    def __init__(self, path: Path) -> None:
        import numpy as np

        data = json.loads(path.read_text(encoding="utf-8"))
        self.threshold: float = float(data["threshold"])
        self.baseline: float = float(data["baseline"])
        self.index: dict[str, int] = {name: i for i, name in enumerate(data["features"])}
        trees = data["trees"]
        # All trees padded into (tree, node) arrays, so that every row of an article walks
        # every tree at once, one level per step.
        width = max(len(t) for t in trees)
        shape = (len(trees), width)
        self._feature = np.zeros(shape, dtype=np.int64)
        self._threshold = np.zeros(shape)
        self._left = np.zeros(shape, dtype=np.int64)
        self._right = np.zeros(shape, dtype=np.int64)
        self._value = np.zeros(shape)
        self._leaf = np.ones(shape, dtype=bool)
        for t, tree in enumerate(trees):
            for n, (feature, threshold, left, right, value) in enumerate(tree):
                if value is None:
                    self._feature[t, n], self._threshold[t, n] = feature, threshold
                    self._left[t, n], self._right[t, n] = left, right
                    self._leaf[t, n] = False
                else:
                    self._value[t, n] = value
        self.trees = trees

    def probabilities(self, rows: list[tuple[list[str], dict[str, float]]]) -> list[float]:
        """P(right) for each (features, numeric values) row."""
        import numpy as np

        if not rows:
            return []
        # float32 as in training: a value rounded otherwise may fall on the other side of a
        # split that lies between two neighbouring float32 values. The last column stays 0.
        x = np.zeros((len(rows), len(self.index) + 1), dtype=np.float32)
        for r, (features, numeric) in enumerate(rows):
            for name in features:
                k = self.index.get(name)
                if k is not None:
                    x[r, k] = numeric.get(name, 1.0) if numeric else 1.0
        n_trees = self._feature.shape[0]
        trees = np.arange(n_trees)[None, :]
        node = np.zeros((len(rows), n_trees), dtype=np.int64)
        row_ix = np.arange(len(rows))[:, None]
        while True:
            inner = ~self._leaf[trees, node]
            if not inner.any():
                break
            goes_left = x[row_ix, self._feature[trees, node]] <= self._threshold[trees, node]
            step = np.where(goes_left, self._left[trees, node], self._right[trees, node])
            node = np.where(inner, step, node)
        z = np.clip(self.baseline + self._value[trees, node].sum(axis=1), -30.0, 30.0)
        return [float(v) for v in 1.0 / (1.0 + np.exp(-z))]

    def probability(self, features: list[str], numeric: dict[str, float] | None = None) -> float:
        return self.probabilities([(features, numeric or {})])[0]

    def choose(self, ctx: ClaimContext, claims: list[RawClaim]) -> list[RawClaim]:
        """Each claim takes its most likely content extent; claims whose best extent is
        below the threshold are dropped."""
        from newstrace.claims.assemble import claim_kind

        scored = [c for c in claims if c.origin not in LAYOUT_ORIGINS]
        variants = featurize(ctx, scored, claims)
        probs = iter(self.probabilities([(f, num) for vs in variants for _, _, f, num in vs]))
        best = {id(claim): max((next(probs), chars) for _, chars, _, _ in vs) for claim, vs in zip(scored, variants, strict=True)}
        kept: list[RawClaim] = []
        for claim in claims:
            p, chars = best.get(id(claim), (1.0, claim.content))  # layout claims: kept as found
            if p < self.threshold:
                continue
            if chars != claim.content:
                claim.content = chars
                claim.kind = claim_kind(chars, ctx.feats.quotes, claim.attribution)
            kept.append(claim)
        return kept


Variant = tuple[str, tuple[int, int], list[str], dict[str, float]]  # name, chars, features, numeric


def featurize(ctx: ClaimContext, claims: list[RawClaim], others: list[RawClaim] | None = None) -> list[list[Variant]]:
    """Per claim, its content variants with their features (claim-level plus
    variant-level) and the values of the numeric ones; ``others``: all the article's
    claims (default ``claims``)."""
    out = []
    for claim in claims:
        base, numeric = claim_features(ctx, claim, claims if others is None else others)
        variants = []
        for name, chars in content_variants(ctx, claim).items():
            extra, extra_numeric = variant_features(ctx, claim, name, chars)
            variants.append((name, chars, base + extra, {**numeric, **extra_numeric}))
        out.append(variants)
    return out


@lru_cache(maxsize=1)
def default_scorer() -> ClaimScorer | None:
    path = packaged_scorer_path()
    return ClaimScorer(path) if path.is_file() else None
