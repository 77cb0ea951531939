"""Working hours and the weekly schedule in people's own time zones, across DST changes."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.jobs.timing import Schedule, WorkingHours, in_working_hours, next_working_time

HOURS = WorkingHours()
PARIS, NEW_YORK = ZoneInfo("Europe/Paris"), ZoneInfo("America/New_York")


def local(tz: ZoneInfo, *args: int) -> datetime:
    return datetime(*args, tzinfo=tz).astimezone(UTC)  # type: ignore[misc]


def test_inside_working_hours_is_now() -> None:
    moment = local(PARIS, 2026, 11, 25, 10, 30)  # a Wednesday
    assert next_working_time(moment, "Europe/Paris", HOURS) == moment
    assert in_working_hours(moment, "Europe/Paris", HOURS)


def test_night_moves_to_nine_local_and_weekend_to_monday() -> None:
    night = local(PARIS, 2026, 11, 25, 23, 0)
    assert next_working_time(night, "Europe/Paris", HOURS) == local(PARIS, 2026, 11, 26, 9, 0)
    saturday = local(NEW_YORK, 2026, 11, 28, 12, 0)
    assert next_working_time(saturday, "America/New_York", HOURS) == local(
        NEW_YORK, 2026, 11, 30, 9, 0
    )
    friday_evening = local(PARIS, 2026, 11, 27, 17, 0)  # the end is exclusive
    assert next_working_time(friday_evening, "Europe/Paris", HOURS).astimezone(PARIS).weekday() == 0


@pytest.mark.parametrize(
    ("tz", "before", "after"),
    [
        # Europe/Paris: clocks go forward on Sun 29 Mar 2026 and back on Sun 25 Oct 2026.
        (PARIS, datetime(2026, 3, 27, 18), datetime(2026, 3, 30, 9)),
        (PARIS, datetime(2026, 10, 23, 18), datetime(2026, 10, 26, 9)),
        # America/New_York: forward on Sun 8 Mar 2026, back on Sun 1 Nov 2026.
        (NEW_YORK, datetime(2026, 3, 6, 18), datetime(2026, 3, 9, 9)),
        (NEW_YORK, datetime(2026, 10, 30, 18), datetime(2026, 11, 2, 9)),
    ],
)
def test_nine_local_stays_nine_local_across_a_dst_weekend(
    tz: ZoneInfo, before: datetime, after: datetime
) -> None:
    due = next_working_time(before.replace(tzinfo=tz).astimezone(UTC), tz.key, HOURS)
    assert due.astimezone(tz).replace(tzinfo=None) == after


def test_a_time_skipped_by_dst_moves_past_the_gap() -> None:
    hours = WorkingHours(start=time(2, 30), end=time(4, 0), weekdays=frozenset(range(7)))
    saturday = local(PARIS, 2026, 3, 28, 12, 0)
    due = next_working_time(saturday, "Europe/Paris", hours)
    assert due.astimezone(PARIS) == datetime(2026, 3, 29, 3, 30, tzinfo=PARIS)


def test_unknown_time_zone_falls_back_to_utc() -> None:
    night = datetime(2026, 11, 25, 23, 0, tzinfo=UTC)
    assert next_working_time(night, "Mars/Olympus", HOURS) == datetime(2026, 11, 26, 9, tzinfo=UTC)
    assert next_working_time(night, None, HOURS) == datetime(2026, 11, 26, 9, tzinfo=UTC)


def test_weekly_schedule_keeps_local_time_across_dst_and_names_weeks() -> None:
    schedule = Schedule.parse("Mon 09:00", "Europe/Paris")
    moment = local(PARIS, 2026, 3, 24, 12, 0)
    seen = []
    for _ in range(3):
        moment = schedule.next_after(moment)
        seen.append(moment.astimezone(PARIS).replace(tzinfo=None))
    assert seen == [datetime(2026, 3, 30, 9), datetime(2026, 4, 6, 9), datetime(2026, 4, 13, 9)]
    assert schedule.period_key(local(PARIS, 2026, 3, 30, 9, 0)) == "2026-W14"
    assert schedule.occurrence_on_or_before(local(PARIS, 2026, 3, 30, 8, 59)) == local(
        PARIS, 2026, 3, 23, 9, 0
    )


@pytest.mark.parametrize("text", ["", "monday", "mon 25:00", "someday 09:00", "mon 9"])
def test_bad_schedules_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        Schedule.parse(text, "UTC")
    with pytest.raises(ValueError, match="time zone"):
        Schedule.parse("mon 09:00", "Mars/Olympus")


def test_every_day_is_covered_within_a_week() -> None:
    start = local(NEW_YORK, 2026, 1, 1, 0, 0)
    for hour in range(0, 24 * 14, 7):
        moment = start + timedelta(hours=hour)
        due = next_working_time(moment, "America/New_York", HOURS)
        assert due >= moment and in_working_hours(due, "America/New_York", HOURS)
