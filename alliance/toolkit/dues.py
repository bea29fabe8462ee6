"""What a member owes, since when, and what that makes its membership: pure Python.

Money is integer cents, never floats, so every sum is exact. The toolkit's queries turn
invoices, payments and solidarity measures into the plain ``Bill`` below; this module
needs nothing from Django, so its rules are tested with plain data (and hypothesis).

The rules, in words:
- a bill's *net* is its total less reductions and waivers; its *balance* is the net
  less what was paid (never below zero: a payment larger than what is due is refused
  before it is recorded, so no credit exists);
- a bill is *due* on its due date, or on the new date of its latest deferral; under an
  instalment plan each instalment is due on its own date, and what is overdue is what
  the plan expected paid by then and was not;
- the *age* of what is overdue is counted from the earliest date it fell due;
- a member is *current* when nothing is overdue, *deferred* when nothing is overdue but a
  deferral or an instalment plan is running (it keeps its rights meanwhile), *in grace*
  when something is overdue for at most the grace period, and *lapsed* beyond it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

CURRENT = "current"
IN_GRACE = "in_grace"
LAPSED = "lapsed"
DEFERRED = "deferred"
STATUSES = (CURRENT, IN_GRACE, LAPSED, DEFERRED)

# Age buckets of arrears, in days past due: (label, first day, last day or None).
BUCKETS: tuple[tuple[str, int, int | None], ...] = (
    ("0-30", 0, 30), ("31-60", 31, 60), ("61-90", 61, 90), ("90+", 91, None),
)

MAX_CENTS = 10**12  # ten billion in any currency: beyond it an amount is a typing error


@dataclass(frozen=True)
class Bill:
    """One invoice, as plain data."""

    total: int
    due_on: dt.date
    paid: int = 0
    reduced: int = 0
    deferred_to: dt.date | None = None
    # (due date, amount) of an instalment plan, if any.
    instalments: tuple[tuple[dt.date, int], ...] = field(default=())

    @property
    def net(self) -> int:
        return max(0, self.total - self.reduced)

    @property
    def balance(self) -> int:
        return max(0, self.net - self.paid)

    @property
    def effective_due_on(self) -> dt.date:
        return self.deferred_to or self.due_on


def overdue(bill: Bill, today: dt.date) -> tuple[int, dt.date | None]:
    """(cents overdue on ``today``, the date the oldest overdue cent fell due)."""
    if bill.balance == 0:
        return 0, None
    if bill.instalments:
        schedule = sorted(bill.instalments)
        # What the plan leaves for later; the rest was expected paid by today.
        later = sum(amount for due, amount in schedule if due >= today)
        expected = max(0, bill.net - later)
        amount = min(bill.balance, max(0, expected - bill.paid))
        if amount == 0:
            return 0, None
        # Walk the plan: the first instalment not covered by what was paid is the oldest.
        covered = bill.paid - (bill.net - sum(a for _d, a in schedule))
        for due, instalment in schedule:
            if covered < instalment:
                return amount, due
            covered -= instalment
        return amount, schedule[-1][0]  # pragma: no cover - amount > 0 means one is uncovered
    if bill.effective_due_on < today:
        return bill.balance, bill.effective_due_on
    return 0, None


def age_in_days(since: dt.date, today: dt.date) -> int:
    return max(0, (today - since).days)


def bucket_of(days: int) -> str:
    for label, first, last in BUCKETS:
        if days >= first and (last is None or days <= last):
            return label
    return BUCKETS[0][0]


def buckets(bills: Iterable[Bill], today: dt.date) -> dict[str, int]:
    """Cents overdue per age bucket; every bucket present, in order."""
    out = {label: 0 for label, _first, _last in BUCKETS}
    for bill in bills:
        amount, since = overdue(bill, today)
        if amount and since is not None:
            out[bucket_of(age_in_days(since, today))] += amount
    return out


def status(bills: Sequence[Bill], today: dt.date, grace_days: int) -> str:
    oldest: dt.date | None = None
    for bill in bills:
        amount, since = overdue(bill, today)
        if amount and since is not None and (oldest is None or since < oldest):
            oldest = since
    if oldest is not None:
        return IN_GRACE if age_in_days(oldest, today) <= grace_days else LAPSED
    if any(b.balance and (b.instalments or (b.deferred_to and b.deferred_to >= today)) for b in bills):
        return DEFERRED
    return CURRENT


def split(amount: int, parts: int) -> list[int]:
    """``amount`` cents in ``parts`` instalments that add up exactly (the first ones carry
    the remainder, one cent each)."""
    if parts < 1:
        raise ValueError("at least one instalment")
    base, rest = divmod(amount, parts)
    return [base + (1 if i < rest else 0) for i in range(parts)]


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day when it is shorter."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover - every month has a 28th


_PLAIN = re.compile(r"[0-9]+(\.[0-9]*)?|\.[0-9]+")


class AmountError(ValueError):
    """The text is not an amount of money: the message says why, for the person typing."""


def parse_amount(text: str) -> int:
    """``"12"``, ``"12.5"``, ``"1 234,50"`` → cents. Refuses negatives, more than two
    decimals and anything that is not a number (AmountError, message in English: the
    form shows its own translated message)."""
    cleaned = (text or "").strip().replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    elif "," in cleaned:
        cleaned = cleaned.replace(",", "")  # "1,234.50": commas group thousands
    if not cleaned:
        raise AmountError("empty")
    if cleaned.startswith("-") and _PLAIN.fullmatch(cleaned[1:]):
        raise AmountError("negative")
    if not _PLAIN.fullmatch(cleaned):  # no exponents, signs, "NaN" or "Infinity": digits and one point
        raise AmountError("not a number")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise AmountError("not a number") from None
    if not value.is_finite():
        raise AmountError("not a number")
    if value < 0:
        raise AmountError("negative")
    cents = value * 100
    if cents != cents.to_integral_value():
        raise AmountError("more than two decimals")
    if cents > MAX_CENTS:
        raise AmountError("too large")
    return int(cents)


def format_cents(cents: int, decimal_separator: str = ".", thousands: str = ",") -> str:
    """12345 → ``"123.45"`` (separators as the viewer's language writes them)."""
    sign = "-" if cents < 0 else ""
    units, rest = divmod(abs(cents), 100)
    grouped = f"{units:,}".replace(",", thousands)
    return f"{sign}{grouped}{decimal_separator}{rest:02d}"
