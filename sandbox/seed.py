"""The people and channels a sandbox workspace starts with, for trying an app by hand."""

from __future__ import annotations

from dataclasses import dataclass

from sandbox import ids
from sandbox.users import SlackUser

TEAM_ID = "T0SANDBOX1"
DIGEST_CHANNEL = "interview-digest"


@dataclass(frozen=True)
class Person:
    """A seeded member and the part they play when someone tries the app."""

    user: SlackUser
    role: str


def _member(
    team_id: str, handle: str, real_name: str, tz: str, title: str, department: str, **kw: bool
) -> SlackUser:
    return SlackUser(
        ids.stable_id("U", team_id, handle),
        handle,
        real_name,
        tz,
        title,
        department=department,
        **kw,
    )


def people(team_id: str = TEAM_ID) -> list[Person]:
    """A facilitator, two stakeholders from different departments, an engineer and an admin.

    Their department is Slack's custom profile field (users.profile.get), the place a real
    workspace keeps it; `profile.title` is their job title, as in Slack.
    """
    return [
        Person(
            _member(
                team_id, "priya", "Priya Raman", "Europe/London", "Data Product Manager", "Data"
            ),
            "Facilitator",
        ),
        Person(
            _member(team_id, "marcus", "Marcus Bell", "America/New_York", "VP Sales", "Sales"),
            "Stakeholder",
        ),
        Person(
            _member(
                team_id,
                "sofia",
                "Sofia Lindqvist",
                "Europe/Stockholm",
                "Head of Customer Support",
                "Customer Support",
            ),
            "Stakeholder",
        ),
        Person(
            _member(
                team_id, "kenji", "Kenji Watanabe", "Asia/Tokyo", "Senior Data Engineer", "Data"
            ),
            "Engineer",
        ),
        Person(
            _member(
                team_id,
                "amara",
                "Amara Okafor",
                "Africa/Lagos",
                "Head of Data",
                "Data",
                is_admin=True,
            ),
            "Admin",
        ),
    ]


def users(team_id: str = TEAM_ID) -> list[SlackUser]:
    """The seeded members, for `FakeSlack(users=...)`."""
    return [person.user for person in people(team_id)]


def person(role: str, team_id: str = TEAM_ID) -> SlackUser:
    """The first seeded member with this role (e.g. "Admin")."""
    return next(p.user for p in people(team_id) if p.role == role)
