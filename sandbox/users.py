"""Members of the fake workspace and how users.info describes them."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from sandbox import ids


@dataclass(frozen=True)
class SlackUser:
    """A member of the fake workspace, as users.info describes them."""

    id: str
    name: str
    real_name: str
    tz: str = "Europe/London"
    title: str = ""
    is_bot: bool = False
    tz_offset: int | None = None  # seconds east of UTC; None means "now, from tz"
    department: str = ""  # a custom profile field: users.profile.get, not users.info
    is_admin: bool = False

    def to_api(self, team_id: str) -> dict[str, Any]:
        """The `user` object users.info returns."""
        now = datetime.now(ZoneInfo(self.tz))
        offset = self.tz_offset
        if offset is None:
            delta = now.utcoffset()
            offset = int(delta.total_seconds()) if delta is not None else 0
        return {
            "id": self.id,
            "team_id": team_id,
            "name": self.name,
            "deleted": False,
            "real_name": self.real_name,
            "tz": self.tz,
            "tz_label": now.tzname() or self.tz,
            "tz_offset": offset,
            "is_admin": self.is_admin,
            "is_owner": False,
            "is_bot": self.is_bot,
            "is_app_user": False,
            "updated": int(time.time()),
            "profile": {
                "title": self.title,
                "real_name": self.real_name,
                "display_name": self.name,
                "real_name_normalized": self.real_name,
                "display_name_normalized": self.name,
                "team": team_id,
            },
        }


DEPARTMENT_LABEL = "Department"


def department_field_id(team_id: str) -> str:
    """The id of the workspace's custom "Department" profile field (team.profile.get lists it)."""
    return ids.stable_id("Xf", team_id, "department")


def custom_fields(user: SlackUser, team_id: str) -> dict[str, dict[str, str]]:
    """`profile.fields` as users.profile.get returns it: {field id: {value, alt}}."""
    if not user.department:
        return {}
    return {department_field_id(team_id): {"value": user.department, "alt": ""}}


def default_users(team_id: str) -> list[SlackUser]:
    """Three stakeholders in different time zones, with stable ids."""
    return [
        SlackUser(
            ids.stable_id("U", team_id, "alice"),
            "alice",
            "Alice Moreau",
            "Europe/Paris",
            "Head of Ops",
            department="Operations",
        ),
        SlackUser(
            ids.stable_id("U", team_id, "bob"),
            "bob",
            "Bob Okafor",
            "America/New_York",
            "VP Sales",
            department="Sales",
        ),
        SlackUser(
            ids.stable_id("U", team_id, "chandra"),
            "chandra",
            "Chandra Iyer",
            "Asia/Kolkata",
            "Support Lead",
            department="Customer Support",
        ),
    ]
