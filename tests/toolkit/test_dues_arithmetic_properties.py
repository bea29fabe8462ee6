"""dues.py's rules hold for any bills: instalments add up exactly, buckets add up to what
is overdue, nothing overdue is more than the balance, and a parsed amount round-trips."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from alliance.toolkit import dues

TODAY = dt.date(2026, 6, 15)
dates = st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2027, 12, 31))


@st.composite
def bills(draw):
    total = draw(st.integers(min_value=1, max_value=10**9))
    reduced = draw(st.integers(min_value=0, max_value=total))
    paid = draw(st.integers(min_value=0, max_value=total - reduced))
    plan = ()
    if draw(st.booleans()):
        balance = total - reduced - paid
        if balance:
            first = draw(dates)
            parts = dues.split(balance, draw(st.integers(min_value=2, max_value=24)))
            plan = tuple((dues.add_months(first, i), part) for i, part in enumerate(parts))
    return dues.Bill(total=total, due_on=draw(dates), paid=paid, reduced=reduced,
                     deferred_to=draw(st.none() | dates), instalments=plan)


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=1, max_value=60))
def test_instalments_add_up_exactly_and_differ_by_at_most_a_cent(amount, parts):
    split = dues.split(amount, parts)
    assert sum(split) == amount and len(split) == parts and max(split) - min(split) <= 1


@given(st.lists(bills(), max_size=8))
def test_buckets_add_up_to_what_is_overdue_and_never_exceed_the_balance(items):
    overdue = [dues.overdue(b, TODAY)[0] for b in items]
    assert sum(dues.buckets(items, TODAY).values()) == sum(overdue)
    assert all(0 <= o <= b.balance for o, b in zip(overdue, items, strict=True))


@given(st.lists(bills(), max_size=5), st.integers(min_value=0, max_value=365))
def test_a_member_with_nothing_overdue_is_never_in_grace_or_lapsed(items, grace):
    status = dues.status(items, TODAY, grace)
    nothing_overdue = all(dues.overdue(b, TODAY)[0] == 0 for b in items)
    assert (status in (dues.CURRENT, dues.DEFERRED)) == nothing_overdue


@given(st.integers(min_value=0, max_value=10**12))
def test_a_formatted_amount_parses_back_to_the_same_cents(cents):
    assert dues.parse_amount(dues.format_cents(cents)) == cents
    assert dues.parse_amount(dues.format_cents(cents, ",", " ")) == cents
