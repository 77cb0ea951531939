"""What the sandbox page shows, as JSON: one person's conversations, Home and modal, and the log."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from sandbox.blockkit import SlackError
from sandbox.delivery import PageDriver
from sandbox.desktop import Desktop
from sandbox.slack_api import FakeSlack
from sandbox.users import SlackUser

LOG_LIMIT = 1000
"""Newest entries the call log page gets; older ones stay in memory for tests."""


def person(user: SlackUser, roles: Mapping[str, str]) -> dict[str, Any]:
    """A member as the person switcher and mentions show them."""
    return {
        "id": user.id,
        "name": user.name,
        "real_name": user.real_name,
        "title": user.title,
        "department": user.department,
        "tz": user.tz,
        "role": roles.get(user.id, ""),
        "is_bot": user.is_bot,
    }


def workspace(fake: FakeSlack, roles: Mapping[str, str]) -> dict[str, Any]:
    """The team, the app's bot user and every member."""
    return {
        "team": {"id": fake.team_id, "name": fake.team_name},
        "bot": {"id": fake.bot_user_id, "name": fake.bot_name},
        "people": [person(u, roles) for u in fake.users.values()],
    }


def conversations(fake: FakeSlack, user: str) -> list[dict[str, Any]]:
    """The person's DM with the app first, then public channels by name."""
    dm = fake.dm_channel(user)
    listed = [{"id": dm, "kind": "app", "name": fake.bot_name}]
    channels = sorted(
        (c for c in fake.channels.values() if c.get("is_channel")), key=lambda c: str(c["name"])
    )
    listed += [{"id": c["id"], "kind": "channel", "name": c["name"]} for c in channels]
    return listed


def messages(fake: FakeSlack, driver: PageDriver, user: str, channel: str) -> list[dict[str, Any]]:
    """The channel as `user` sees it, oldest first: messages, their ephemerals and Slack's
    notices; thread replies sit under their parent."""
    shown = [_message(m, user, fake) for m in fake.messages(channel)]
    shown += [
        {**_message(m, user, fake), "ephemeral": True} for m in fake.ephemerals(channel, user)
    ]
    shown += [
        {
            "ts": n.ts,
            "text": n.text,
            "slackbot": True,
            "ephemeral": True,
            "blocks": [],
            "mrkdwn": True,
        }
        for n in driver.notices
        if n.user == user and n.channel == channel
    ]
    shown.sort(key=lambda m: float(m["ts"]))
    parents = {m["ts"]: m for m in shown if not m.get("thread_ts") or m["thread_ts"] == m["ts"]}
    top: list[dict[str, Any]] = []
    for message in shown:
        parent = parents.get(message.get("thread_ts") or "")
        if parent is not None and parent is not message:
            parent.setdefault("replies", []).append(message)
        else:
            top.append(message)
    return top


def _message(message: dict[str, Any], user: str, fake: FakeSlack) -> dict[str, Any]:
    author = str(message.get("user", ""))
    return {
        "ts": message["ts"],
        "user": author,
        "bot": bool(message.get("bot_id")) or author == fake.bot_user_id,
        "mine": author == user and not message.get("bot_id"),
        "text": message.get("text", ""),
        "blocks": message.get("blocks") or [],
        "mrkdwn": message.get("mrkdwn", True) is not False,
        "edited": "edited" in message,
        "thread_ts": message.get("thread_ts"),
        "ephemeral": False,
        "files": [_file(f, user) for f in message.get("files") or [] if isinstance(f, dict)],
    }


def _file(file: dict[str, Any], user: str) -> dict[str, Any]:
    """A shared file as the page lists it: name, size and where the reader opens it."""
    query = urlencode({"id": str(file.get("id", "")), "user": user})
    return {
        "id": file.get("id"),
        "title": file.get("title") or file.get("name"),
        "name": file.get("name"),
        "size": file.get("size", 0),
        "filetype": file.get("filetype", ""),
        "url": f"/ui/file?{query}",
    }


def may_open(fake: FakeSlack, user: str, channel: str) -> bool:
    """Whether `user` sees `channel`: their own DM with the app, or any public channel."""
    if channel == fake.dm_channel(user):
        return True
    found = fake.channels.get(channel)
    return bool(found and found.get("is_channel"))


def modal(fake: FakeSlack, desktop: Desktop, user: str) -> dict[str, Any] | None:
    """The modal on top of the person's stack, its inline errors and the stack's depth."""
    stack = fake.views(user)
    if not stack:
        return None
    top = stack[-1]
    return {"view": top, "depth": len(stack), "errors": desktop.view_errors.get(top["id"], {})}


def screen(
    fake: FakeSlack, driver: PageDriver, desktop: Desktop, user: str, channel: str | None
) -> dict[str, Any]:
    """Everything the page draws for `user` looking at `channel` (default: their DM)."""
    if user not in fake.users or fake.users[user].is_bot:
        raise SlackError("user_not_found")
    listed = conversations(fake, user)
    if channel not in {c["id"] for c in listed}:
        channel = listed[0]["id"]
    assert channel is not None
    return {
        "user": user,
        "channel": channel,
        "conversations": listed,
        "messages": messages(fake, driver, user, channel),
        "home": fake.home(user),
        "modal": modal(fake, desktop, user),
        "rate_limited": fake.rate_limit_post_message,
    }


def call_log(fake: FakeSlack, driver: PageDriver) -> list[dict[str, Any]]:
    """Every Web API call the app made and every delivery to it, newest first."""
    entries: list[dict[str, Any]] = [
        {
            "at": call.at,
            "direction": "app → Slack",
            "name": call.method,
            "ok": call.ok,
            "status": call.status,
            "request": call.args,
            "response": call.response,
        }
        for call in fake.calls()
    ]
    entries += [
        {
            "at": record.at,
            "direction": "Slack → app",
            "name": record.kind,
            "ok": record.outcome == "ok",
            "status": record.status,
            "outcome": record.outcome,
            "transport": record.transport,
            "retry_num": record.retry_num,
            "retry_reason": record.retry_reason,
            "seconds": round(record.seconds, 3),
            "request": record.payload,
            "response": record.response,
        }
        for record in driver.log
    ]
    entries.sort(key=lambda e: e["at"], reverse=True)
    return entries[:LOG_LIMIT]
