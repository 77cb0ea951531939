"""manifest.json is valid and asks for exactly the scopes and events the code uses."""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = json.loads((ROOT / "manifest.json").read_text())

# Web API method -> the bot scope it needs (None: no scope needed).
METHOD_SCOPES = {
    "auth.test": None,
    "chat.postMessage": "chat:write",
    "chat.update": "chat:write",
    "chat.postEphemeral": "chat:write",
    "conversations.open": "im:write",
    # Looking up a post that may have gone out: DMs read with im:history (asked for by
    # message.im), the digest's public channel with channels:history.
    "conversations.history": "channels:history",
    "conversations.replies": "channels:history",
    "files.completeUploadExternal": "files:write",
    "files.getUploadURLExternal": "files:write",
    "users.info": "users:read",
    "users.profile.get": "users.profile:read",
    "team.profile.get": "users.profile:read",
    "views.open": None,
    "views.publish": None,
    "views.push": None,
    "views.update": None,
}
EVENT_SCOPES = {"message.im": "im:history", "app_home_opened": None}


def _sources() -> str:
    return "\n".join(p.read_text() for p in sorted((ROOT / "bot").rglob("*.py")))


def _methods_used(source: str) -> set[str]:
    """Web API methods called through the client or queued in the outbox."""
    # slack_sdk names a method with dots turned into underscores (users_profile_get).
    found = re.findall(r"client\.([a-z]+(?:_[A-Za-z]+)+)\(", source)
    called = {m.replace("_", ".") for m in found}
    queued = set(re.findall(r"Outgoing\(\s*\"([a-z]+\.[A-Za-z]+)\"", source))
    sent = set(re.findall(r'method == "([a-z]+\.[A-Za-z]+)"', source))
    return called | queued | sent


def _events_used(source: str) -> set[str]:
    events = set(re.findall(r'app\.event\("([a-z_]+)"\)', source))
    # The message listener only handles DMs (the inbox middleware checks channel_type "im").
    return {"message.im" if e == "message" else e for e in events}


def test_manifest_scopes_are_exactly_what_the_code_calls() -> None:
    source = _sources()
    methods = _methods_used(source)
    assert methods, "found no Web API calls: the scan is broken"
    unknown = methods - METHOD_SCOPES.keys()
    assert not unknown, f"map these methods to scopes: {unknown}"
    needed = {METHOD_SCOPES[m] for m in methods} | {EVENT_SCOPES[e] for e in _events_used(source)}
    if "app.command(" in source:
        needed.add("commands")
    needed.discard(None)
    assert set(MANIFEST["oauth_config"]["scopes"]["bot"]) == needed


def test_manifest_events_are_exactly_what_the_code_listens_to() -> None:
    events = set(MANIFEST["settings"]["event_subscriptions"]["bot_events"])
    assert events == _events_used(_sources())


def test_stakeholders_can_reply_in_the_messages_tab() -> None:
    home = MANIFEST["features"]["app_home"]
    assert home["messages_tab_enabled"] is True
    assert home["messages_tab_read_only_enabled"] is False
    assert MANIFEST["settings"]["interactivity"]["is_enabled"] is True


def test_slash_command_escapes_mentions_so_ids_arrive() -> None:
    (command,) = MANIFEST["features"]["slash_commands"]
    assert command["command"] == "/interview" and command["should_escape"] is True
