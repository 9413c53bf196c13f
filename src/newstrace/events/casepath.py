"""CASE 2021 snippets through the product path: each snippet ingested as an article, the
spaCy pass and the article stages before events run once (as ``analyze`` runs them), then
the events stage with the models under test. The event with the highest confidence is the
snippet's answer; a snippet without an event is a miss.

``cross_validate`` trains every learned part (detector and sub-type model) on the training
folds only and scores the held-out fold through this path, for several fold seeds.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newstrace.events.detector import DetectorModel
from newstrace.events.models import EventModels, EventSettings
from newstrace.events.records import EventMention
from newstrace.events.stage import EventsStage
from newstrace.events.training import (
    GATE_LABELS,
    GATE_PARTS,
    POLNEAR_TRAIN,
    PTC_GATE_LABELS,
    PTC_GATE_PART,
    PTC_TRAIN,
    SEED,
    SEMEVAL25_DIR,
    SEMEVAL25_GATE_LABELS,
    SEMEVAL_GATE_LABELS,
    SEMEVAL_GATE_PART,
    SEMEVAL_TRAIN,
    Corpora,
    DetectorConfig,
    Examples,
    GateConfig,
    TyperConfig,
    fit_detector,
    fit_models,
    parse_snippets,
    snippet_articles,
)
from newstrace.pipeline import registry
from newstrace.pipeline.stages import ArticleContext
from newstrace.records import Article

MISS = ""  # the answer for a snippet in which no event was found


@dataclass
class Snippet:
    """One snippet as the product saw it before the events stage."""

    parts: list[Article]
    docs: list[Any]
    contexts: list[ArticleContext]

    @property
    def text(self) -> str:
        return " ".join(a.text for a in self.parts)


def prepare(ids: Sequence[str], texts: Sequence[str], cache_dir: Path | None = None, label: str = "case") -> list[Snippet]:
    """Ingest, parse (parses kept in ``cache_dir`` under ``label``, if given) and run the
    stages before events on every text (once)."""
    parts = snippet_articles(ids, texts)
    docs = parse_snippets(parts, cache_dir, label)
    before = [s for s in registry.article_stages_up_to("EventsStage") if s.name != "events"]
    out = []
    for arts, ds in zip(parts, docs, strict=True):
        contexts = []
        for a, d in zip(arts, ds, strict=True):
            ctx = ArticleContext(a)
            for stage in before:
                ctx.outputs[stage.name] = stage.run(a, d, ctx)
            contexts.append(ctx)
        out.append(Snippet(arts, ds, contexts))
    return out


def events_of(snippet: Snippet, models: EventModels | None) -> list[EventMention]:
    stage = EventsStage(models)
    return [e for a, d, ctx in zip(snippet.parts, snippet.docs, snippet.contexts, strict=True) for e in stage.run(a, d, ctx)]


def ungated_of(snippet: Snippet, models: EventModels | None) -> list[tuple[EventMention, list[str]]]:
    """The events before the precision gate, with the gate's features."""
    stage = EventsStage(models)
    return [x for a, d, ctx in zip(snippet.parts, snippet.docs, snippet.contexts, strict=True) for x in stage.ungated(a, d, ctx)]


def case_gate_examples(snippets: Sequence[Snippet], models: EventModels) -> Examples:
    """The gate's positives: every event the models (without a gate) find in CASE snippets,
    all of which report conflict events."""
    ex = Examples()
    for s in snippets:
        for _, feats in ungated_of(s, models):
            ex.add(feats, 1)
    return ex


Verdicts = dict[tuple[str, str, str], dict[str, Any]]


