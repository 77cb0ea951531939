"""A person's side of a Slack conversation with the bot, for end-to-end tests."""

from __future__ import annotations

from typing import Any

from sandbox import FakeSlack, SlackDriver

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
