"""Outlet and date from where a file sits: ``--source-pattern``.

A pattern describes the end of a file's path, its extension left out:
``{outlet}/{slug}`` (a folder per outlet), ``{outlet}_{date}_{slug}`` (PolNeAR's
``breitbart_2015-11-11_slug.txt``), ``{outlet}/{date}/{slug}``... Placeholders:
``{outlet}``, ``{date}`` (2015-11-11, 2015_11_11, 20151111, 2015/11/11), ``{slug}`` and
``{any}`` (anything, folders included); everything else is matched as written.

``auto`` (the default) guesses the two common layouts: per file, a file name that opens
with ``outlet_YYYY-MM-DD_``; and the file's folder, when the inputs hold files in at least
two folders whose names are not generic (``text``, ``train``, ``2016``, ``seeds``:
``data/generic_folders.yaml``). One folder alone is never taken for an outlet (it is as
likely "my-news" as an outlet's name): give ``'{outlet}/{slug}'`` for that. Only files
that hold one document are guessed from (``.txt``, ``.html``); ``none`` turns it all off.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from newstrace.metadata.published import PublishedDate
from newstrace.metadata.url_dates import date_in_path

_PLACEHOLDER = re.compile(r"\{([a-z]+)\}")
_PARTS = {
    "outlet": r"(?P<outlet>[^/]+?)",
    "date": r"(?P<date>\d{4}[-_/]?\d{2}[-_/]?\d{2})",
    "slug": r"[^/]*",
    "any": r".*?",
}
_EXTENSION = re.compile(r"(?:\.(?:txt|html?|xhtml|jsonl?|csv|warc))?(?:\.gz)?$", re.IGNORECASE)
_SINGLE_DOCUMENT = re.compile(r"\.(?:txt|html?|xhtml)(?:\.gz)?$", re.IGNORECASE)
# What the user types to mean "guess" and "never".
AUTO, NONE = "auto", "none"
_AUTO_FILE = "{outlet}_{date}_{slug}"
_AUTO_FOLDER = "{outlet}/{slug}"


class SourcePatternError(ValueError):
    """A --source-pattern the user must fix (the message says how)."""


@dataclass(frozen=True, slots=True)
class PathHints:
    """What a file's path says: an outlet key ("wash-post", "coastal-herald") and a date."""

    outlet_key: str | None
    date: PublishedDate | None
    pattern: str  # the pattern that matched, for the run summary


@dataclass(frozen=True, slots=True)
class SourcePattern:
    text: str
    regex: re.Pattern[str]

    @classmethod
    def parse(cls, text: str) -> SourcePattern:
        names = _PLACEHOLDER.findall(text)
        unknown = sorted(set(names) - set(_PARTS))
        if unknown:
            raise SourcePatternError(
                f"--source-pattern {text!r}: unknown placeholder {{{unknown[0]}}}; "
                "use {outlet}, {date}, {slug} and {any}, e.g. '{outlet}/{slug}' or '{outlet}_{date}_{slug}'"
            )
        if "outlet" not in names and "date" not in names:
            raise SourcePatternError(
                f"--source-pattern {text!r} names neither {{outlet}} nor {{date}}: nothing to learn "
                "from it. Use e.g. '{outlet}/{slug}', or 'none' to turn path guessing off."
            )
        if names.count("outlet") > 1 or names.count("date") > 1:
            raise SourcePatternError(f"--source-pattern {text!r}: {{outlet}} and {{date}} may appear once each")
        regex = ""
        pos = 0
        for m in _PLACEHOLDER.finditer(text):
            regex += re.escape(text[pos : m.start()]) + _PARTS[m.group(1)]
            pos = m.end()
        regex += re.escape(text[pos:])
        return cls(text, re.compile(rf"(?:^|/){regex}$"))

    def match(self, path: str) -> PathHints | None:
        stem = _EXTENSION.sub("", path.replace("\\", "/"))
        m = self.regex.search(stem)
        if m is None:
            return None
        groups = m.groupdict()
        key = (groups.get("outlet") or "").strip() or None
        date = _date(groups["date"]) if groups.get("date") else None
        if key is None and date is None:
            return None
        return PathHints(key, date, self.text)