def labelled_events(
    snippets: Sequence[Snippet], names: Sequence[str], verdicts: Verdicts, models: EventModels | None
) -> Iterator[tuple[int, EventMention, list[str], dict[str, Any]]]:
    """The events the models (without a gate) find in these articles that the labelled file
    has a verdict for (precision.read_labels), right or wrong: (index of the article, event,
    its gate features, its record)."""
    from newstrace.events.precision import norm

    for i, (name, s) in enumerate(zip(names, snippets, strict=True)):
        by_id = {a.id: a.text for a in s.parts}
        for e, feats in ungated_of(s, models):
            record = verdicts.get((name, norm(by_id[e.article_id][e.sentence.start : e.sentence.end]), e.label))
            if record is not None and record.get("verdict") in ("right", "wrong"):
                yield i, e, feats, record


def labelled_gate_examples(
    snippets: Sequence[Snippet], names: Sequence[str], verdicts: Verdicts, models: EventModels | None, owners: list[int] | None = None
) -> Examples:
    """The gate's examples from the labelled events of these articles: right 1, wrong 0
    (``owners``, when given, gets the index of each example's article)."""
    ex = Examples()
    for i, _, feats, record in labelled_events(snippets, names, verdicts, models):
        ex.add(feats, int(record["verdict"] == "right"))
        if owners is not None:
            owners.append(i)
    return ex


@dataclass
class GateCorpus:
    """Ordinary-news articles with labelled events (the gate's negatives and some positives)."""

    names: list[str]
    snippets: list[Snippet]
    verdicts: Verdicts
    hashes: dict[str, str]
    examples: Examples | None = None  # the gate's examples from these articles (labelled_examples)
    corpus_dir: Path | None = None  # where they were read (the short pieces are cut from them)
    short: Examples | None = None  # the gate's examples from their short pieces (short_examples)
    # Which corpus each article is from ("polnear", "semeval", "ptc" or "semeval25"; PolNeAR when
    # not given), and each of ``examples``.
    sources: list[str] = field(default_factory=list)
    example_sources: list[str] = field(default_factory=list)
    example_articles: list[str] = field(default_factory=list)  # the name of each example's article

    def __post_init__(self) -> None:
        if not self.sources:
            self.sources = ["polnear"] * len(self.names)

    def only(self, source: str) -> GateCorpus:
        """The articles of one corpus ("polnear", "semeval", "ptc", "semeval25"), with all the verdicts."""
        keep = [i for i, src in enumerate(self.sources) if src == source]
        return GateCorpus([self.names[i] for i in keep], [self.snippets[i] for i in keep], self.verdicts, self.hashes,
                          corpus_dir=self.corpus_dir, sources=[source] * len(keep))


def semeval_gate_files(corpus_dir: Path) -> list[Path]:
    """The SemEval 2023 train articles with labelled gate events (SEMEVAL_GATE_PART of them in
    name order, after the detector's non-event articles)."""
    from newstrace.events.precision import split_files

    first, count = SEMEVAL_GATE_PART
    return split_files(corpus_dir / SEMEVAL_TRAIN, first, count)


def ptc_gate_files(corpus_dir: Path) -> list[Path]:
    """The PTC 2020 train articles whose labelled events the gate may learn from
    (PTC_GATE_PART in name order): never one of the blind held-out sample (precision.PTC_SAMPLE)."""
    from newstrace.events.precision import split_files

    return split_files(corpus_dir / PTC_TRAIN, *PTC_GATE_PART)


def ptc_holdout_names(corpus_dir: Path) -> frozenset[str]:
    """The names of the blind held-out PTC articles (file names only; their labels are never
    read here). SemEval 2023's English articles are PTC 2020's (same names, same texts): six of
    the gate's SemEval part are held-out articles, left out of the gate corpus."""
    from newstrace.events.precision import PTC_SAMPLE, split_files

    return frozenset(f.stem for f in split_files(corpus_dir / PTC_TRAIN, 0, PTC_SAMPLE))


def ptc_gate_label_files() -> list[Path]:
    """The PTC tuning labels (data/events/precision_ptc_tune_*.jsonl, one file per labeller),
    never the blind held-out file."""
    from newstrace.events.data import DATA_DIR
    from newstrace.events.precision import PTC_LABELS_FILE

    files = sorted(DATA_DIR.glob(PTC_GATE_LABELS))
    if any(f.resolve() == PTC_LABELS_FILE.resolve() for f in files):
        raise ValueError(f"{PTC_LABELS_FILE.name} is the blind held-out set: never training data")
    return files


