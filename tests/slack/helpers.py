"""A person's side of a Slack conversation with the bot, for end-to-end tests."""

from __future__ import annotations

import asyncio
from typing import Any

from bot.clock import Clock
from sandbox import FakeSlack, SlackDriver, payloads
from storage import Storage

WAIT = 5.0  # seconds a test waits for the bot; generous for a loaded 2-core machine


def has_action(message: dict[str, Any], action_id: str) -> bool:
    """Whether a message holds an element with this action_id."""
    for block in message.get("blocks") or []:
        for element in block.get("elements") or []:
            if element.get("action_id") == action_id:
                return True
        accessory = block.get("accessory") or {}
        if accessory.get("action_id") == action_id:
            return True
    return False


def text_of(message: dict[str, Any]) -> str:
    """Everything a person reads in a message: fallback text and every block's text."""
    parts = [str(message.get("text", ""))]
    for block in message.get("blocks") or []:
        text = block.get("text")
        if isinstance(text, dict):
            parts.append(str(text.get("text", "")))
        for element in block.get("elements") or []:
            if isinstance(element, dict) and isinstance(element.get("text"), str):
                parts.append(element["text"])
            elif isinstance(element, dict) and isinstance(element.get("text"), dict):
                parts.append(str(element["text"].get("text", "")))
    return "\n".join(parts)


class Conversation:
    """Read the bot's DMs to people and act as them."""

    def __init__(self, fake: FakeSlack, slack: SlackDriver) -> None:
        self.fake = fake
        self.slack = slack

    def id(self, name: str) -> str:
        """A seeded user's id."""
        return self.fake.user(name).id

    def from_bot(self, name: str) -> list[dict[str, Any]]:
        """The bot's messages in the person's DM, oldest first."""
        channel = self.fake.dm_channel(self.id(name))
        return [m for m in self.fake.messages(channel) if m.get("bot_id")]

    async def wait_for_bot(self, name: str, count: int) -> list[dict[str, Any]]:
        """Wait until the bot has sent at least `count` messages to the person."""
        await self.fake.wait_for(lambda: len(self.from_bot(name)) >= count, WAIT)
        return self.from_bot(name)

    async def wait_for_text(self, name: str, needle: str) -> dict[str, Any]:
        """Wait for a bot message containing `needle` and return the latest such message."""

        def found() -> dict[str, Any] | None:
            matching = [m for m in self.from_bot(name) if needle in text_of(m)]
            return matching[-1] if matching else None

        message = await self.fake.wait_for(found, WAIT)
        assert message is not None
        return message

    def latest_with(self, name: str, action_id: str) -> dict[str, Any]:
        """The newest bot message to the person holding a button."""
        for message in reversed(self.from_bot(name)):
            if has_action(message, action_id):
                return message
        raise AssertionError(f"no message to {name} with {action_id}")

    async def click(self, name: str, action_id: str, message: dict[str, Any] | None = None) -> int:
        """Click a button in the newest message holding it; returns the HTTP status."""
        message = message or self.latest_with(name, action_id)
        delivery = await self.slack.block_action(self.id(name), action_id, message=message)
        return delivery.status

    async def answer(self, name: str, text: str) -> None:
        """The person types a DM to the bot and waits for the bot's reply."""
        before = len(self.from_bot(name))
        delivery = await self.slack.message(self.id(name), text)
        assert delivery.status == 200
        await self.wait_for_bot(name, before + 1)

    async def press(self, name: str, action_id: str) -> None:
        """Click a button and wait for the bot's next message to the person."""
        before = len(self.from_bot(name))
        assert await self.click(name, action_id) == 200
        await self.wait_for_bot(name, before + 1)

    async def wait_for_action(self, name: str, action_id: str) -> dict[str, Any]:
        """Wait for a bot message to the person holding a button."""

        def found() -> dict[str, Any] | None:
            try:
                return self.latest_with(name, action_id)
            except AssertionError:
                return None

        message = await self.fake.wait_for(found, WAIT)
        assert message is not None
        return message


# -- added for the Slack end-to-end suite --------------------------------------------------------

SENT_METHODS = ("chat.postMessage", "chat.update", "chat.postEphemeral", "response_url")


