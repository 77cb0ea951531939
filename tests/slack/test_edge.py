"""The HTTP edge, over real HTTP on loopback: an unsigned, forged or stale request gets 401, an
unparseable body or a command or interaction that lacks who sent it gets 400, a bad event is
acked and ignored, and in every case nothing is stored and nothing is posted."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any
from urllib.parse import urlencode

import aiohttp
import pytest
import sqlalchemy as sa

from bot.runtime import BotRuntime
from sandbox import FakeSlack, payloads
from storage import Storage
from tests.slack.conftest import SECRET, bot_settings
from tests.slack.helpers import SENT_METHODS, message_event

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
ANSWER = "Our churn is 31% and Dana is leaving"


class Edge:
    """Raw requests to the bot, signed (or not) the way a test asks."""

    def __init__(self, fake: FakeSlack, bot: BotRuntime, http: aiohttp.ClientSession) -> None:
        self.fake, self.bot, self.http = fake, bot, http

    def now(self) -> int:
        """Unix seconds on the bot's own clock: the one its signature check compares with."""
        return int(self.bot.clock.now().timestamp())

    async def post(
        self,
        body: str | bytes,
        content_type: str,
        *,
        secret: str | None = SECRET,
        timestamp: str | None = None,
        signature: str | None = None,
    ) -> tuple[int, str]:
        """POST `body`; signed with `secret` at `timestamp` unless a header is given or None."""
        raw = body.encode() if isinstance(body, str) else body
        ts = str(self.now()) if timestamp is None else timestamp
        headers = {"Content-Type": content_type, "X-Slack-Request-Timestamp": ts}
        if signature is not None:
            headers["X-Slack-Signature"] = signature
        elif secret is not None:
            headers["X-Slack-Signature"] = _sign(secret, ts, raw)
        assert self.bot.url is not None
        async with self.http.post(self.bot.url, data=raw, headers=headers) as response:
            return response.status, await response.text()


def command_form(
    fake: FakeSlack, user: str = "alice", text: str = "", **drop: bool
) -> dict[str, str]:
    """A genuine `/interview` form from `user`, without the fields named in `drop`."""
    user_id = fake.user(user).id
    channel = fake.dm_channel(user_id)
    form = payloads.command(
        fake,
        user=user_id,
        text=text,
        command="/interview",
        channel=channel,
        trigger_id=fake.issue_trigger(user_id),
        response_url=fake.issue_response_url(channel, user_id),
    )
    return {k: v for k, v in form.items() if not drop.get(k)}


def _sign(secret: str, ts: str, raw: bytes) -> str:
    """Slack's signature over raw bytes (sandbox.payloads signs text, and some bodies here are
    not UTF-8)."""
    digest = hmac.new(secret.encode(), b"v0:" + ts.encode() + b":" + raw, hashlib.sha256)
    return "v0=" + digest.hexdigest()


@pytest.fixture
async def edge(fake: FakeSlack, bot: BotRuntime) -> AsyncIterator[Edge]:
    async with aiohttp.ClientSession() as http:
        yield Edge(fake, bot, http)


def row_counts(storage: Storage | None) -> dict[str, int]:
    """How many rows each table holds."""
    assert storage is not None
    engine = storage.engine
    with engine.connect() as connection:
        return {
            table: connection.execute(sa.text(f'SELECT count(*) FROM "{table}"')).scalar_one()
            for table in sa.inspect(engine).get_table_names()
            if table != "alembic_version"
        }


def sent(fake: FakeSlack) -> list[str]:
    """Every message, ephemeral or view the bot sent so far."""
    methods = (*SENT_METHODS, "views.open", "views.update", "views.push", "views.publish")
    return [call.method for call in fake.calls() if call.method in methods]


@pytest.fixture
def unchanged(fake: FakeSlack, bot: BotRuntime) -> Callable[[], None]:
    """Asserts, when called, that no row and no post was added since the test began."""
    rows, posts = row_counts(bot.storage), sent(fake)

    def check() -> None:
        assert row_counts(bot.storage) == rows, "nothing stored"
        assert sent(fake) == posts, "nothing posted"

    return check


# -- 401: not signed by Slack, just now -----------------------------------------------------


async def test_unsigned_malformed_json_gets_401_and_stores_nothing(
    edge: Edge, unchanged: Callable[[], None]
) -> None:
    status, _ = await edge.post('{"type": "event_callback", ', JSON, secret=None)
    assert status == 401
    unchanged()


async def test_forged_signature_on_malformed_json_gets_401_and_stores_nothing(
    edge: Edge, unchanged: Callable[[], None]
) -> None:
    assert (await edge.post("{not json", JSON, signature="v0=" + "0" * 64))[0] == 401
    assert (await edge.post("{not json", JSON, signature="v0=\u00e9t\u00e9"))[0] == 401
    unchanged()