def part_hashes(part: str, files: Sequence[Path], label_files: Sequence[Path]) -> dict[str, str]:
    """The hashes of a labelled part's texts and labels files (each file's name with its text),
    as the gate's metadata records them: ``<part>_gate`` and ``<part>_labels``."""
    from newstrace.events.models import sha256_texts

    return {f"{part}_gate": sha256_texts([f.read_text(encoding="utf-8") for f in files]),
            f"{part}_labels": sha256_texts([f"{p.name}\n{p.read_text(encoding='utf-8')}" for p in label_files])}


def ptc_gate_hashes(files: Sequence[Path], label_files: Sequence[Path]) -> dict[str, str]:
    """The PTC tuning part's hashes (part_hashes)."""
    return part_hashes("ptc", files, label_files)


def semeval25_gate_label_files() -> list[Path]:
    """The SemEval 2025 task 10 labels (data/events/precision_semeval25_*.jsonl, one file per
    labeller)."""
    from newstrace.events.data import DATA_DIR

    return sorted(DATA_DIR.glob(SEMEVAL25_GATE_LABELS))


def semeval25_gate_files(corpus_dir: Path, label_files: Sequence[Path]) -> list[Path]:
    """The SemEval 2025 documents (SEMEVAL25_DIR, name order) that the labels files have
    records for: a document nobody labelled is no gate data."""
    from newstrace.events.precision import read_labels, split_files

    labelled = {article for path in label_files for article, _, _ in read_labels(path)}
    return [f for f in split_files(corpus_dir / SEMEVAL25_DIR) if f.stem in labelled]


def semeval25_gate_hashes(files: Sequence[Path], label_files: Sequence[Path]) -> dict[str, str]:
    """The SemEval 2025 part's hashes (part_hashes)."""
    return part_hashes("semeval25", files, label_files)


# A PTC article's name in the gate corpus: SemEval 2023 has the same articles under the same
# names, labelled apart, so PTC's verdicts are keyed under this prefix.
PTC_PREFIX = "ptc:"


def article_of(name: str) -> str:
    """The article a gate-corpus name stands for (the same for a PTC article and its SemEval
    copy): cross-validation keeps both in one fold."""
    return name.removeprefix(PTC_PREFIX)


