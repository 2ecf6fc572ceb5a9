"""The bank of rolled-over data on its own: the order of use, draws, expiry, the views.

Month indexes below are ``months.month_index`` values; the texts are what the public
``Tranche`` s show.
"""

from __future__ import annotations

from simulator.engine import ExpiredTranche, Tranche
from simulator.engine.bank import Bank, expired_tranches
from simulator.engine.months import month_index

JAN, FEB, MAR, APR = (month_index(f"2026-{m:02d}") for m in (1, 2, 3, 4))


def test_deposits_are_kept_soonest_expiring_first_older_first_on_ties_never_last():
    bank = Bank()
    bank.deposit(100, "2026-01", None)  # never expires
    bank.deposit(200, "2026-02", APR)
    bank.deposit(300, "2026-03", FEB)
    bank.deposit(400, "2026-04", APR)  # the same last month as the 200: after it
    assert bank.view() == (
        Tranche(300, "2026-03", "2026-02"),
        Tranche(200, "2026-02", "2026-04"),
        Tranche(400, "2026-04", "2026-04"),
        Tranche(100, "2026-01", None),
    )
    assert bank.total == 1000
    assert bank.untils[:3] == [FEB, APR, APR]


def test_a_draw_uses_whole_tranches_then_part_of_the_next_and_a_past_view_stays_as_it_was():
    bank = Bank()
    bank.deposit(100, "2026-01", FEB)
    bank.deposit(200, "2026-02", MAR)
    bank.deposit(300, "2026-03", APR)
    before = bank.view()

    assert bank.draw(150) == 150  # all of the 100, 50 of the 200
    assert bank.view() == (Tranche(150, "2026-02", "2026-03"), Tranche(300, "2026-03", "2026-04"))
    assert bank.total == 450
    assert bank.untils == [MAR, APR]
    # the tranches are immutable: the month that showed the bank before still shows it
    assert before == (
        Tranche(100, "2026-01", "2026-02"),
        Tranche(200, "2026-02", "2026-03"),
        Tranche(300, "2026-03", "2026-04"),
    )


def test_a_draw_larger_than_the_bank_takes_what_there_is():
    bank = Bank()
    bank.deposit(100, "2026-01", None)
    assert bank.draw(250) == 100
    assert bank.view() == ()
    assert bank.total == 0
    assert bank.untils == bank.extras == []


def test_expiry_removes_the_tranches_whose_life_ends_and_reports_their_mb_and_extensions():
    bank = Bank()
    bank.deposit(100, "2026-01", FEB, extra=1)
    bank.deposit(200, "2026-01", FEB)
    bank.deposit(300, "2026-02", MAR)
    assert bank.draw(40) == 40
    before = bank.view()

    mb, tranches, extras = bank.expire(FEB)

    assert mb == 260
    assert tranches == [Tranche(60, "2026-01", "2026-02"), Tranche(200, "2026-01", "2026-02")]
    assert extras == [1, 0]
    assert bank.view() == (Tranche(300, "2026-02", "2026-03"),)  # made again after the expiry
    assert len(before) == 3
    assert bank.total == 300
    # on a plan whose rolled data lasts 1 period, the first lasted 2 (1 added by a promotion)
    assert expired_tranches(tranches, extras, life=1) == (
        ExpiredTranche(60, "2026-01", "2026-02", periods=2, extra_periods=1),
        ExpiredTranche(200, "2026-01", "2026-02", periods=1, extra_periods=0),
    )
    assert bank.expire(FEB) == (0, [], [])


def test_a_wipe_loses_everything_and_the_view_is_made_again_only_after_a_change():
    bank = Bank()
    bank.deposit(100, "2026-01", None)
    view = bank.view()
    assert bank.view() is view  # unchanged: the same tuple
    assert bank.wipe() == 100
    assert bank.view() == ()
    assert bank.total == 0
    assert bank.untils == bank.extras == []
