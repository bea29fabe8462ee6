"""Series rules: RFC 5545 text to local dates, validated so a typo never plans 8,760 sessions."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from alliance.meetings.recurrence import (
    PRESETS,
    RecurrenceError,
    local_start,
    occurrence_dates,
    parse_exdates,
    valid_zone,
)

MAY_18 = dt.date(2020, 5, 18)  # a Monday


def test_every_weekday_skips_weekends_and_exception_dates():
    dates = occurrence_dates(PRESETS["weekdays"], MAY_18, until=dt.date(2020, 5, 29),
                             exdates=[dt.date(2020, 5, 21)])
    assert [d.isoformat() for d in dates] == [
        "2020-05-18", "2020-05-19", "2020-05-20", "2020-05-22",
        "2020-05-25", "2020-05-26", "2020-05-27", "2020-05-28", "2020-05-29"]


def test_tuesdays_and_thursdays():
    dates = occurrence_dates(PRESETS["tue-thu"], MAY_18, until=dt.date(2020, 5, 31))
    assert {d.strftime("%a") for d in dates} == {"Tue", "Thu"} and len(dates) == 4


@pytest.mark.parametrize("rule,message", [
    ("FREQ=HOURLY", "at most once a day"),
    ("FREQ=MINUTELY;COUNT=10", "at most once a day"),
    ("FREQ=DAILY;COUNT=5000", "more than 1000"),
    ("FREQ=WEEKLY;UNTIL=20200101", "no session date"),
    ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "no session date"),
    ("FREQ=WEEKLY;BYDAY=XX", "not a valid"),
    ("BYDAY=MO", "needs a frequency"),
    ("FREQ=DAILY;BYHOUR=9", "BYHOUR cannot be used"),
    ("", "Write one recurrence rule"),
    ("FREQ=DAILY\nFREQ=WEEKLY", "Write one recurrence rule"),
])
def test_rules_that_give_no_date_or_too_many_are_refused_with_a_message(rule, message):
    with pytest.raises(RecurrenceError, match=message):
        occurrence_dates(rule, MAY_18)


def test_an_until_in_utc_form_is_accepted():
    dates = occurrence_dates("RRULE:FREQ=WEEKLY;UNTIL=20200601T000000Z", MAY_18)
    assert dates[-1] == dt.date(2020, 6, 1)


def test_sessions_stay_at_0830_local_across_daylight_saving_time():
    brussels = valid_zone("Europe/Brussels")
    winter = local_start(dt.date(2020, 3, 27), dt.time(8, 30), brussels)
    summer = local_start(dt.date(2020, 3, 30), dt.time(8, 30), brussels)
    assert (winter.hour, winter.minute) == (summer.hour, summer.minute) == (8, 30)
    assert winter.utcoffset() == dt.timedelta(hours=1) and summer.utcoffset() == dt.timedelta(hours=2)


def test_a_time_that_does_not_exist_on_the_spring_forward_day_moves_forward():
    start = local_start(dt.date(2020, 3, 29), dt.time(2, 30), valid_zone("Europe/Brussels"))
    assert (start.hour, start.minute) == (3, 30)


@pytest.mark.parametrize("name", ["Mars/Olympus", "", "../../etc/passwd", "Europe/Brussels "])
def test_unknown_zones_are_refused(name):
    with pytest.raises(RecurrenceError):
        valid_zone(name)


def test_exception_dates_are_parsed_or_refused():
    assert parse_exdates("2020-05-21, 2020-05-01;2020-05-21\n") == [dt.date(2020, 5, 1), dt.date(2020, 5, 21)]
    with pytest.raises(RecurrenceError, match="not a date"):
        parse_exdates("21/05/2020")


@settings(max_examples=60, deadline=None)
@given(
    byday=st.sets(st.sampled_from(["MO", "TU", "WE", "TH", "FR", "SA", "SU"]), min_size=1),
    interval=st.integers(1, 4),
    start=st.dates(min_value=dt.date(2019, 1, 1), max_value=dt.date(2030, 12, 31)),
    days=st.integers(1, 200),
    excluded=st.lists(st.integers(0, 200), max_size=10),
)
def test_generated_dates_respect_the_rule_the_window_and_the_exceptions(byday, interval, start, days, excluded):
    until = start + dt.timedelta(days=days)
    exdates = [start + dt.timedelta(days=d) for d in excluded]
    rule = f"FREQ=WEEKLY;INTERVAL={interval};BYDAY={','.join(sorted(byday))}"
    dates = occurrence_dates(rule, start, until=until, exdates=exdates, check=False)
    assert dates == sorted(set(dates))
    assert all(start <= d <= until for d in dates)
    assert not set(dates) & set(exdates)
    assert all(d.strftime("%a")[:2].upper() in byday for d in dates)
