"""Measure text cleaning on annotated corpora whose texts are ordinary single articles.

For every text: does the story splitter (wrongly) split it, is the title found (the
corpora put the headline on the first line), how many non-title lines did cleaning
remove, how often a dateline is found. Prints a markdown table.

    PYTHONPATH=src python scripts/measure_clean.py ../shared/corpora/polnear/train/text \
        ../shared/corpora/semeval2023t3_en/train/train-articles-subtask-1
"""

from __future__ import annotations

import sys
from pathlib import Path

from newstrace.pipeline.document import process_document
from newstrace.records import RawDocument


def measure(folder: Path) -> dict[str, object]:
    files = sorted(folder.glob("*.txt"))
    split = titled = title_ok = datelines = removed_docs = 0
    split_names: list[str] = []
    removed_examples: list[str] = []
    for path in files:
        text = path.read_text("utf-8", errors="replace")
        first = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
        parts = process_document(RawDocument(path.name, text, "txt", str(path)))
        if len(parts) > 1:
            split += 1
            split_names.append(path.name)
        article = parts[0]
        titled += article.title is not None
        title_ok += article.title is not None and " ".join(article.title.split()) == " ".join(first.split())
        datelines += article.dateline is not None
        other = [r for r in article.boilerplate_removed if r != article.title]
        if other:
            removed_docs += 1
            removed_examples.extend(other[:2])
    n = len(files)
    return {
        "folder": str(folder), "docs": n, "split": split, "split_names": split_names,
        "titled": titled, "title_is_first_line": title_ok, "datelines": datelines,
        "docs_with_lines_removed": removed_docs, "removed_examples": removed_examples[:15], "n": n,
    }


def _pct(result: dict[str, object], key: str) -> str:
    value = int(str(result[key]))
    return f"{value} ({100 * value / max(1, int(str(result['n']))):.1f}%)"


def main(folders: list[str]) -> None:
    print("| corpus | docs | split (rate) | title found | title = first line | dateline found | docs with other lines removed |")
    print("|---|---|---|---|---|---|---|")
    results = [measure(Path(f)) for f in folders]
    for r in results:
        print(f"| {r['folder']} | {r['docs']} | {_pct(r, 'split')} | {_pct(r, 'titled')} | {_pct(r, 'title_is_first_line')} "
              f"| {_pct(r, 'datelines')} | {_pct(r, 'docs_with_lines_removed')} |")
    for r in results:
        print(f"\n{r['folder']}: split docs {r['split_names']}\n  removed examples: {r['removed_examples']}")


if __name__ == "__main__":
    main(sys.argv[1:])