async def settle(storage: Storage | None, timeout: float = WAIT) -> None:  # noqa: ASYNC109
    """Wait until every stored DM event is handled and the outbox has sent everything."""
    assert storage is not None, "the runtime is not started"
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        status = await storage.outbox_status()
        busy = status.get("pending", 0) + status.get("sending", 0)
        if not busy and not await storage.pending_events():
            return
        if loop.time() > deadline:
            raise TimeoutError(f"the bot did not settle within {timeout}s: outbox {dict(status)}")
        await asyncio.sleep(0.02)


def interview_id_of(message: dict[str, Any]) -> int:
    """The interview a bot message belongs to, read from the value of its first button."""
    for block in message.get("blocks") or []:
        for element in [*(block.get("elements") or []), block.get("accessory") or {}]:
            value = element.get("value") if isinstance(element, dict) else None
            if element.get("type") == "button" and isinstance(value, str) and value[:1].isdigit():
                return int(value.partition(":")[0])
    raise AssertionError("no interview button in that message")


def question_key_of(message: dict[str, Any]) -> str:
    """The question a bot question message asks, read from its Skip button."""
    for block in message.get("blocks") or []:
        for element in block.get("elements") or []:
            if element.get("action_id") == "question_skip":
                return str(element["value"]).partition(":")[2]
    raise AssertionError("not a question message")


def sent_arguments(fake: FakeSlack) -> list[str]:
    """Every argument of every message or view the bot sent, as text (for leak checks)."""
    methods = (*SENT_METHODS, "views.open", "views.update", "views.push", "views.publish")
    return [repr(call.args) for call in fake.calls() if call.method in methods]


def message_event(fake: FakeSlack, user: str, text: str) -> dict[str, Any]:
    """The `message.im` event Slack sends when `user` writes `text` to the bot (kept in the DM)."""
    channel = fake.dm_channel(user)
    stored = fake.add_message(channel, {"text": text}, user=user)
    return payloads.user_message(fake, user=user, text=text, channel=channel, ts=stored["ts"])


def edited_event(
    fake: FakeSlack, user: str, original: dict[str, Any], new_text: str
) -> dict[str, Any]:
    """The `message_changed` event Slack sends when `user` edits their DM `original` (an event)."""
    edit_ts = fake.ts_clock.next()
    channel = str(original["channel"])
    message = {
        "client_msg_id": original.get("client_msg_id"),
        "type": "message",
        "text": new_text,
        "user": user,
        "team": fake.team_id,
        "edited": {"user": user, "ts": edit_ts},
        "ts": original["ts"],
        "source_team": fake.team_id,
        "user_team": fake.team_id,
    }
    previous = {k: original[k] for k in ("client_msg_id", "type", "text", "user", "ts", "team")}
    return {
        "type": "message",
        "subtype": "message_changed",
        "message": message,
        "previous_message": previous,
        "channel": channel,
        "hidden": True,
        "ts": edit_ts,
        "event_ts": edit_ts,
        "channel_type": "im",
    }


def deleted_event(fake: FakeSlack, original: dict[str, Any]) -> dict[str, Any]:
    """The `message_deleted` event Slack sends when a person deletes their DM `original`."""
    ts = fake.ts_clock.next()
    previous = {k: original[k] for k in ("client_msg_id", "type", "text", "user", "ts", "team")}
    return {
        "type": "message",
        "subtype": "message_deleted",
        "hidden": True,
        "deleted_ts": original["ts"],
        "channel": original["channel"],
        "previous_message": previous,
        "ts": ts,
        "event_ts": ts,
        "channel_type": "im",
    }


async def start_dm_interview(
    convo: Conversation, facilitator: str, stakeholder: str, purpose: str = "pain_points"
) -> tuple[int, dict[str, Any]]:
    """`facilitator` runs `/interview @stakeholder purpose`, the stakeholder presses Start;
    returns the interview id and the first question message."""
    mention = f"<@{convo.id(stakeholder)}|{stakeholder}>"
    invitations = len([m for m in convo.from_bot(stakeholder) if has_action(m, "interview_start")])
    delivery = await convo.slack.command(convo.id(facilitator), f"{mention} {purpose}")
    assert delivery.status == 200
    await convo.fake.wait_for(
        lambda: (
            len([m for m in convo.from_bot(stakeholder) if has_action(m, "interview_start")])
            > invitations
        ),
        WAIT,
    )
    invitation = convo.latest_with(stakeholder, "interview_start")
    interview_id = interview_id_of(invitation)
    assert await convo.click(stakeholder, "interview_start", invitation) == 200
    question = await wait_for_question(convo, stakeholder, interview_id)
    return interview_id, question