def load_gate_corpus(corpus_dir: Path, cache_dir: Path | None = None) -> GateCorpus:
    """The PolNeAR train articles after the first POLNEAR_ARTICLES (never the detector's
    non-events; GATE_PARTS), the SemEval 2023 train articles of SEMEVAL_GATE_PART (not the
    blind held-out PTC ones) and, when their labels are there, the PTC 2020 train articles of
    PTC_GATE_PART (named with PTC_PREFIX) and the SemEval 2025 documents of SEMEVAL25_DIR that
    have records, with their labelled events (data/events/precision_polnear_train.jsonl,
    precision_semeval_train.jsonl, precision_ptc_tune_*.jsonl, precision_semeval25_*.jsonl;
    PolNeAR's names carry their outlet and date, SemEval's are article<id>, SemEval 2025's
    EN_UA_<id> / EN_CC_<id>)."""
    from newstrace.events.data import DATA_DIR
    from newstrace.events.models import sha256_file, sha256_texts
    from newstrace.events.precision import read_labels, split_files
    from newstrace.nlp.cache import cache_root

    cache_dir = cache_dir if cache_dir is not None else cache_root() / "events"
    names: list[str] = []
    texts: list[str] = []
    snippets: list[Snippet] = []
    for first, count in GATE_PARTS:
        files = split_files(corpus_dir / POLNEAR_TRAIN, first, count)
        part = [f.read_text(encoding="utf-8") for f in files]
        names += [f.stem for f in files]
        texts += part
        snippets += prepare([f.stem for f in files], part, cache_dir, f"polnear-train-{first}-{count}")
    sources = ["polnear"] * len(names)
    holdout = ptc_holdout_names(corpus_dir) if (corpus_dir / PTC_TRAIN).is_dir() else frozenset()
    files = [f for f in semeval_gate_files(corpus_dir) if f.stem not in holdout]
    sem_texts = [f.read_text(encoding="utf-8") for f in files]
    names += [f.stem for f in files]
    snippets += prepare([f.stem for f in files], sem_texts, cache_dir, "semeval-train-{}-{}".format(*SEMEVAL_GATE_PART))
    sources += ["semeval"] * len(files)
    labels = DATA_DIR / GATE_LABELS
    sem_labels = DATA_DIR / SEMEVAL_GATE_LABELS
    verdicts = read_labels(labels)
    verdicts.update((k, r) for k, r in read_labels(sem_labels).items() if k[0] not in holdout)
    hashes = {"polnear_gate": sha256_texts(texts), "gate_labels": sha256_file(labels),
              "semeval_gate": sha256_texts(sem_texts), "semeval_labels": sha256_file(sem_labels)}
    ptc_labels = ptc_gate_label_files()
    if ptc_labels:
        files = ptc_gate_files(corpus_dir)
        ptc_texts = [f.read_text(encoding="utf-8") for f in files]
        tune = {f.stem for f in files}
        for path in ptc_labels:
            # Only verdicts on the tuning articles: a stray record of another article is no
            # training data.
            verdicts.update(((PTC_PREFIX + a, sentence, label), r)
                            for (a, sentence, label), r in read_labels(path).items() if a in tune)
        names += [PTC_PREFIX + f.stem for f in files]
        snippets += prepare([f.stem for f in files], ptc_texts, cache_dir, "ptc-train-{}-{}".format(PTC_GATE_PART[0], PTC_GATE_PART[1] or "rest"))
        sources += ["ptc"] * len(files)
        hashes.update(ptc_gate_hashes(files, ptc_labels))
    sem25_labels = semeval25_gate_label_files()
    if sem25_labels and (corpus_dir / SEMEVAL25_DIR).is_dir():
        files = semeval25_gate_files(corpus_dir, sem25_labels)
        wanted = {f.stem for f in files}
        every = split_files(corpus_dir / SEMEVAL25_DIR)
        # The whole folder is prepared under the label `eval events-precision` gives it (the
        # labellers' candidates), so its parse cache is reused; the unlabelled are left out.
        prepared = prepare([f.stem for f in every], [f.read_text(encoding="utf-8") for f in every], cache_dir,
                           f"texts-{SEMEVAL25_DIR.name}")
        for path in sem25_labels:
            verdicts.update((k, r) for k, r in read_labels(path).items() if k[0] in wanted)
        names += [f.stem for f in files]
        snippets += [s for f, s in zip(every, prepared, strict=True) if f.stem in wanted]
        sources += ["semeval25"] * len(files)
        hashes.update(semeval25_gate_hashes(files, sem25_labels))
    return GateCorpus(names, snippets, verdicts, hashes, corpus_dir=corpus_dir, sources=sources)


def cut_paragraphs(text: str, paragraphs: int) -> list[str]:
    """``text`` cut into pieces of ``paragraphs`` non-empty lines (a news brief's length), as
    scripts/events_short_texts.py cuts PolNeAR dev."""
    paras = [p for p in text.split("\n") if p.strip()]
    return ["\n\n".join(paras[k : k + paragraphs]) + "\n" for k in range(0, len(paras), paragraphs)]


