"""Settings, read once from the environment and `.env` (the real environment wins)."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import time, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from dotenv import dotenv_values

from bot.errors import ConfigError
from bot.jobs.timing import Schedule, WorkingHours
from bot.roadmap.formula import DEFAULT_POINTS, check_points
from bot.roadmap.model import Size
from storage import check_url

DEFAULT_DATABASE_URL = "sqlite:///data/interview-bot.db"
DEFAULT_SLACK_API_URL = "https://slack.com/api/"
LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
SIMILARITIES = ("tfidf", "wordllama", "semantic")
"""ROADMAP_SIMILARITY: TF-IDF (the default, needs nothing), WordLlama (the `semantic` extra), or a
local sentence-transformers model (ROADMAP_EMBEDDING_MODEL)."""


@dataclass(frozen=True)
class Settings:
    """Every setting the bot reads; see .env.example for what each one means."""

    database_url: str = DEFAULT_DATABASE_URL
    slack_bot_token: str | None = None
    slack_app_token: str | None = None
    slack_signing_secret: str | None = None
    slack_api_url: str = DEFAULT_SLACK_API_URL
    log_level: str = "INFO"
    admin_user_ids: frozenset[str] = field(default_factory=frozenset)
    roadmap_editor_ids: frozenset[str] = field(default_factory=frozenset)
    # Reminders, follow-ups and the digest (issue: time-based work).
    reminder_delay: timedelta = timedelta(hours=24)
    reminder_max: int = 2
    working_hours: WorkingHours = field(default_factory=WorkingHours)
    follow_up_delay: timedelta = timedelta(days=2)
    still_holds_after: timedelta = timedelta(days=90)
    digest_channel: str | None = None
    digest_schedule: str = "mon 09:00"
    digest_timezone: str = "UTC"
    digest_chart: str = "native"  # "native": Slack's chart block (PNG if refused); "png"
    review_schedule: str | None = None  # the quarterly review: the quarter's first such weekday
    job_tick_seconds: float = 30.0
    # The roadmap (issue 5): effort points per T-shirt size, capacity, duplicate detection.
    roadmap_points: Mapping[Size, float] = field(default_factory=lambda: dict(DEFAULT_POINTS))
    roadmap_capacity: float = 12.0
    duplicate_threshold: float | None = None  # None: the similarity method's own default
    similarity: str = "tfidf"  # or wordllama, semantic (SIMILARITIES)
    embedding_model: Path | None = None

    @property
    def log_level_number(self) -> int:
        """LOG_LEVEL as a logging constant."""
        return int(logging.getLevelName(self.log_level))


def load_settings(
    environ: Mapping[str, str] | None = None,
    *,
    env_file: Path | None = Path(".env"),
    require: Iterable[str] = (),
) -> Settings:
    """Read and check every setting; ConfigError lists all problems at once."""
    values: dict[str, str] = {}
    if env_file is not None and env_file.is_file():
        values.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
    values.update(os.environ if environ is None else environ)

    def get(name: str) -> str | None:
        value = values.get(name, "").strip()
        return value or None

    problems: list[str] = []
    for name in require:
        if get(name) is None:
            problems.append(f"{name} is required for this command but is not set")

    database_url = get("DATABASE_URL") or DEFAULT_DATABASE_URL
    if (problem := check_url(database_url)) is not None:
        problems.append(problem)

    bot_token, app_token = get("SLACK_BOT_TOKEN"), get("SLACK_APP_TOKEN")
    if bot_token is not None and not bot_token.startswith("xoxb-"):
        problems.append("SLACK_BOT_TOKEN must start with xoxb- (the Bot User OAuth Token)")
    if app_token is not None and not app_token.startswith("xapp-"):
        problems.append("SLACK_APP_TOKEN must start with xapp- (an app-level token)")

    api_url = get("SLACK_API_URL") or DEFAULT_SLACK_API_URL
    parsed = urlparse(api_url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        problems.append(f"SLACK_API_URL must be an http(s) URL, got {api_url!r}")
    elif not api_url.endswith("/"):
        api_url += "/"

    log_level = (get("LOG_LEVEL") or "INFO").upper()
    if log_level not in LEVELS:
        problems.append(f"LOG_LEVEL must be one of {', '.join(LEVELS)}, got {log_level!r}")

    admins = _user_ids("ADMIN_USER_IDS", get, problems)
    editors = _user_ids("ROADMAP_EDITOR_IDS", get, problems)

    timing = _timing(get, problems)
    roadmap = _roadmap(get, problems)

    if problems:
        raise ConfigError("Configuration problems:\n" + "\n".join(f"  - {p}" for p in problems))
    return Settings(
        database_url=database_url,
        slack_bot_token=bot_token,
        slack_app_token=app_token,
        slack_signing_secret=get("SLACK_SIGNING_SECRET"),
        slack_api_url=api_url,
        log_level=log_level,
        admin_user_ids=admins,
        roadmap_editor_ids=editors,
        **timing,
        **roadmap,
    )


def _user_ids(name: str, get: Callable[[str], str | None], problems: list[str]) -> frozenset[str]:
    """A comma-separated list of Slack user ids; a malformed one is a problem."""
    ids = frozenset(a for a in (get(name) or "").replace(" ", "").split(",") if a)
    bad = sorted(a for a in ids if a[:1] not in ("U", "W") or not a.isalnum())
    if bad:
        problems.append(f"{name} must be Slack user ids (U...): {', '.join(bad)}")
    return ids


def _timing(get: Callable[[str], str | None], problems: list[str]) -> dict[str, Any]:
    """Reminder, follow-up and digest settings; problems are appended, defaults kept."""
    values: dict[str, Any] = {}

    def number(name: str, low: float, high: float) -> float | None:
        raw = get(name)
        if raw is None:
            return None
        try:
            value = float(raw)
        except ValueError:
            problems.append(f"{name} must be a number, got {raw!r}")
            return None
        if not low <= value <= high:
            problems.append(f"{name} must be between {low:g} and {high:g}, got {raw}")
            return None
        return value

    if (hours := number("REMINDER_DELAY_HOURS", 1, 24 * 30)) is not None:
        values["reminder_delay"] = timedelta(hours=hours)
    if (count := number("REMINDER_MAX", 0, 10)) is not None:
        values["reminder_max"] = int(count)
    if (days := number("FOLLOW_UP_DELAY_DAYS", 0, 365)) is not None:
        values["follow_up_delay"] = timedelta(days=days)
    if (days := number("STILL_HOLDS_DAYS", 1, 3650)) is not None:
        values["still_holds_after"] = timedelta(days=days)
    if (tick := number("JOB_TICK_SECONDS", 0.05, 3600)) is not None:
        values["job_tick_seconds"] = tick
    if (window := get("WORKING_HOURS")) is not None:
        try:
            start, end = (time.fromisoformat(p.strip()) for p in window.split("-"))
            if start >= end:
                raise ValueError
            values["working_hours"] = WorkingHours(start=start, end=end)
        except ValueError:
            problems.append(f"WORKING_HOURS must look like 09:00-17:00, got {window!r}")
    channel = get("DIGEST_CHANNEL")
    if channel is not None:
        if channel[:1] not in ("C", "G") or not channel.isalnum():
            problems.append(f"DIGEST_CHANNEL must be a channel id (C...), got {channel!r}")
        values["digest_channel"] = channel
    chart = get("DIGEST_CHART")
    if chart is not None:
        if chart.strip().lower() not in ("native", "png"):
            problems.append(f"DIGEST_CHART must be native or png, got {chart!r}")
        else:
            values["digest_chart"] = chart.strip().lower()
    tz_name = get("DIGEST_TIMEZONE") or "UTC"
    schedule = get("DIGEST_SCHEDULE") or "mon 09:00"
    try:
        Schedule.parse(schedule, tz_name)
        values["digest_schedule"], values["digest_timezone"] = schedule, tz_name
    except ValueError as exc:
        problems.append(f"DIGEST_SCHEDULE/DIGEST_TIMEZONE: {exc}")
    if review := get("REVIEW_SCHEDULE"):
        try:
            Schedule.parse(review, tz_name)
            values["review_schedule"] = review
        except ValueError as exc:
            problems.append(f"REVIEW_SCHEDULE: {exc}")
    return values


def _roadmap(get: Callable[[str], str | None], problems: list[str]) -> dict[str, Any]:
    """Roadmap settings: ROADMAP_EFFORT_POINTS, ROADMAP_CAPACITY_PER_QUARTER, duplicates."""
    values: dict[str, Any] = {}
    if (raw := get("ROADMAP_EFFORT_POINTS")) is not None:
        points: dict[Size, float] = {}
        for part in raw.replace(" ", "").split(","):
            name, _, number = part.partition("=")
            try:
                points[Size(name.upper())] = float(number)
            except ValueError:
                problems.append(f"ROADMAP_EFFORT_POINTS: {part!r} is not like M=6")
                break
        else:
            if (problem := check_points(points)) is not None:
                problems.append(f"ROADMAP_EFFORT_POINTS: {problem}, got {raw!r}")
            else:
                values["roadmap_points"] = points
    for name, key, low, high in (
        ("ROADMAP_CAPACITY_PER_QUARTER", "roadmap_capacity", 0.1, 1e6),
        ("ROADMAP_DUPLICATE_THRESHOLD", "duplicate_threshold", 1, 100),
    ):
        if (raw := get(name)) is None:
            continue
        try:
            value = float(raw)
        except ValueError:
            problems.append(f"{name} must be a number, got {raw!r}")
            continue
        if not low <= value <= high:
            problems.append(f"{name} must be between {low:g} and {high:g}, got {raw}")
        else:
            values[key] = value
    similarity = (get("ROADMAP_SIMILARITY") or "tfidf").lower()
    similarity = "tfidf" if similarity == "lexical" else similarity  # its former name
    model = get("ROADMAP_EMBEDDING_MODEL")
    if similarity not in SIMILARITIES:
        problems.append(
            f"ROADMAP_SIMILARITY must be one of {', '.join(SIMILARITIES)}, got {similarity!r}"
        )
    elif similarity == "wordllama":
        from bot.roadmap import semantic  # only then: the package is optional

        if not semantic.available(semantic.WORDLLAMA):
            problems.append(
                "ROADMAP_SIMILARITY=wordllama needs the wordllama package installed "
                "(pip install 'interview-bot[semantic]')"
            )
    elif similarity == "semantic":
        from bot.roadmap import semantic  # only then: the package is optional

        if not semantic.available():
            problems.append(
                "ROADMAP_SIMILARITY=semantic needs the sentence-transformers package installed"
            )
        if model is None or not Path(model).is_dir():
            problems.append(
                "ROADMAP_SIMILARITY=semantic needs ROADMAP_EMBEDDING_MODEL: a folder holding a "
                "local model (it is never downloaded)"
            )
    values["similarity"] = similarity
    if model is not None:
        values["embedding_model"] = Path(model)
    return values
