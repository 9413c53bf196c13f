"""The search syntax analysts bring from Aleph and Datashare, parsed into a small tree.

    words            all of them (AND is implied)
    "a phrase"       the words in this order
    prefix*          any word starting so (at least 2 characters before the *)
    a OR b           either; AND binds tighter than OR; parentheses group
    NOT a, -a        without it (alone: every article without it)
    title:word       in the title only
    +word            the same as word (required)

Operators are upper case (``or`` is a word). Anything else the engine cannot take is a
``SearchSyntaxError`` saying what to change: fuzzy (~) and boost (^) marks, wildcards
inside a word, field names other than ``title``, a NOT inside an OR, unbalanced quotes or
parentheses, more than ``MAX_TERMS`` words. The tree is engine-neutral: each store
compiles it to its own full-text language (FTS5 MATCH, PostgreSQL tsquery).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from newstrace.errors import UsageError

MAX_TERMS = 50
MAX_DEPTH = 8
MIN_PREFIX = 2

# A token: a quoted phrase (closing quote optional, checked below), a parenthesis, or a run
# of anything else up to a space, a parenthesis or a quote.
_TOKEN = re.compile(r'[-+]?"[^"]*"?|[-+]?\(|\)|[^\s()"]+')
_WORDCHAR = re.compile(r"[^\W_]")  # a letter or digit: what the index keeps
_FIELD = re.compile(r"^([A-Za-z_]+):(.*)$")


class SearchSyntaxError(UsageError):
    code = "E017"


@dataclass(frozen=True, slots=True)
class Term:
    """One word (or, if it holds punctuation, the words the index splits it into, in order)."""

    text: str
    prefix: bool = False
    column: str | None = None  # "title", or None for title and text


@dataclass(frozen=True, slots=True)
class Phrase:
    text: str
    column: str | None = None


@dataclass(frozen=True, slots=True)
class Not:
    child: Node


@dataclass(frozen=True, slots=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    children: tuple[Node, ...]


Node = Term | Phrase | Not | And | Or


@dataclass(frozen=True, slots=True)
class Query:
    """A parsed query: ``include`` must match (None: every article) and no ``exclude`` may."""

    include: Node | None
    exclude: tuple[Node, ...] = ()
    expansions: dict[str, list[str]] = field(default_factory=dict)  # term -> names it also matched

    @property
    def empty(self) -> bool:
        return self.include is None and not self.exclude

    def terms(self) -> Iterator[Term | Phrase]:
        for node in ([self.include] if self.include else []) + list(self.exclude):
            yield from leaves(node)


def leaves(node: Node) -> Iterator[Term | Phrase]:
    if isinstance(node, Term | Phrase):
        yield node
    elif isinstance(node, Not):
        yield from leaves(node.child)
    else:
        for c in node.children:
            yield from leaves(c)


def parse(text: str) -> Query:
    """The query tree of what a user typed; ``SearchSyntaxError`` when it cannot be searched."""
    # Control characters mean nothing in a query (and a NUL breaks engines' parsers).
    text = re.sub(r"[\x00-\x1f\x7f]", " ", text)
    if text.count('"') % 2:
        raise SearchSyntaxError('a quotation mark is not closed: put a " at the end of the phrase, or remove it.')
    tokens = _TOKEN.findall(text)
    parser = _Parser(tokens)
    node = parser.parse()
    n = sum(1 for _ in leaves(node)) if node is not None else 0
    if n > MAX_TERMS:
        raise SearchSyntaxError(
            f"the query has {n} words; at most {MAX_TERMS} can be searched at once. Keep the words that matter, "
            "or split the search into several."
        )
    return _split_negations(node)


class _Parser:
    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.i = 0
        self.depth = 0

    def peek(self) -> str | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def parse(self) -> Node | None:
        node = self.or_expr()
        if self.peek() is not None:  # only a stray ")" can stop the loop early
            raise SearchSyntaxError("a closing parenthesis has no opening one: remove it or add a '('.")
        return node

    def or_expr(self) -> Node | None:
        parts = [self.and_expr()]
        while self.peek() == "OR":
            self.i += 1
            parts.append(self.and_expr())
        kept = [p for p in parts if p is not None]
        if len(parts) > 1 and len(kept) < len(parts):
            raise SearchSyntaxError("OR needs a word on both sides (for example: Daesh OR ISIS).")
        if not kept:
            return None
        return kept[0] if len(kept) == 1 else Or(tuple(kept))

    def and_expr(self) -> Node | None:
        parts: list[Node] = []
        while (tok := self.peek()) is not None and tok not in ("OR", ")"):
            if tok == "AND":
                self.i += 1
                if self.peek() in (None, "OR", ")", "AND") or not parts:
                    raise SearchSyntaxError("AND needs a word on both sides (for example: Clinton AND email).")
                continue
            node = self.unary()
            if node is not None:
                parts.append(node)
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def unary(self) -> Node | None:
        tok = self.peek()
        assert tok is not None
        if tok == "NOT":
            self.i += 1
            if self.peek() in (None, "OR", "AND", ")"):
                raise SearchSyntaxError("NOT needs a word after it (for example: said NOT Daesh).")
            child = self.unary()
            return Not(child) if child is not None else None
        if len(tok) > 1 and tok[0] in "-+":
            # -word, -"a phrase", -(a group); + is the default and changes nothing.
            self.tokens[self.i] = tok[1:]
            child = self.unary()
            return Not(child) if tok[0] == "-" and child is not None else child
        return self.atom()

    def atom(self) -> Node | None:
        tok = self.tokens[self.i]
        self.i += 1
        if tok == "(":
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise SearchSyntaxError(f"parentheses are nested more than {MAX_DEPTH} deep: simplify the query.")
            node = self.or_expr()
            if self.peek() != ")":
                raise SearchSyntaxError("a parenthesis is not closed: add a ')' or remove the '('.")
            self.i += 1
            self.depth -= 1
            return node
        if tok == ")":
            raise SearchSyntaxError("a closing parenthesis has no opening one: remove it or add a '('.")
        column = None
        m = _FIELD.match(tok)
        if m and m.group(2) and not m.group(2).startswith("//"):  # http://... is a word
            name = m.group(1).lower()
            if name != "title":
                raise SearchSyntaxError(
                    f"'{m.group(1)}:' is not a field that can be searched; only title: is. "
                    "Use the filters for outlet, date and entity."
                )
            column, tok = "title", m.group(2)
        if tok.startswith('"'):
            words = tok.strip('"').strip()
            if not _WORDCHAR.search(words):
                return None
            return Phrase(" ".join(words.split()), column)
        return _word(tok, column)


def _word(tok: str, column: str | None) -> Term | None:
    if "~" in tok or "^" in tok:
        raise SearchSyntaxError(
            f"{tok!r}: fuzzy (~) and boost (^) marks are not supported; use prefix* or OR between spellings."
        )
    prefix = tok.endswith("*")
    core = tok.rstrip("*")
    if "*" in core or "?" in core.rstrip("?"):
        raise SearchSyntaxError(f"{tok!r}: a wildcard can only end a word (prefix*), not start or split it.")
    core = core.rstrip("?")  # a question mark ending a word is punctuation
    if not _WORDCHAR.search(core):
        if prefix:
            raise SearchSyntaxError("a * must follow at least two letters (for example: milit*).")
        return None  # punctuation only: nothing to search for
    if prefix and len(re.sub(r"[\W_]", "", core)) < MIN_PREFIX:
        raise SearchSyntaxError(f"{tok!r}: a prefix needs at least {MIN_PREFIX} letters before the *.")
    return Term(core, prefix, column)


def _split_negations(node: Node | None) -> Query:
    """Top-level negations become ``exclude``; a NOT anywhere an engine cannot take it
    (inside an OR, or a group of only negations under another operator) is an error."""
    if node is None:
        return Query(None)
    if isinstance(node, Not):
        return Query(None, (_check(node.child),))
    if isinstance(node, And):
        pos = [c for c in node.children if not isinstance(c, Not)]
        neg = [c.child for c in node.children if isinstance(c, Not)]
        include = None if not pos else pos[0] if len(pos) == 1 else And(tuple(pos))
        return Query(_check(include) if include else None, tuple(_check(n) for n in neg))
    return Query(_check(node))


def _check(node: Node) -> Node:
    """No NOT may remain below the top level, except ``a NOT b`` inside a group with a
    positive part, which engines take as "a and not b"."""
    if isinstance(node, Not):
        raise SearchSyntaxError(
            "a NOT can only exclude from a whole query or a group that also has a word to find "
            "(say 'Clinton -email', not 'Clinton OR -email')."
        )
    if isinstance(node, Or):
        for c in node.children:
            if isinstance(c, Not):
                raise SearchSyntaxError(
                    "a NOT inside an OR cannot be searched: say 'Clinton -email', not 'Clinton OR -email'."
                )
            _check(c)
    if isinstance(node, And):
        pos = [c for c in node.children if not isinstance(c, Not)]
        if not pos:
            raise SearchSyntaxError("a group of only NOTs has nothing to find: add a word to it.")
        for c in node.children:
            _check(c.child if isinstance(c, Not) else c)
    return node


def describe(node: Node | None) -> str:
    """The tree back as text, fully parenthesised (tests and the 'searched for' line)."""
    if node is None:
        return "*"
    if isinstance(node, Term):
        return (f"{node.column}:" if node.column else "") + node.text + ("*" if node.prefix else "")
    if isinstance(node, Phrase):
        return (f"{node.column}:" if node.column else "") + f'"{node.text}"'
    if isinstance(node, Not):
        return f"NOT {describe(node.child)}"
    op = " AND " if isinstance(node, And) else " OR "
    return "(" + op.join(describe(c) for c in node.children) + ")"
