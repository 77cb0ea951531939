"""The seeded colleagues: roles, time zones, and departments where Slack keeps them."""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

from sandbox import FakeSlack, seed


def test_the_seed_has_each_role_and_stakeholders_from_two_departments() -> None:
    people = seed.people()

    roles = sorted(p.role for p in people)
    stakeholders = [p.user for p in people if p.role == "Stakeholder"]

    assert roles == ["Admin", "Engineer", "Facilitator", "Stakeholder", "Stakeholder"]
    assert len({s.department for s in stakeholders}) == 2
    assert len({p.user.tz for p in people}) == len(people)
    assert seed.person("Admin").is_admin


async def test_the_department_is_a_custom_profile_field_apps_find_by_label() -> None:
    async with FakeSlack(users=seed.users(), team_id=seed.TEAM_ID) as fake:
        client = AsyncWebClient(token=fake.bot_token, base_url=fake.api_url)
        marcus = fake.user("marcus").id

        info = await client.users_info(user=marcus)
        profile = await client.users_profile_get(user=marcus)
        team = await client.team_profile_get()

    [field] = team["profile"]["fields"]
    assert field["label"] == "Department"
    assert profile["profile"]["fields"][field["id"]]["value"] == "Sales"
    assert info["user"]["profile"]["title"] == "VP Sales"
    assert "fields" not in info["user"]["profile"], "users.info leaves custom fields out"
