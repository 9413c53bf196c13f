"""``.csv``: one row an article, streamed row by row with the csv module.

The encoding is chosen from the first bytes (BOM, UTF-8, else charset-normalizer); the
delimiter is sniffed from the header line (comma, semicolon, tab or bar).
"""

from __future__ import annotations

import codecs
import csv
import io
import sys
from collections.abc import Iterator

from newstrace.ingest.decode import binary_kind, guess_encoding, split_bom
from newstrace.ingest.fields import record_to_document
from newstrace.ingest.limits import CHUNK, RECORD_LIMIT, SNIFF_BYTES, human_size
from newstrace.ingest.opener import InputFile, Opened
from newstrace.ingest.problems import Unreadable
from newstrace.records import InputProblem, RawDocument

# Rows are bounded by RECORD_LIMIT in ``_Lines``; csv's own (128 KB) field limit would
# refuse ordinary long articles.
csv.field_size_limit(max(csv.field_size_limit(), min(sys.maxsize, 2 * RECORD_LIMIT)))

DELIMITERS = ",;\t|"


class _RowTooLong(Exception):
    pass


class _Lines:
    """The file's lines for csv.reader, counting the current row's size. A row over the
    limit is skipped to its end (the first line end with an even count of quote marks
    since the row began, i.e. outside any quoted field) and ``_RowTooLong`` raised; the
    iterator stays usable, so a fresh reader resumes at the next row."""

    def __init__(self, text: io.TextIOBase) -> None:
        self.text = text
        self.row_done()

    def row_done(self) -> None:
        self.row_chars = 0
        self.row_quotes = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = self.text.readline(RECORD_LIMIT + 1)
        if not line:
            raise StopIteration
        self.row_chars += len(line)
        self.row_quotes += line.count('"')
        if self.row_chars > RECORD_LIMIT:
            while line and not (line.endswith("\n") and self.row_quotes % 2 == 0):
                line = self.text.readline(CHUNK)
                self.row_quotes += line.count('"')
            self.row_done()
            raise _RowTooLong
        return line


def _dialect(header_line: str) -> type[csv.Dialect]:
    """excel, with the delimiter the header line uses most (comma when none)."""
    counts = {d: header_line.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    delimiter = best if counts[best] else ","
    return type("Sniffed", (csv.excel,), {"delimiter": delimiter})


def _encoding(sample: bytes) -> str:
    bom, rest = split_bom(sample)
    if bom:
        return "utf-8-sig" if bom == "utf-8" else bom.replace("-le", "").replace("-be", "")
    kind = binary_kind(sample)
    if kind:
        raise Unreadable(f"the file is {kind}, not CSV text")
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
        return "utf-8"
    except UnicodeDecodeError:
        guessed = guess_encoding(sample)
        if guessed is None:
            raise Unreadable("the file is not valid UTF-8 and no known encoding explains its bytes") from None
        return guessed


def read_csv(f: InputFile) -> Iterator[RawDocument | InputProblem]:
    with Opened(f) as o:
        # Every stream here is buffered (files, gzip, archive members): peek does not consume.
        sample = o.stream.peek(SNIFF_BYTES)[:SNIFF_BYTES]  # type: ignore[attr-defined]
        if not sample.strip():
            raise Unreadable(o.error or "the file is empty")
        encoding = _encoding(sample)
        text = io.TextIOWrapper(o.stream, encoding=encoding, newline="")
        lines = _Lines(text)
        try:
            header_line = next(lines, "")
        except _RowTooLong:
            raise Unreadable("the header line is over the size limit; is this a CSV file?") from None
        lines.row_done()
        dialect = _dialect(header_line)
        header = next(csv.reader([header_line], dialect), [])
        names = [h.strip().lower() for h in header]
        if "text" not in names and "html" not in names:
            shown = ", ".join(h for h in header[:12] if h.strip()) or "none"
            raise Unreadable(f"the CSV has no 'text' or 'html' column (its columns: {shown}); name the article column 'text'")
        yield from _rows(f, o, lines, header, dialect)
        text.detach()


def _rows(f: InputFile, o: Opened, lines: _Lines, header: list[str], dialect: type[csv.Dialect]) -> Iterator[RawDocument | InputProblem]:
    row_no = 0
    while True:
        reader = csv.reader(lines, dialect)
        try:
            for row in reader:
                lines.row_done()
                row_no += 1
                if not any(cell.strip() for cell in row):
                    row_no -= 1  # blank line: not a data row
                    continue
                record = dict(zip(header, row, strict=False))
                try:
                    yield record_to_document(record, source=f"{f.source_name}#R{row_no}", input_path=f.display)
                except Unreadable as e:
                    yield InputProblem(f.display, f"row {row_no}: {e.reason}")
            break
        except (_RowTooLong, csv.Error) as e:
            row_no += 1
            lines.row_done()
            why = f"over the {human_size(RECORD_LIMIT)} limit" if isinstance(e, _RowTooLong) else f"malformed ({e})"
            yield InputProblem(f.display, f"row {row_no}: the row is {why}; skipped")
            continue  # a fresh reader resumes after the bad row
        except UnicodeDecodeError as e:
            yield InputProblem(f.display, f"row {row_no + 1}: bytes not valid in the file's encoding ({e.encoding}); the rest of the file is skipped")
            return
    if o.error:
        yield InputProblem(f.display, f"{o.error}; read up to data row {row_no}")