def load_short_pieces(corpus_dir: Path, paragraphs: int = 2, cache_dir: Path | None = None) -> tuple[list[str], list[int], list[Snippet]]:
    """The gate corpus's articles (GATE_PARTS) cut into pieces of ``paragraphs`` paragraphs,
    each prepared as an article of its own: (article names, article index of each piece,
    pieces). Their events keep the labelled file's keys (same article, same sentence)."""
    from newstrace.events.precision import split_files
    from newstrace.nlp.cache import cache_root

    cache_dir = cache_dir if cache_dir is not None else cache_root() / "events"
    names: list[str] = []
    owners: list[int] = []
    pieces: list[Snippet] = []
    n = 0
    for first, count in GATE_PARTS:
        files = split_files(corpus_dir / POLNEAR_TRAIN, first, count)
        texts: list[str] = []
        ids: list[str] = []
        for f in files:
            for k, piece in enumerate(cut_paragraphs(f.read_text(encoding="utf-8"), paragraphs)):
                texts.append(piece)
                ids.append(f"{f.stem}-p{k}")
                names.append(f.stem)
                owners.append(n)
            n += 1
        pieces += prepare(ids, texts, cache_dir, f"polnear-train-{first}-{count}-pieces{paragraphs}")
    return names, owners, pieces


def fit_gate(
    models: EventModels,
    case_snippets: Sequence[Snippet],
    corpus: GateCorpus,
    config: GateConfig | None = None,
    seed: int = SEED,
    case_examples: Examples | None = None,
) -> DetectorModel:
    """The precision gate for these models: the events they find in the CASE snippets
    (right; ``case_examples`` when given, e.g. found by cross-fitted models) and the
    labelled events they find in the gate corpus."""
    config = config or GateConfig()
    ungated = EventModels(models.detector, models.typer, models.settings)
    found = case_examples if case_examples is not None else case_gate_examples(case_snippets, ungated)
    examples = Examples(list(found.features), list(found.labels), [w * config.case_weight for w in found.weights])
    examples = examples + weighted_labelled_examples(corpus, ungated, config)
    if config.short_weight > 0:
        short = short_examples(corpus, ungated)
        examples = examples + Examples(short.features, short.labels, [w * config.short_weight for w in short.weights])
    if config.leave_out:
        # A feature the model has no weight for is ignored when it scores.
        examples = Examples([[f for f in feats if not f.startswith(config.leave_out)] for feats in examples.features],
                            examples.labels, examples.weights)
    return fit_detector(examples, config, seed)


def crossfit_case_examples(
    snippets: Sequence[Snippet],
    labels: Sequence[str],
    corpora: Corpora,
    settings: EventSettings,
    k: int,
    seed: int = SEED,
    typer_config: TyperConfig | None = None,
    detector_config: DetectorConfig | None = None,
    extra: tuple[list[str], list[str]] = ([], []),
) -> Examples:
    """The gate's CASE positives as the stage finds them in snippets its models never saw:
    each of ``k`` parts of the snippets is run with a detector and sub-type model trained on
    the other parts. (Found by models trained on them, the snippets' events are surer than
    held-out ones: a gate trained on those learns that CASE events are confident and drops
    the less sure events of unseen conflict news.)"""
    from sklearn.model_selection import StratifiedKFold

    ex = Examples()
    for train, test in StratifiedKFold(k, shuffle=True, random_state=seed).split(list(labels), list(labels)):
        inner = fit_models(
            [snippets[i].parts for i in train], [snippets[i].docs for i in train], [labels[i] for i in train],
            corpora, settings, typer_config, detector_config, seed, extra,
        )
        ex = ex + case_gate_examples([snippets[i] for i in test], inner)
    return ex


