"""Find a carrier or a category by the name people type: "TM卡", "T~M卡", "tmobile",
"Smart卡流量累积", "美国E卡流量能结转到下个月吗".

The query and every name (aliases, the English and Chinese names, the slug) are normalised
the same way (``normalise``): Unicode NFKC (full-width letters become ASCII), case folded,
and everything that is not a letter, a digit or a combining mark dropped (spaces, ~ - · _ ・
& and the like), so "T~M卡", "Ｔ－Ｍ卡" and "tm卡" are one name. Then, in order:

1. an exact match wins;
2. else the names contained in the query (a whole question holds the name somewhere): a name
   found inside a longer found name ("E卡" in "美国E卡") does not count, and an ASCII name
   must stand as a word (Smart in "smart卡" or "smart data", not in "smartphone"); a category
   found beside one of its own carriers ("Airalo eSIM") gives way to the carrier; several
   carriers named in one question ("TM卡和Smart卡") are all offered, longest name first;
3. else the names the query begins ("tmob" → T-Mobile), at least two characters typed.

No match is "nothing"; an empty query (or only separators) is "empty". Everything here is
plain Python over an ``Index`` built once per catalog (``simulator.answers``): no query per
name.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_QUERY_LENGTH = 100  # characters; a longer query is a form error
MIN_CONTAINED_LENGTH = 2  # a one-character name ("3") matches only exactly
MIN_PREFIX_LENGTH = 2
MAX_CHOICES = 8  # the most names offered to choose from

EXACT = "exact"
CONTAINED = "contained"
PREFIX = "prefix"
NOTHING = "nothing"
EMPTY = "empty"


def names_of(named) -> list[str]:
    """What a carrier or a category is found by: its aliases, its names in every language
    and its slug (blank ones left out)."""
    return [t for t in (*(named.aliases or ()), named.name_en, named.name_zh_hans, named.slug) if t]


def normalise(text: str) -> str:
    """The letters, digits and combining marks of ``text``, NFKC and case folded."""
    return _squash(text)[0]


def _squash(text: str) -> tuple[str, str, list[int]]:
    """(normalised text, the folded text it comes from, where each kept character sits in
    the folded text): the positions let a match be checked against its neighbours."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    kept: list[str] = []
    positions: list[int] = []
    for i, char in enumerate(folded):
        if unicodedata.category(char)[0] in "LNM":
            kept.append(char)
            positions.append(i)
    return "".join(kept), folded, positions


def _word_char(char: str) -> bool:
    return char.isascii() and char.isalnum()


@dataclass(frozen=True, order=True)
class Target:
    """What a name leads to: a carrier or a category, by slug."""

    kind: str  # "carrier" | "category"
    slug: str


@dataclass(frozen=True)
class Index:
    """Every normalised name and what it leads to."""

    names: dict[str, frozenset[Target]]
    # A carrier's categories: a category named beside its own carrier gives way to it.
    parents: dict[Target, frozenset[Target]] = field(default_factory=dict)

    @classmethod
    def build(
        cls,
        entries: Iterable[tuple[Target, Iterable[str]]],
        parents: dict[Target, frozenset[Target]] | None = None,
    ) -> Index:
        names: dict[str, set[Target]] = {}
        for target, texts in entries:
            for text in texts:
                key = normalise(text or "")
                if key:
                    names.setdefault(key, set()).add(target)
        return cls({k: frozenset(v) for k, v in names.items()}, dict(parents or {}))


@dataclass(frozen=True)
class Found:
    how: str  # EXACT, CONTAINED, PREFIX, NOTHING or EMPTY
    targets: tuple[Target, ...] = ()
    more: int = 0  # matches left out of ``targets`` (beyond MAX_CHOICES)

    @property
    def one(self) -> Target | None:
        """The single answer, when there is exactly one."""
        return self.targets[0] if len(self.targets) == 1 and not self.more else None


def _limited(how: str, targets: list[Target]) -> Found:
    return Found(how, tuple(targets[:MAX_CHOICES]), max(0, len(targets) - MAX_CHOICES))


def search(query: str, index: Index) -> Found:
    key, folded, positions = _squash(query)
    if not key:
        return Found(EMPTY)
    if key in index.names:
        return _limited(EXACT, sorted(index.names[key]))
    contained = _contained(key, folded, positions, index)
    if contained:
        return _limited(CONTAINED, contained)
    if len(key) >= MIN_PREFIX_LENGTH:
        starting = {t for name, ts in index.names.items() if name.startswith(key) for t in ts}
        if starting:
            return _limited(PREFIX, sorted(starting))
    return Found(NOTHING)


def _contained(key: str, folded: str, positions: list[int], index: Index) -> list[Target]:
    """The targets of the names found inside the query, longest name first."""
    spans: list[tuple[int, int, frozenset[Target]]] = []
    for name, targets in index.names.items():
        if len(name) < MIN_CONTAINED_LENGTH or len(name) > len(key):
            continue
        start = key.find(name)
        while start != -1:
            end = start + len(name)
            if _stands_alone(name, folded, positions[start], positions[end - 1]):
                spans.append((start, end, targets))
            start = key.find(name, start + 1)
    # A name inside a longer name found in the same place does not count ("E卡" in "美国E卡").
    kept = [s for s in spans if not any(_inside(s, o) for o in spans)]
    kept.sort(key=lambda s: (s[0] - s[1], s[0]))  # longest first, then leftmost
    found: list[Target] = []
    for _start, _end, targets in kept:
        for target in sorted(targets):
            if target not in found:
                found.append(target)
    named_carriers = [t for t in found if t.kind == "carrier"]
    shadowed = {p for t in named_carriers for p in index.parents.get(t, ())}
    return [t for t in found if t not in shadowed]


def _inside(span: tuple, other: tuple) -> bool:
    """Is ``span`` strictly inside the longer ``other``?"""
    return other[0] <= span[0] and span[1] <= other[1] and other[1] - other[0] > span[1] - span[0]


def _stands_alone(name: str, folded: str, first: int, last: int) -> bool:
    """An ASCII letter or digit at either end of the name must not run on into another one
    in the query: "smart" in "smart卡" or "smart data", never in "smartphone"."""
    if _word_char(name[0]) and first > 0 and _word_char(folded[first - 1]):
        return False
    return not (_word_char(name[-1]) and last + 1 < len(folded) and _word_char(folded[last + 1]))


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Does my card roll over? Type its name or your question"),
        max_length=MAX_QUERY_LENGTH,
        required=False,
        error_messages={
            "max_length": _(
                "That is too long to look up: type at most %(limit_value)d characters, "
                "e.g. just the name of the card."
            )
        },
    )
