"""Quarters of the calendar, for the quarterly review: its key (2027-Q1) and its moment, the
first given weekday of the quarter at the given time, in local time (DST-safe like the digest)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.jobs.timing import Schedule, zone


def quarter_key(day: date) -> str:
    """`2027-Q1` for any day of January to March 2027."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def _quarter_start(year: int, quarter: int) -> date:
    return date(year, 3 * (quarter - 1) + 1, 1)


def review_at(schedule: Schedule, year: int, quarter: int) -> datetime:
    """The review of a quarter: its first `schedule` weekday at `schedule` time, in UTC."""
    first = _quarter_start(year, quarter)
    day = first + timedelta(days=(schedule.weekday - first.weekday()) % 7)
    local = datetime.combine(day, schedule.at, tzinfo=zone(schedule.tz_name))
    return local.replace(fold=0).astimezone(UTC)


def next_review(schedule: Schedule, after: datetime) -> datetime:
    """The first quarterly review strictly after `after`."""
    local = after.astimezone(zone(schedule.tz_name)).date()
    year, quarter = local.year, (local.month - 1) // 3 + 1
    for _ in range(3):
        moment = review_at(schedule, year, quarter)
        if moment > after:
            return moment
        year, quarter = (year + 1, 1) if quarter == 4 else (year, quarter + 1)
    raise AssertionError("a quarter always has a review")


def previous_review_day(schedule: Schedule, at: datetime) -> date:
    """The local day of the review of the quarter before the one `at` falls in."""
    local = at.astimezone(zone(schedule.tz_name)).date()
    year, quarter = local.year, (local.month - 1) // 3 + 1
    year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
    return review_at(schedule, year, quarter).astimezone(zone(schedule.tz_name)).date()
