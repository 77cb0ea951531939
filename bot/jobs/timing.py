"""When things may happen: working hours in a person's own time zone, and the digest schedule.

All arithmetic is done on local wall-clock times with zoneinfo and converted back to UTC, so a
reminder set for 09:00 stays at 09:00 across a DST change (and a time that does not exist on
the change day is moved forward, never back).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class WorkingHours:
    """When a nudge may arrive: these weekdays (0 = Monday), between start and end, local time."""

    start: time = time(9, 0)
    end: time = time(17, 0)
    weekdays: frozenset[int] = frozenset(range(5))


def zone(name: str | None) -> ZoneInfo:
    """A time zone by IANA name; UTC for an unknown or missing one (Slack's tz can be absent)."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def _utc(local: datetime) -> datetime:
    """A local wall-clock time as UTC. With fold=0 (PEP 495) a time skipped by a spring-forward
    gap takes the offset before the change, so it lands just after the gap (02:30 becomes 03:30),
    and a time repeated in autumn is its first occurrence."""
    return local.replace(fold=0).astimezone(UTC)


def next_working_time(after: datetime, tz_name: str | None, hours: WorkingHours) -> datetime:
    """The first moment at or after `after` that is inside working hours, in UTC."""
    tz = zone(tz_name)
    local = after.astimezone(tz)
    for offset in range(15):  # two weeks covers any weekday pattern
        day = local.date() + timedelta(days=offset)
        if day.weekday() not in hours.weekdays:
            continue
        opens = _utc(datetime.combine(day, hours.start, tzinfo=tz))
        closes = _utc(datetime.combine(day, hours.end, tzinfo=tz))
        if after < opens:
            return opens
        if after < closes:
            return after
    raise ValueError("working hours contain no weekday")


def in_working_hours(moment: datetime, tz_name: str | None, hours: WorkingHours) -> bool:
    """Whether `moment` falls inside the person's working hours."""
    return next_working_time(moment, tz_name, hours) == moment


@dataclass(frozen=True)
class Schedule:
    """A weekly moment such as 'mon 09:00' in a time zone."""

    weekday: int
    at: time
    tz_name: str

    @classmethod
    def parse(cls, text: str, tz_name: str) -> Schedule:
        """'mon 09:00' (any case); ValueError with a human message otherwise."""
        parts = text.strip().lower().split()
        if len(parts) != 2 or parts[0][:3] not in DAYS:
            raise ValueError(f"expected a weekday and a time like 'mon 09:00', got {text!r}")
        try:
            at = time.fromisoformat(parts[1])
        except ValueError:
            raise ValueError(f"expected a time like 09:00 in {text!r}") from None
        if zone(tz_name).key != tz_name and tz_name != "UTC":
            raise ValueError(f"unknown time zone {tz_name!r}")
        return cls(DAYS.index(parts[0][:3]), at, tz_name)

    def occurrence_on_or_before(self, moment: datetime) -> datetime:
        """The latest scheduled moment at or before `moment`, in UTC."""
        tz = zone(self.tz_name)
        local_day = moment.astimezone(tz).date()
        back = (local_day.weekday() - self.weekday) % 7
        day = local_day - timedelta(days=back)
        candidate = _utc(datetime.combine(day, self.at, tzinfo=tz))
        if candidate > moment:
            candidate = _utc(datetime.combine(day - timedelta(days=7), self.at, tzinfo=tz))
        return candidate

    def next_after(self, moment: datetime) -> datetime:
        """The first scheduled moment strictly after `moment`, in UTC."""
        previous = self.occurrence_on_or_before(moment)
        tz = zone(self.tz_name)
        day = previous.astimezone(tz).date() + timedelta(days=7)
        return _utc(datetime.combine(day, self.at, tzinfo=tz))

    def period_key(self, occurrence: datetime) -> str:
        """A stable name for the week an occurrence belongs to, e.g. 2026-W48."""
        local: date = occurrence.astimezone(zone(self.tz_name)).date()
        year, week, _ = local.isocalendar()
        return f"{year}-W{week:02d}"