async def wait_for_question(
    convo: Conversation, name: str, interview_id: int, after: str | None = None
) -> dict[str, Any]:
    """Wait for the newest question of one interview in the person's DM (newer than `after` ts)."""

    def found() -> dict[str, Any] | None:
        candidate: dict[str, Any]
        for candidate in reversed(convo.from_bot(name)):
            if after is not None and float(candidate["ts"]) <= float(after):
                return None
            if (
                has_action(candidate, "question_skip")
                and interview_id_of(candidate) == interview_id
            ):
                return candidate
        return None

    message = await convo.fake.wait_for(found, WAIT)
    assert message is not None
    return message


async def run_pain_points_interview(convo: Conversation, facilitator: str, stakeholder: str) -> int:
    """A whole pain-points interview by DM, from the command to the facilitator's summary."""
    interview_id, _ = await start_dm_interview(convo, facilitator, stakeholder)
    await convo.answer(stakeholder, "Grow revenue 20%")
    await convo.answer(stakeholder, "ARR")
    await convo.press(stakeholder, "question_skip")
    await convo.wait_for_text(stakeholder, "hurts most")
    await convo.answer(stakeholder, "Leads get lost")
    await convo.answer(stakeholder, "Every week, about 10 deals")
    await convo.answer(stakeholder, "Sales and marketing")
    await convo.answer(stakeholder, "The CRM is updated by hand")  # why 1
    await convo.wait_for_text(stakeholder, "The CRM is updated by hand")  # the subject of why 2
    await convo.press(stakeholder, "question_root_cause")
    await convo.wait_for_text(stakeholder, "What else hurts")
    for _ in range(4):  # no second obstacle, then the three extra questions
        await convo.press(stakeholder, "question_skip")
    await convo.wait_for_action(stakeholder, "summary_looks_right")
    await convo.press(stakeholder, "summary_looks_right")
    await convo.wait_for_text(stakeholder, "Thank you")
    await convo.wait_for_text(facilitator, "The CRM is updated by hand")
    return interview_id


def new_interview_values(
    stakeholder: str | None,
    purpose: str | None = "pain_points",
    mode: str = "dm",
    *,
    confidential: bool = False,
) -> dict[str, dict[str, Any]]:
    """The state of the new-interview modal as a person fills it in (None leaves a field empty)."""
    values: dict[str, dict[str, Any]] = {
        "stakeholder": {"stakeholder": {"type": "users_select", "selected_user": stakeholder}},
        "mode": {"mode": {"type": "radio_buttons", "selected_option": {"value": mode}}},
    }
    if purpose is not None:
        values["purpose"] = {
            "purpose": {"type": "static_select", "selected_option": {"value": purpose}}
        }
    chosen = [{"value": "confidential"}] if confidential else []
    values["confidential"] = {"confidential": {"type": "checkboxes", "selected_options": chosen}}
    return values


async def command_reply(convo: Conversation, name: str, text: str) -> str:
    """The person runs `/interview text`; returns the ephemeral reply the bot sent afterwards."""
    user = convo.id(name)
    before = len(convo.fake.ephemerals(user=user))
    delivery = await convo.slack.command(user, text)
    assert delivery.status == 200 and delivery.body == "", "acked without a usage reply"
    await convo.fake.wait_for(lambda: len(convo.fake.ephemerals(user=user)) > before, WAIT)
    return text_of(convo.fake.ephemerals(user=user)[before])


class ClockedDriver(SlackDriver):
    """A driver whose Slack signs requests at the test's clock (the bot checks the timestamp
    against its own clock, so a bot whose clock the test moves needs a Slack that agrees)."""

    def __init__(self, fake: FakeSlack, clock: Clock, **kwargs: Any) -> None:
        super().__init__(fake, **kwargs)
        self.clock = clock

    async def _post(
        self,
        body: str,
        content_type: str,
        headers: dict[str, str],
        secret: str | None,
        timestamp: float | None,
    ) -> tuple[int, str]:
        at = self.clock.now().timestamp() if timestamp is None else timestamp
        return await super()._post(body, content_type, headers, secret, at)
