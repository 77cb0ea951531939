"""A tiny bare Bolt app (not our bot) that exercises the sandbox the way any Slack app would."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp, AsyncSay
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.web.async_client import AsyncWebClient

COMMAND = "/interview"
START = "start_interview"
FEEDBACK = "feedback_modal"
ANSWER_BLOCK = "answer"
ANSWER_INPUT = "text"

FEEDBACK_VIEW: dict[str, Any] = {
    "type": "modal",
    "callback_id": FEEDBACK,
    "title": {"type": "plain_text", "text": "Feedback"},
    "submit": {"type": "plain_text", "text": "Send"},
    "private_metadata": "interview-42",
    "blocks": [
        {
            "type": "input",
            "block_id": ANSWER_BLOCK,
            "label": {"type": "plain_text", "text": "What slows you down?"},
            "element": {"type": "plain_text_input", "action_id": ANSWER_INPUT},
        }
    ],
}


@dataclass
class Seen:
    """What the app's listeners received, for assertions."""

    commands: list[dict[str, Any]] = field(default_factory=list)
    actions: list[dict[str, Any]] = field(default_factory=list)
    submissions: list[dict[str, Any]] = field(default_factory=list)
    events: list[tuple[str, str | None, str | None]] = field(default_factory=list)


def _header(request: AsyncBoltRequest, name: str) -> str | None:
    values = request.headers.get(name)
    return values[0] if values else None


def build_app(client: AsyncWebClient, seen: Seen, signing_secret: str | None = None) -> AsyncApp:
    """A Bolt app with one command, one button, one modal and a message listener."""
    app = AsyncApp(client=client, signing_secret=signing_secret)

    @app.command(COMMAND)
    async def handle_interview(
        ack: AsyncAck, command: dict[str, Any], client: AsyncWebClient
    ) -> None:
        await ack()
        seen.commands.append(command)
        if command["text"] == "modal":
            await client.views_open(trigger_id=command["trigger_id"], view=FEEDBACK_VIEW)
            return
        await client.chat_postMessage(
            channel=command["channel_id"],
            text=f"Interview: {command['text']}",
            blocks=[
                {"type": "section", "text": {"type": "mrkdwn", "text": "Ready to start?"}},
                {
                    "type": "actions",
                    "block_id": "controls",
                    "elements": [
                        {
                            "type": "button",
                            "action_id": START,
                            "text": {"type": "plain_text", "text": "Start"},
                            "value": "go",
                        }
                    ],
                },
            ],
        )

    @app.action(START)
    async def handle_start(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        seen.actions.append(body)
        if "message" not in body:
            return  # a click in an ephemeral message: Slack sends no `message` to update
        await client.chat_update(
            channel=body["channel"]["id"],
            ts=body["message"]["ts"],
            text=f"Started by <@{body['user']['id']}>",
            blocks=[],
        )

    @app.view(FEEDBACK)
    async def handle_feedback(
        ack: AsyncAck, view: dict[str, Any], body: dict[str, Any], client: AsyncWebClient
    ) -> None:
        answer = view["state"]["values"][ANSWER_BLOCK][ANSWER_INPUT]["value"] or ""
        if not answer.strip():
            await ack(response_action="errors", errors={ANSWER_BLOCK: "Please write something"})
            return
        await ack()
        seen.submissions.append(body)
        dm = await client.conversations_open(users=body["user"]["id"])
        await client.chat_postMessage(channel=dm["channel"]["id"], text="Thanks for your answer")

    @app.event("message")
    async def handle_message(
        body: dict[str, Any], event: dict[str, Any], request: AsyncBoltRequest, say: AsyncSay
    ) -> None:
        retry = (_header(request, "x-slack-retry-num"), _header(request, "x-slack-retry-reason"))
        seen.events.append((body["event_id"], *retry))
        await say(f"Got: {event['text']}")

    return app