async def test_a_command_signed_with_another_secret_gets_401_and_dms_nobody(
    edge: Edge, unchanged: Callable[[], None]
) -> None:
    form = command_form(edge.fake, text=f"<@{edge.fake.user('bob').id}|bob> pain_points")
    status, _ = await edge.post(urlencode(form), FORM, secret="not-the-secret")
    assert status == 401
    unchanged()


ARABIC_DIGITS = "\u0661\u0667" + "\u0660" * 8  # str.isdigit() and int() accept these


@pytest.mark.parametrize("timestamp", ["abc", "", "-5", "1e9", " 1700000000", ARABIC_DIGITS])
async def test_a_timestamp_that_is_not_a_number_gets_401(
    edge: Edge, unchanged: Callable[[], None], timestamp: str
) -> None:
    status, _ = await edge.post(
        urlencode(
            command_form(
                edge.fake,
            )
        ),
        FORM,
        timestamp=timestamp,
    )
    assert status == 401
    unchanged()


@pytest.mark.parametrize("skew", [-301, 301, -86_400 * 365])
async def test_a_request_more_than_five_minutes_from_now_gets_401(
    edge: Edge, unchanged: Callable[[], None], skew: int
) -> None:
    stale = str(edge.now() + skew)
    status, _ = await edge.post(
        urlencode(
            command_form(
                edge.fake,
            )
        ),
        FORM,
        timestamp=stale,
    )
    assert status == 401
    unchanged()


async def test_a_genuine_answer_refused_for_clock_skew_leaves_no_text_in_the_log(
    fake: FakeSlack,
    edge: Edge,
    unchanged: Callable[[], None],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    event = message_event(fake, fake.user("bob").id, ANSWER)
    body = json.dumps(payloads.event_callback(fake, event, "Ev0SKEWED01"))
    status, _ = await edge.post(body, JSON, timestamp=str(edge.now() - 600))
    assert status == 401
    unchanged()
    assert any("too far from now" in r.getMessage() for r in caplog.records)
    for record in caplog.records:
        assert ANSWER not in record.getMessage()


# -- 400: signed, but not a payload the bot can read ---------------------------------------


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ('{"type": "event_callback", ', JSON),
        ("[1, 2, 3]", JSON),
        ('"just a string"', JSON),
        ("[" * 100_000, JSON),
        ("team_id=T1&&user_id=U1", FORM),
        ("%%%garbage", FORM),
        ("user_id=U1&team_id=T1", FORM),  # neither a command nor an interaction
        ("payload=%7Bnot+json", FORM),
        ("payload=%5B1%2C2%5D", FORM),
        (b"payload=\xff\xfe{", FORM),
    ],
    ids=[
        "truncated-json",
        "json-array",
        "json-string",
        "deep-json",
        "empty-form-field",
        "form-without-equals",
        "form-of-nothing",
        "payload-not-json",
        "payload-not-object",
        "payload-bad-utf8",
    ],
)
async def test_signed_unparseable_body_gets_400_and_stores_nothing(
    edge: Edge, unchanged: Callable[[], None], body: str | bytes, content_type: str
) -> None:
    status, _ = await edge.post(body, content_type)
    assert status == 400
    unchanged()


@pytest.mark.parametrize("field", ["user_id", "team_id", "command", "trigger_id"])
async def test_a_command_without_who_sent_it_gets_400_and_dms_nobody(
    edge: Edge, unchanged: Callable[[], None], field: str
) -> None:
    form = command_form(
        edge.fake, text=f"<@{edge.fake.user('bob').id}|bob> pain_points", **{field: True}
    )
    status, text = await edge.post(urlencode(form), FORM)
    assert status == 400
    assert field in text
    unchanged()


async def test_a_command_with_a_user_id_that_is_not_a_slack_id_gets_400(
    edge: Edge, unchanged: Callable[[], None]
) -> None:
    form = command_form(edge.fake, text=f"<@{edge.fake.user('bob').id}|bob> pain_points")
    for bad in ("", "u1<script>", "U" * 40):
        status, _ = await edge.post(urlencode({**form, "user_id": bad}), FORM)
        assert status == 400
    unchanged()


def _click(fake: FakeSlack, drop: str) -> dict[str, Any]:
    user = fake.user("bob").id
    payload: dict[str, Any] = {
        "type": "block_actions",
        "user": {"id": user, "name": "bob", "team_id": fake.team_id},
        "team": {"id": fake.team_id, "domain": "sandbox"},
        "trigger_id": fake.issue_trigger(user),
        "api_app_id": "A1",
        "actions": [{"type": "button", "action_id": "interview_start", "value": "1:start"}],
        "channel": {"id": fake.dm_channel(user)},
        "container": {"type": "message", "channel_id": fake.dm_channel(user)},
    }
    if drop == "actions":
        payload["actions"] = []
    else:
        del payload[drop]
    return payload


