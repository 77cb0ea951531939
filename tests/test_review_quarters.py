"""The quarterly review's moment: the first given weekday of each quarter, local time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bot.jobs.timing import Schedule, zone
from bot.metrics.quarters import next_review, quarter_key

PARIS_MONDAY = Schedule.parse("mon 09:00", "Europe/Paris")


def test_the_review_after_a_december_day_is_the_first_monday_of_january() -> None:
    after = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
    moment = next_review(PARIS_MONDAY, after)
    assert moment == datetime(2027, 1, 4, 8, 0, tzinfo=UTC)  # 09:00 in Paris (CET)
    assert next_review(PARIS_MONDAY, moment) == datetime(2027, 4, 5, 7, 0, tzinfo=UTC)  # CEST
    assert quarter_key(moment.date()) == "2027-Q1"


@given(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2090, 1, 1)),
    st.sampled_from(["mon 09:00", "fri 16:30", "sun 00:15"]),
    st.sampled_from(["UTC", "Europe/Paris", "America/New_York", "Asia/Kolkata"]),
)
def test_a_review_is_later_on_its_weekday_in_the_first_week_of_a_quarter(
    naive: datetime, text: str, tz: str
) -> None:
    schedule = Schedule.parse(text, tz)
    after = naive.replace(tzinfo=UTC)
    moment = next_review(schedule, after)
    local = moment.astimezone(zone(tz))
    assert after < moment <= after + timedelta(days=100)
    assert local.weekday() == schedule.weekday and local.day <= 7
    assert local.month in (1, 4, 7, 10)
