"""The bank of rolled-over data: tranches kept in the order they are used.

Rolled data is used soonest-expiring first, oldest first on ties, never-expiring last
(spec §3). Keeping the list in that order at all times makes every operation a walk from
the front: a draw takes from the first tranches, an expiry pops them, a deposit is
inserted from the back (a new tranche usually expires last).

The bank holds the public ``Tranche`` s themselves. They are immutable: a draw that leaves
a tranche with less replaces it with a new one, so a month's bank is one
``tuple(tranches)``, shared with the next month when nothing changed, and a month's bank
never changes after the month. Beside the tranches, in the same order, the bank keeps
what their public form does not carry: the month each can last be used, as an integer
(the order's key), and the periods promotions added to its life.
"""

from __future__ import annotations

from bisect import bisect_right

from .model import ExpiredTranche, Tranche, new_expired_tranche, new_tranche
from .months import MONTH_TEXTS

__all__ = ["NEVER", "Bank", "expired_tranches"]

NEVER = 1 << 62  # the last month of data that never expires: after every month


class Bank:
    """The rolled-over data: ``tranches`` in order of use and ``total`` their sum; for each
    tranche, in the same order, ``untils`` (the last month it can be used as an index,
    NEVER if it never expires) and ``extras`` (the periods promotions added to its life).
    """

    __slots__ = ("_view", "extras", "total", "tranches", "untils")

    def __init__(self) -> None:
        self.tranches: list[Tranche] = []
        self.untils: list[int] = []
        self.extras: list[int] = []
        self.total = 0
        self._view: tuple[Tranche, ...] | None = ()  # tuple(tranches); None: to be made

    def draw(self, need: int) -> int:
        """Use up to ``need`` MB, soonest-expiring first; returns the MB used."""
        tranches = self.tranches
        remaining = need
        used_up = 0
        for tranche in tranches:
            mb = tranche.mb
            if mb <= remaining:
                remaining -= mb
                used_up += 1
                if not remaining:
                    break
            else:  # this one is left with less
                tranches[used_up] = new_tranche(
                    mb - remaining, tranche.from_month, tranche.usable_until
                )
                remaining = 0
                break
        if used_up:
            del tranches[:used_up]
            del self.untils[:used_up]
            del self.extras[:used_up]
        taken = need - remaining
        self.total -= taken
        self._view = None
        return taken

    def expire(self, month: int) -> tuple[int, list[Tranche], list[int]]:
        """Remove the tranches whose life ends with ``month``; returns the MB they had
        left, the tranches (in order of use) and the periods promotions added to each."""
        untils = self.untils
        count = bisect_right(untils, month)  # those that last until this month or earlier
        tranches, extras = self.tranches, self.extras
        expired, expired_extras = tranches[:count], extras[:count]
        del tranches[:count]
        del untils[:count]
        del extras[:count]
        mb = 0
        for tranche in expired:  # (a loop: a list comprehension is a function call in 3.11)
            mb += tranche.mb
        self.total -= mb
        self._view = None
        return mb, expired, expired_extras

    def deposit(self, mb: int, from_month: str, until: int | None, extra: int = 0) -> None:
        """Add a tranche of ``mb`` left over from the period ending in ``from_month``,
        usable until the end of month ``until`` (None: never expires), ``extra`` periods
        of its life added by promotions."""
        key = NEVER if until is None else until
        untils = self.untils
        pos = len(untils)
        # after every tranche that expires sooner or at the same time (older first on ties)
        while pos and untils[pos - 1] > key:
            pos -= 1
        until_text = None if until is None else MONTH_TEXTS[until]
        self.tranches.insert(pos, new_tranche(mb, from_month, until_text))
        untils.insert(pos, key)
        self.extras.insert(pos, extra)
        self.total += mb
        self._view = None

    def wipe(self) -> int:
        """Lose the whole bank (a lapse with forfeit_on_lapse); returns the MB lost."""
        lost = self.total
        self.tranches.clear()
        self.untils.clear()
        self.extras.clear()
        self.total = 0
        self._view = ()
        return lost

    def view(self) -> tuple[Tranche, ...]:
        """The bank as a tuple of ``Tranche`` s, in order of use (the same tuple until the
        bank changes)."""
        view = self._view
        if view is None:
            view = self._view = tuple(self.tranches)
        return view


def expired_tranches(
    tranches: list[Tranche], extras: list[int], life: int
) -> tuple[ExpiredTranche, ...]:
    """What ``Bank.expire`` returned as ``ExpiredTranche`` s, on a plan whose rolled data
    lasts ``life`` periods (before promotions)."""
    expired = []
    for t, extra in zip(tranches, extras, strict=True):  # a loop, as in Bank.expire
        expired.append(new_expired_tranche(t.mb, t.from_month, t.usable_until, life + extra, extra))
    return tuple(expired)