@pytest.mark.parametrize("drop", ["user", "team", "actions", "trigger_id"])
async def test_a_click_without_user_team_or_action_gets_400_and_changes_nothing(
    fake: FakeSlack, edge: Edge, unchanged: Callable[[], None], drop: str
) -> None:
    status, _ = await edge.post(urlencode({"payload": json.dumps(_click(fake, drop))}), FORM)
    assert status == 400
    unchanged()


@pytest.mark.parametrize("drop", ["user", "team"])
async def test_a_view_submission_without_user_or_team_gets_400_and_starts_nothing(
    fake: FakeSlack, edge: Edge, unchanged: Callable[[], None], drop: str
) -> None:
    user = fake.user("alice").id
    payload: dict[str, Any] = {
        "type": "view_submission",
        "user": {"id": user},
        "team": {"id": fake.team_id},
        "view": {"id": "V0X", "callback_id": "new_interview", "state": {"values": {}}},
    }
    del payload[drop]
    status, _ = await edge.post(urlencode({"payload": json.dumps(payload)}), FORM)
    assert status == 400
    unchanged()


SHAPES = {
    "authorizations-number": ("authorizations", 5),
    "authorizations-strings": ("authorizations", ["x"]),
    "response-urls-number": ("response_urls", 5),
    "channel-number": ("channel", 5),
}


@pytest.mark.parametrize("shape", SHAPES)
async def test_a_click_whose_fields_are_not_shaped_as_slacks_gets_400(
    fake: FakeSlack, edge: Edge, unchanged: Callable[[], None], shape: str
) -> None:
    field, value = SHAPES[shape]
    click = {**_click(fake, "api_app_id"), field: value}
    status, _ = await edge.post(urlencode({"payload": json.dumps(click)}), FORM)
    assert status == 400
    unchanged()


async def test_an_event_whose_authorizations_are_not_slacks_is_acked_and_ignored(
    fake: FakeSlack, edge: Edge, unchanged: Callable[[], None]
) -> None:
    event = message_event(fake, fake.user("bob").id, ANSWER)
    body = {**payloads.event_callback(fake, event, "Ev0SHAPE0001"), "authorizations": 5}
    status, _ = await edge.post(json.dumps(body), JSON)
    assert status == 200
    unchanged()


# -- events: acked (Slack would retry an error) and ignored ---------------------------------


@pytest.mark.parametrize("drop", ["team_id", "user", "event_id"])
async def test_a_dm_event_without_team_or_user_is_acked_and_ignored(
    fake: FakeSlack, edge: Edge, unchanged: Callable[[], None], drop: str
) -> None:
    event = message_event(fake, fake.user("bob").id, ANSWER)
    body = payloads.event_callback(fake, event, "Ev0NOBODY001")
    if drop == "user":
        del body["event"]["user"]
    else:
        del body[drop]
    status, _ = await edge.post(json.dumps(body), JSON)
    assert status == 200
    unchanged()


# -- what a good request still does ---------------------------------------------------------


async def test_a_command_whose_text_says_payload_reaches_the_bot(
    fake: FakeSlack, edge: Edge
) -> None:
    # Bolt reads a form whose raw text merely contains "payload" as an interaction, and finds
    # nothing; the edge hands it the parsed form.
    status, text = await edge.post(urlencode(command_form(edge.fake, text="payload")), FORM)
    assert status == 200
    assert "interview" in text.lower(), "the usage reply, as for any unknown text"


# -- Socket Mode: no signatures, the same checks ---------------------------------------------


async def test_a_socket_mode_command_without_user_is_acked_and_dms_nobody(
    fake: FakeSlack, database_url: str
) -> None:
    runtime = BotRuntime(bot_settings(fake, database_url))
    await runtime.start(http=False)
    try:
        await fake.socket.wait_connected(timeout=5)
        rows, posts = row_counts(runtime.storage), sent(fake)
        form = command_form(fake, text=f"<@{fake.user('bob').id}|bob> pain_points", user_id=True)
        ack = await fake.push("slash_commands", dict(form), accepts_response_payload=True)
        assert ack.payload in (None, {}), "acked with nothing to say"
        click = _click(fake, "user")
        await fake.push("interactive", click, accepts_response_payload=False)
        assert row_counts(runtime.storage) == rows
        assert sent(fake) == posts
    finally:
        await runtime.stop()


async def test_bolt_never_logs_the_body_of_a_request_it_cannot_route(
    fake: FakeSlack, edge: Edge, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    user = fake.user("bob").id
    payload = {
        "type": "dialog_submission",  # no listener: Bolt logs the request as unhandled
        "user": {"id": user},
        "team": {"id": fake.team_id},
        "callback_id": "old_dialog",
        "submission": {"answer": ANSWER},
    }
    await edge.post(urlencode({"payload": json.dumps(payload)}), FORM)
    bolt = [r for r in caplog.records if r.name.startswith("slack_bolt")]
    assert any("Unhandled request" in r.getMessage() for r in bolt), "Bolt did log it"
    for record in caplog.records:
        assert ANSWER not in record.getMessage()