def muc_gate_examples(docs: Sequence[dict[str, Any]], snippets: Sequence[Snippet], models: EventModels) -> Examples:
    """The gate's positives from long conflict reports: the violent events these models (without
    a gate) find in MUC-4 train documents with incident templates, in a sentence that names
    one of the templates' perpetrators, targets or victims. Their confidence is left out
    (the detector learnt from these sentences, so it is in-sample)."""
    from newstrace.events.gate import NOT_VIOLENT

    ex = Examples()
    for d, s in zip(docs, snippets, strict=True):
        fillers = {m.lower() for t in d["templates"] for role in ("PerpInd", "PerpOrg", "Target", "Victim")
                   for entity in t[role] for m, _ in entity if len(m) >= 3}
        by_id = {a.id: a.text for a in s.parts}
        for e, feats in ungated_of(s, models):
            chunk = by_id[e.article_id][e.sentence.start : e.sentence.end].lower()
            if e.type not in NOT_VIOLENT and any(f in chunk for f in fillers):
                ex.add([f for f in feats if not f.startswith("conf>")], 1)
    return ex


def load_muc_gate(corpus_dir: Path, cache_dir: Path | None = None) -> tuple[list[dict[str, Any]], list[Snippet], str]:
    """MUC-4 train documents with templates, ingested and prepared as ``analyze`` reads them,
    and the hash of their texts."""
    from newstrace.events.models import sha256_texts
    from newstrace.events.training import MUC_TRAIN, read_muc
    from newstrace.nlp.cache import cache_root

    cache_dir = cache_dir if cache_dir is not None else cache_root() / "events"
    docs = [d for d in read_muc(corpus_dir / MUC_TRAIN) if d["templates"]]
    texts = [d["doctext"] for d in docs]
    return docs, prepare([d["docid"] for d in docs], texts, cache_dir, "muc4-train-gate"), sha256_texts(texts)


def ordinary_news_rows(corpus: GateCorpus, window: int) -> tuple[list[str], list[str]]:
    """The sub-type model's rows from ordinary news: each event of the labelled file marked
    right, as the model reads it at run time (its sentence and ``window`` neighbours on each
    side), with its label. Independent of any model: the file keys events by sentence."""
    from newstrace.events.extract import sentences_of, window_text
    from newstrace.events.precision import norm

    right: dict[str, dict[str, str]] = {}
    for (name, sentence, label), record in sorted(corpus.verdicts.items()):
        if record.get("verdict") == "right":
            right.setdefault(name, {})[sentence] = label
    texts: list[str] = []
    labels: list[str] = []
    for article_name, s, source in zip(corpus.names, corpus.snippets, corpus.sources, strict=True):
        # PolNeAR's only: the sub-type model's metadata records those labels' hash.
        wanted = right.get(article_name) if source == "polnear" else None
        if not wanted:
            continue
        for article, doc in zip(s.parts, s.docs, strict=True):
            sents = sentences_of(article, doc)
            for i, sent in enumerate(sents):
                marked = wanted.get(norm(article.text[sent.start : sent.end]))
                if marked is not None:
                    texts.append(window_text(article.text, sents, i, window))
                    labels.append(marked)
    return texts, labels


def labelled_examples(corpus: GateCorpus, models: EventModels) -> Examples:
    """The gate corpus's labelled events as these models find them, computed once per
    corpus (``corpus.example_sources`` says which corpus each is from): cross-validation
    reuses the first fold's (running the stage over 690 articles per fold would double its
    time; which of these events a fold's models find hardly depends on the CASE fold)."""
    if corpus.examples is None:
        owners: list[int] = []
        corpus.examples = labelled_gate_examples(corpus.snippets, corpus.names, corpus.verdicts, models, owners)
        corpus.example_sources = [corpus.sources[i] for i in owners]
        corpus.example_articles = [corpus.names[i] for i in owners]
    return corpus.examples