def _date(text: str) -> PublishedDate | None:
    digits = re.sub(r"\D", "", text)
    return date_in_path(f"/{digits[:4]}-{digits[4:6]}-{digits[6:8]}/") if len(digits) == 8 else None


@lru_cache(maxsize=1)
def _generic() -> tuple[frozenset[str], frozenset[str]]:
    raw = resources.files("newstrace.data").joinpath("generic_folders.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(raw)
    return (
        frozenset(str(n).casefold() for n in data["names"]),
        frozenset(str(w).casefold() for w in data["words"]),
    )


def generic_folders() -> frozenset[str]:
    return _generic()[0]


def outlet_like_folder(name: str) -> bool:
    """Whether a folder's name could be an outlet's ("coastal-herald", "nyt"), not a
    dataset's ("text", "train-articles-subtask-1", "2016", "part-3")."""
    names, words = _generic()
    folded = name.casefold()
    tokens = {t for t in re.split(r"[-_. ]+", folded) if t}
    return (
        folded not in names
        and not tokens & words
        and any(c.isalpha() for c in name)
        and not re.fullmatch(r"(?:v|part|batch|page|set|split|dump)?[\d\W_]+", folded)
        and not name.startswith(".")
        and len(name) <= 60
    )


# How many files a folder survey looks at before it decides (listing only, no reading).
SURVEY_FILES = 200_000


def _folders_under(root: Path) -> set[str]:
    """Outlet-like names of the folders that directly hold one-document files under root."""
    found: set[str] = set()
    seen = 0
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        here = Path(dirpath)
        if here != root and outlet_like_folder(here.name) and any(_SINGLE_DOCUMENT.search(f) for f in filenames):
            found.add(here.name)
        seen += len(filenames)
        if seen >= SURVEY_FILES:
            break
    return found


@dataclass(frozen=True, slots=True)
class SourcePatterns:
    """The user's choice: ``auto``, ``none``, or one pattern."""

    mode: str  # AUTO, NONE or "pattern"
    pattern: SourcePattern | None = None
    # AUTO only: folder names taken as outlets (``for_inputs`` fills it; empty: none).
    outlet_folders: frozenset[str] = frozenset()

    @classmethod
    def parse(cls, text: str | None) -> SourcePatterns:
        value = (text or AUTO).strip()
        if value.lower() == AUTO:
            return cls(AUTO)
        if value.lower() == NONE:
            return cls(NONE)
        return cls("pattern", SourcePattern.parse(value))

    def for_inputs(self, roots: Sequence[Path]) -> SourcePatterns:
        """``auto`` made concrete for this run's inputs: the folder layout is guessed
        only where the inputs hold files in two or more outlet-like folders."""
        if self.mode != AUTO:
            return self
        folders: set[str] = set()
        for root in map(Path, roots):
            if root.is_dir():
                folders |= _folders_under(root)
            elif _SINGLE_DOCUMENT.search(root.name) and outlet_like_folder(root.parent.name):
                folders.add(root.parent.name)  # files named one by one: their own folders
        return replace(self, outlet_folders=frozenset(folders) if len(folders) >= 2 else frozenset())

    def hints(self, path: str | None) -> PathHints | None:
        """What ``path`` (a file's path as given, or an archive member's) says."""
        if not path or self.mode == NONE:
            return None
        if self.pattern is not None:
            return self.pattern.match(path)
        if not _SINGLE_DOCUMENT.search(path):
            return None  # a JSON/CSV/WARC file's folder says nothing sure about each record
        found = _auto_file().match(path)
        if found is not None and found.outlet_key:
            return found
        parts = path.replace("\\", "/").split("/")
        if len(parts) >= 2 and parts[-2] in self.outlet_folders:
            return PathHints(parts[-2], None, _AUTO_FOLDER)
        return None


@lru_cache(maxsize=1)
def _auto_file() -> SourcePattern:
    return SourcePattern.parse(_AUTO_FILE)


DEFAULT = SourcePatterns(AUTO)
