"""Build the MUC-4 incident-location gold that ``newstrace eval muc4`` scores event places on.

The GTT preprocessing in ../shared/corpora/muc4 keeps five role slots per template and drops
the key's INCIDENT: LOCATION slot and the message's dateline. Both are read here from the
original MUC-3/4 distribution (the GTT repository's data/muc/raw_files/muc34, TASK/CORPORA):
the answer keys (key-tst1.v7, key-tst2.v4) and the texts (tst1-muc3, tst2-muc4), i.e. the
dev split only (TST1-MUC3 + TST2-MUC4). The dateline place is parsed by the product's own
dateline parser (metadata/dateline.py), as ingest would parse it if GTT had kept it (MUC's
"4 FEB 90" date component, which that parser does not know, is cut first).

    /work/bin/py scripts/muc4_places.py KEY... --texts TEXT... > src/newstrace/data/events/muc4_dev_places.tsv

Output columns: docid, template number, incident type as keyed, location as keyed ("-"
none), dateline place ("" none).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from newstrace.metadata.dateline import find_inline_dateline

_SLOT = re.compile(r"^(\d+)\.\s+([A-Z ]+: [A-Z ]+?)\s{2,}(.*)$")
_MUC_DATE = re.compile(r",?\s*\b\d{1,2} [A-Z]{3} \d{2}\b")
_DOCID = re.compile(r"^((?:DEV|TST\d)-MUC\d-\d{4})\b")


def read_keys(path: Path) -> list[dict[str, str]]:
    """Templates of a key file: slot name -> value (continuation lines joined with ' | ')."""
    out: list[dict[str, str]] = []
    cur: dict[str, str] | None = None
    slot = ""
    for line in path.read_text(encoding="latin-1").splitlines():
        if line.startswith(";") or not line.strip():
            continue
        m = _SLOT.match(line)
        if m:
            slot = m.group(2).strip()
            if slot == "MESSAGE: ID":
                cur = {}
                out.append(cur)
            assert cur is not None
            cur[slot] = m.group(3).strip()
        elif cur is not None and slot:
            cur[slot] += " | " + line.strip()
    return out


def read_datelines(path: Path) -> dict[str, str]:
    """docid -> the dateline place of the message's first paragraph."""
    out: dict[str, str] = {}
    docid = None
    lines: list[str] = []
    ended = False  # the first paragraph ends at the first blank line after text
    for line in [*path.read_text(encoding="latin-1").splitlines(), "TST9-MUC9-9999"]:
        m = _DOCID.match(line)
        if m:
            if docid is not None:
                # The parser knows "Feb 4", not MUC's "4 FEB 90": that date component is cut.
                found = find_inline_dateline(_MUC_DATE.sub("", " ".join(" ".join(lines).split()), count=1))
                out[docid] = (found.dateline.place or "") if found else ""
            docid, lines, ended = m.group(1), [], False
        elif docid is not None and not ended:
            if line.strip():
                lines.append(line)
            elif lines:
                ended = True
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("keys", nargs="+", type=Path)
    ap.add_argument("--texts", nargs="+", type=Path, required=True)
    args = ap.parse_args()
    datelines: dict[str, str] = {}
    for t in args.texts:
        datelines.update(read_datelines(t))
    w = sys.stdout.write
    w("# MUC-4 dev (TST1-MUC3 + TST2-MUC4) incident locations from the MUC-3/4 answer keys, and each\n")
    w("# message's dateline place (product parser); built by scripts/muc4_places.py. Research evaluation only.\n")
    w("# docid\ttemplate\tincident_type\tlocation\tdateline_place\n")
    for k in (k for p in args.keys for k in read_keys(p)):
        docid = re.sub(r"\s*\(.*$", "", k.get("MESSAGE: ID", ""))
        template = k.get("MESSAGE: TEMPLATE", "*")
        if template.startswith("*") or not docid:
            continue  # a message without an incident
        w(f"{docid}\t{template}\t{k.get('INCIDENT: TYPE', '')}\t{k.get('INCIDENT: LOCATION', '-')}\t{datelines.get(docid, '')}\n")


if __name__ == "__main__":
    main()