def weighted_labelled_examples(corpus: GateCorpus, models: EventModels, config: GateConfig) -> Examples:
    """The gate corpus's labelled events (labelled_examples) with their corpus's weight: a
    SemEval event counts ``config.semeval_weight``, a PTC one ``config.ptc_weight``, a SemEval
    2025 one ``config.semeval25_weight`` (0: left out), a PolNeAR one 1. With PTC events in, the SemEval copy of a PTC article is left out
    (its PTC labels, which cover every candidate, stand for it: no article counts twice)."""
    labelled = labelled_examples(corpus, models)
    weight = {"semeval": config.semeval_weight, "ptc": config.ptc_weight, "semeval25": config.semeval25_weight}
    ptc = {article_of(n) for n, src in zip(corpus.names, corpus.sources, strict=True) if src == "ptc"} if config.ptc_weight > 0 else set()

    def weight_of(k: int) -> float:
        src = corpus.example_sources[k]
        if src == "semeval" and article_of(corpus.example_articles[k]) in ptc:
            return 0.0
        return weight.get(src, 1.0)

    rows = [k for k in range(len(labelled.labels)) if weight_of(k) > 0]
    return Examples([labelled.features[k] for k in rows], [labelled.labels[k] for k in rows],
                    [labelled.weights[k] * weight_of(k) for k in rows])


def short_examples(corpus: GateCorpus, models: EventModels, paragraphs: int = 2) -> Examples:
    """The labelled events these models find in the gate corpus's articles cut into pieces of
    ``paragraphs`` paragraphs (load_short_pieces): news briefs of ordinary news, which teach the
    gate that a text without article levels is not always conflict news (every CASE snippet is
    one). Computed once per corpus, like labelled_examples."""
    if corpus.short is None:
        if corpus.corpus_dir is None:
            raise ValueError("the gate corpus does not say where its articles are (load_gate_corpus)")
        names, _, pieces = load_short_pieces(corpus.corpus_dir, paragraphs)
        corpus.short = labelled_gate_examples(pieces, names, corpus.verdicts, models)
    return corpus.short


def answer(events: list[EventMention]) -> str:
    return max(events, key=lambda e: e.confidence).label if events else MISS


def answers(snippets: Sequence[Snippet], models: EventModels | None) -> list[str]:
    return [answer(events_of(s, models)) for s in snippets]


@dataclass
class FoldRun:
    seed: int
    product: list[str]  # product-path answers, in snippet order
    classifier: list[str]  # the sub-type model alone on the whole snippet


def cross_validate(
    snippets: list[Snippet],
    labels: list[str],
    corpora: Corpora,
    seeds: Sequence[int] = (SEED, 1, 2),
    folds: int = 5,
    settings: EventSettings | None = None,
    typer_config: TyperConfig | None = None,
    detector_config: DetectorConfig | None = None,
    progress: Any = None,
    gate_corpus: GateCorpus | None = None,
) -> list[FoldRun]:
    """Stratified k-fold runs, one per seed: models trained on the other folds only (the
    precision gate too, when ``gate_corpus`` is given)."""
    from sklearn.model_selection import StratifiedKFold

    runs = []
    extra = ordinary_news_rows(gate_corpus, (settings or EventSettings()).window) if gate_corpus is not None else ([], [])
    for seed in seeds:
        product, classifier = [MISS] * len(labels), [MISS] * len(labels)
        cv = StratifiedKFold(folds, shuffle=True, random_state=seed)
        for k, (train, test) in enumerate(cv.split(labels, labels)):
            models = fit_models(
                [snippets[i].parts for i in train], [snippets[i].docs for i in train], [labels[i] for i in train],
                corpora, settings, typer_config, detector_config, seed, extra,
            )
            if gate_corpus is not None:
                gate_config = GateConfig()
                found = None
                if gate_config.crossfit > 1:
                    found = crossfit_case_examples(
                        [snippets[i] for i in train], [labels[i] for i in train], corpora, models.settings,
                        gate_config.crossfit, seed, typer_config, detector_config, extra,
                    )
                models.gate = fit_gate(models, [snippets[i] for i in train], gate_corpus, gate_config, seed, found)
            predicted = models.typer.predict([snippets[i].text for i in test])
            for i, p in zip(test, predicted, strict=True):
                product[i] = answer(events_of(snippets[i], models))
                classifier[i] = p
            if progress:
                progress(seed, k)
        runs.append(FoldRun(seed, product, classifier))
    return runs
