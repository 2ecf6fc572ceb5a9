"""The bank of rolled-over data: tranches kept in the order they are used.

Rolled data is used soonest-expiring first, oldest first on ties, never-expiring last
(spec §3). Keeping the list in that order at all times makes every operation a walk from
the front: a draw takes from the first tranches, an expiry pops them, a deposit is
inserted from the back (a new tranche usually expires last).

A bank that records (for ``simulate``) also keeps its ledger: the public ``Tranche`` of
each tranche, in the same order, updated by each operation, so that a month's bank is
one ``tuple(ledger)``. ``compare`` records nothing and builds no ``Tranche``.
"""

from __future__ import annotations

from .model import ExpiredTranche, Tranche, new_expired_tranche, new_tranche
from .months import MONTH_TEXTS

__all__ = ["NEVER", "Bank", "BankTranche"]

NEVER = 1 << 62  # the expiry key of data that never expires: after every month


class BankTranche:
    """One tranche, mutable while it is in the bank.

    ``from_month`` is the month the data was left over in; ``until`` the last month it
    can be used, as an integer (None: never expires); ``extra`` the periods promotions
    added to its life; ``expires_key`` orders the bank (``until``, or NEVER).
    """

    __slots__ = ("expires_key", "extra", "from_month", "mb", "until")

    def __init__(self, mb: int, from_month: str, until: int | None, extra: int = 0) -> None:
        self.mb = mb
        self.from_month = from_month
        self.until = until
        self.extra = extra
        self.expires_key = NEVER if until is None else until

    def public(self) -> Tranche:
        """The public ``Tranche``: the data left, where from and until when."""
        until = self.until
        return new_tranche(self.mb, self.from_month, None if until is None else MONTH_TEXTS[until])

    def expired(self, life: int) -> ExpiredTranche:
        """The ``ExpiredTranche`` of this tranche, expired with age on a plan whose rolled
        data lasts ``life`` periods (before promotions)."""
        return new_expired_tranche(
            self.mb,
            self.from_month,
            MONTH_TEXTS[self.until],  # type: ignore[index]
            life + self.extra,
            self.extra,
        )


class Bank:
    """The rolled-over data: ``tranches`` in order of use, ``total`` their sum, and when
    recording the ``ledger`` (their public forms, in the same order; None otherwise)."""

    __slots__ = ("_view", "ledger", "total", "tranches")

    def __init__(self, record: bool = False) -> None:
        self.tranches: list[BankTranche] = []
        self.total = 0
        # kept in step by each operation: a month's bank is then one tuple(ledger), not a
        # walk over the tranches making each one's public form
        self.ledger: list[Tranche] | None = [] if record else None
        self._view: tuple[Tranche, ...] | None = ()  # tuple(ledger); None: to be made

    def draw(self, need: int) -> int:
        """Use up to ``need`` MB, soonest-expiring first; returns the MB used."""
        tranches = self.tranches
        remaining = need
        used_up = 0
        partly = None  # the tranche left with less, if any
        for tranche in tranches:
            mb = tranche.mb
            if mb <= remaining:
                remaining -= mb
                used_up += 1
                if not remaining:
                    break
            else:
                tranche.mb = mb - remaining
                partly = tranche
                remaining = 0
                break
        if used_up:
            del tranches[:used_up]
        taken = need - remaining
        self.total -= taken
        ledger = self.ledger
        if ledger is not None:
            if used_up:
                del ledger[:used_up]
            if partly is not None:
                ledger[0] = partly.public()
            self._view = None
        return taken

    def expire(self, month: int) -> list[BankTranche]:
        """Remove the tranches whose life ends with ``month``; returns them (in order of
        use, each with the MB it had left)."""
        tranches = self.tranches
        count = 0
        for tranche in tranches:
            if tranche.expires_key > month:
                break
            count += 1
        if not count:
            return []
        expired = tranches[:count]
        del tranches[:count]
        self.total -= sum(t.mb for t in expired)
        ledger = self.ledger
        if ledger is not None:
            del ledger[:count]
            self._view = None
        return expired

    def deposit(self, mb: int, from_month: str, until: int | None, extra: int = 0) -> None:
        """Add a tranche of ``mb`` left over from the period ending in ``from_month``,
        usable until the end of month ``until`` (None: never expires), ``extra`` periods
        of its life added by promotions."""
        tranche = BankTranche(mb, from_month, until, extra)
        tranches = self.tranches
        key = tranche.expires_key
        pos = len(tranches)
        # after every tranche that expires sooner or at the same time (older first on ties)
        while pos and tranches[pos - 1].expires_key > key:
            pos -= 1
        tranches.insert(pos, tranche)
        self.total += mb
        ledger = self.ledger
        if ledger is not None:
            ledger.insert(pos, tranche.public())
            self._view = None

    def wipe(self) -> int:
        """Lose the whole bank (a lapse with forfeit_on_lapse); returns the MB lost."""
        lost = self.total
        self.tranches.clear()
        self.total = 0
        if self.ledger is not None:
            self.ledger.clear()
            self._view = ()
        return lost

    def view(self) -> tuple[Tranche, ...]:
        """The bank as public ``Tranche`` s, in order of use (recording banks only; the
        same tuple until the bank changes)."""
        view = self._view
        if view is None:
            view = self._view = tuple(self.ledger)  # type: ignore[arg-type]
        return view
