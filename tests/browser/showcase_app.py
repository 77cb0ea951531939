"""A bare Bolt app (not our bot) that shows the page every Block Kit element it renders."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass, field
from typing import Any

from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

COMMAND = "/interview"
FORM = "showcase_form"
NOTE = "note"
SLOW = 1.5  # seconds the `slow` command waits before its ack: longer than the tests' deadline

# An app that forgets to escape: Slack treats `<script>` as a link-like control sequence.
UNSAFE = "<script>window.pwned = 1</script> &lt;img src=x onerror=window.pwned=2&gt;"


def _text(text: str, kind: str = "mrkdwn") -> dict[str, Any]:
    return {"type": kind, "text": text}


def _option(text: str, value: str) -> dict[str, Any]:
    return {"text": _text(text, "plain_text"), "value": value}


def showcase_blocks(mention: str) -> list[dict[str, Any]]:
    """One message with each block and element the sandbox renders."""
    confirm = {
        "title": _text("Delete the draft?", "plain_text"),
        "text": _text("This *cannot* be undone."),
        "confirm": _text("Delete", "plain_text"),
        "deny": _text("Keep it", "plain_text"),
        "style": "danger",
    }
    options = [_option("Sales", "sales"), _option("Support", "support")]
    return [
        {"type": "header", "text": _text("Block Kit showcase", "plain_text")},
        {
            "type": "section",
            "block_id": "formats",
            "text": _text(
                f"*bold* _italic_ ~strike~ `code` <https://example.com|a link> <{mention}>\n"
                f"&gt; a quote\n```a pre block```\n{UNSAFE}"
            ),
        },
        {
            "type": "section",
            "block_id": "fields",
            "fields": [_text("*Owner*\nSales"), _text("*Impact*\n4 of 5")],
            "accessory": {
                "type": "button",
                "action_id": "delete_draft",
                "text": _text("Delete draft", "plain_text"),
                "style": "danger",
                "value": "draft-1",
                "confirm": confirm,
            },
        },
        {"type": "context", "elements": [_text("_posted by the showcase_")]},
        {"type": "divider"},
        {
            "type": "actions",
            "block_id": "controls",
            "elements": [
                {
                    "type": "button",
                    "action_id": "approve",
                    "text": _text("Approve", "plain_text"),
                    "style": "primary",
                    "value": "yes",
                },
                {"type": "static_select", "action_id": "team", "options": options},
                {"type": "users_select", "action_id": "owner"},
                {"type": "overflow", "action_id": "more", "options": options},
                {"type": "datepicker", "action_id": "due"},
            ],
        },
        {
            "type": "actions",
            "block_id": "choices",
            "elements": [
                {"type": "radio_buttons", "action_id": "size", "options": options},
                {"type": "checkboxes", "action_id": "tags", "options": options},
            ],
        },
        {
            "type": "table",
            "block_id": "table",
            "column_settings": [{"align": "right"}],
            "rows": [
                [{"type": "raw_text", "text": "#"}, {"type": "raw_text", "text": "Candidate"}],
                [{"type": "raw_text", "text": "1"}, {"type": "raw_text", "text": UNSAFE}],
            ],
        },
        {
            "type": "data_visualization",
            "block_id": "chart",
            "title": "Impact and effort",
            "chart": {
                "type": "bar",
                "series": [
                    {"name": "Impact", "data": [{"label": "Leads", "value": 4}]},
                    {"name": "Effort", "data": [{"label": "Leads", "value": 6}]},
                ],
                "axis_config": {"categories": ["Leads"], "x_label": "Candidate"},
            },
        },
        {
            "type": "data_visualization",
            "block_id": "metrics",
            "title": "Success metrics",
            "chart": {
                "type": "line",
                "series": [
                    {
                        "name": UNSAFE[:20],
                        "data": [
                            {"label": "2026-12-01", "value": 9},
                            {"label": "2026-12-08", "value": -5},
                            {"label": "2026-12-15", "value": 52},
                        ],
                    }
                ],
                "axis_config": {
                    "categories": ["2026-12-01", "2026-12-08", "2026-12-15"],
                    "y_label": "% of the way",
                },
            },
        },
    ]


FORM_VIEW: dict[str, Any] = {
    "type": "modal",
    "callback_id": FORM,
    "title": _text("A note", "plain_text"),
    "submit": _text("Save", "plain_text"),
    "close": _text("Cancel", "plain_text"),
    "blocks": [
        {
            "type": "input",
            "block_id": NOTE,
            "label": _text("Your note", "plain_text"),
            "element": {"type": "plain_text_input", "action_id": NOTE},
        }
    ],
}


@dataclass
class Seen:
    """What the showcase app received."""

    actions: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)


def build_showcase(client: AsyncWebClient, seen: Seen, signing_secret: str) -> AsyncApp:
    """`/interview showcase | form | slow`, a confirm-guarded button and message events."""
    app = AsyncApp(client=client, signing_secret=signing_secret)

    @app.command(COMMAND)
    async def handle_command(
        ack: AsyncAck, command: dict[str, Any], client: AsyncWebClient
    ) -> None:
        if command["text"] == "slow":
            await asyncio.sleep(SLOW)
            await ack()
            return
        await ack()
        if command["text"] == "form":
            await client.views_open(trigger_id=command["trigger_id"], view=FORM_VIEW)
            return
        mention = f"@{command['user_id']}"
        posted = await client.chat_postMessage(
            channel=command["channel_id"], text="Showcase", blocks=showcase_blocks(mention)
        )
        await client.chat_postMessage(
            channel=command["channel_id"], text="Details in the thread", thread_ts=posted["ts"]
        )

    @app.action(re.compile(".*"))
    async def handle_action(ack: AsyncAck, body: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        seen.actions.append(body["actions"][0])
        if body["actions"][0]["action_id"] == "delete_draft":
            await client.chat_postMessage(channel=body["channel"]["id"], text="Draft deleted")

    @app.view(FORM)
    async def handle_form(ack: AsyncAck, view: dict[str, Any]) -> None:
        note = view["state"]["values"][NOTE][NOTE]["value"] or ""
        if len(note) < 5:
            await ack(response_action="errors", errors={NOTE: "Write at least five characters."})
            return
        await ack()

    @app.event("message")
    async def handle_message(event: dict[str, Any]) -> None:
        seen.events.append(event)

    return app
