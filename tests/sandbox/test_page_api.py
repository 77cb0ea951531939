"""The sandbox page's JSON API over real HTTP, driving a bare Bolt app (not our bot)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest

from sandbox import FakeSlack, PageDriver, SandboxPage
from sandbox.desktop import REQUIRED
from sandbox.ui import Wipe
from tests.sandbox.bolt_app import ANSWER_BLOCK, ANSWER_INPUT, START
from tests.sandbox.conftest import SIGNING_SECRET, RunningApp

WAIT = 5.0


@dataclass
class Page:
    """The page's API as the browser uses it."""

    fake: FakeSlack
    page: SandboxPage
    driver: PageDriver
    session: aiohttp.ClientSession

    async def get(self, path: str, **params: str) -> Any:
        async with self.session.get(path, params=params) as response:
            assert response.status == 200, await response.text()
            return await response.json()

    async def post(self, path: str, status: int = 200, **body: Any) -> Any:
        async with self.session.post(path, json=body) as response:
            assert response.status == status, await response.text()
            return await response.json()

    async def screen(self, user: str, channel: str | None = None) -> dict[str, Any]:
        params = {"user": user} | ({"channel": channel} if channel else {})
        shown: dict[str, Any] = await self.get("/ui/screen", **params)
        return shown

    async def texts(self, user: str) -> list[str]:
        return [m["text"] for m in (await self.screen(user))["messages"]]


@pytest.fixture
async def page(fake: FakeSlack, http_app: RunningApp) -> AsyncIterator[Page]:
    driver = PageDriver(
        fake, app_url=http_app.url, signing_secret=SIGNING_SECRET, retry_delays=(0.0, 0.0, 0.0)
    )
    page = SandboxPage(fake, driver, roles={fake.user("alice").id: "Facilitator"})
    await page.start(port=0)
    async with aiohttp.ClientSession(base_url=page.url) as session:
        yield Page(fake, page, driver, session)
    await page.stop()
    await driver.close()


async def test_workspace_lists_people_with_roles_and_departments(page: Page) -> None:
    workspace = await page.get("/ui/workspace")

    alice = next(p for p in workspace["people"] if p["name"] == "alice")
    assert alice["role"] == "Facilitator" and alice["title"] == "Head of Ops"
    assert workspace["bot"]["id"] == page.fake.bot_user_id


async def test_a_typed_message_reaches_the_app_escaped_as_slack_sends_it(
    page: Page, http_app: RunningApp
) -> None:
    alice = page.fake.user("alice").id

    await page.post("/ui/write", user=alice, channel=page.fake.dm_channel(alice), text="a <b> & c")
    await page.fake.wait_for(lambda: page.fake.calls("chat.postMessage"), WAIT)

    assert await page.texts(alice) == ["a &lt;b&gt; &amp; c", "Got: a &lt;b&gt; &amp; c"]
    [record] = page.driver.log
    assert record.payload["event"]["channel_type"] == "im" and record.outcome == "ok"


async def test_a_slash_command_is_delivered_signed_and_its_button_can_be_clicked(
    page: Page, http_app: RunningApp
) -> None:
    alice = page.fake.user("alice").id
    dm = page.fake.dm_channel(alice)

    await page.post("/ui/write", user=alice, channel=dm, text="/interview roadmap")
    [message] = await page.fake.wait_for(lambda: page.fake.messages(dm), WAIT)
    block_id = message["blocks"][1]["block_id"]
    answer = await page.post(
        "/ui/click", user=alice, channel=dm, ts=message["ts"], block_id=block_id, action_id=START
    )
    await page.fake.wait_for_call("chat.update", timeout=WAIT)

    assert answer == {"ok": True, "acked": True}
    assert http_app.seen.commands[0]["text"] == "roadmap"
    assert http_app.seen.actions[0]["actions"][0]["value"] == "go"
    assert (await page.texts(alice)) == [f"Started by <@{alice}>"]


async def test_a_mention_in_a_command_arrives_with_the_users_id_and_name(
    page: Page, http_app: RunningApp
) -> None:
    alice, bob = page.fake.user("alice").id, page.fake.user("bob").id

    await page.post(
        "/ui/write", user=alice, channel=page.fake.dm_channel(alice), text="/interview @bob"
    )

    assert http_app.seen.commands[0]["text"] == f"<@{bob}|bob>"


async def test_a_typed_channel_name_arrives_as_a_channel_link_and_an_unknown_one_as_text(
    page: Page, http_app: RunningApp
) -> None:
    alice = page.fake.user("alice").id
    roadmap = page.fake.add_channel("roadmap")

    await page.post(
        "/ui/write",
        user=alice,
        channel=page.fake.dm_channel(alice),
        text="/interview post #Roadmap and #nowhere, not C&#1",
    )

    assert http_app.seen.commands[0]["text"] == (
        f"post <#{roadmap}|roadmap> and #nowhere, not C&amp;#1"
    )


async def test_the_apps_validation_errors_show_in_the_modal_and_a_good_answer_closes_it(
    page: Page, http_app: RunningApp
) -> None:
    alice = page.fake.user("alice").id
    await page.post(
        "/ui/write", user=alice, channel=page.fake.dm_channel(alice), text="/interview modal"
    )
    modal = (await page.screen(alice))["modal"]
    view_id = modal["view"]["id"]

    def typed(text: str) -> dict[str, Any]:
        return {ANSWER_BLOCK: {ANSWER_INPUT: {"type": "plain_text_input", "value": text}}}

    blank = await page.post("/ui/submit", user=alice, view_id=view_id, values=typed("  "))
    shown = (await page.screen(alice))["modal"]
    good = await page.post("/ui/submit", user=alice, view_id=view_id, values=typed("Slow CRM"))

    assert blank["errors"] == {ANSWER_BLOCK: "Please write something"}
    assert shown["errors"] == {ANSWER_BLOCK: "Please write something"}
    assert good["errors"] == {}
    assert (await page.screen(alice))["modal"] is None
    assert len(http_app.seen.submissions) == 1


async def test_an_empty_required_input_stops_the_submission_before_the_app(
    page: Page, http_app: RunningApp
) -> None:
    alice = page.fake.user("alice").id
    await page.post(
        "/ui/write", user=alice, channel=page.fake.dm_channel(alice), text="/interview modal"
    )
    view_id = (await page.screen(alice))["modal"]["view"]["id"]

    answer = await page.post("/ui/submit", user=alice, view_id=view_id, values={})

    assert answer["errors"] == {ANSWER_BLOCK: REQUIRED}
    assert [r.kind for r in page.driver.log] == ["slash_command"]


async def test_closing_a_modal_removes_it(page: Page) -> None:
    alice = page.fake.user("alice").id
    await page.post(
        "/ui/write", user=alice, channel=page.fake.dm_channel(alice), text="/interview modal"
    )
    view_id = (await page.screen(alice))["modal"]["view"]["id"]

    await page.post("/ui/close", user=alice, view_id=view_id)

    assert (await page.screen(alice))["modal"] is None


async def test_a_person_edits_and_deletes_their_own_message_and_the_app_is_told(
    page: Page,
) -> None:
    alice = page.fake.user("alice").id
    dm = page.fake.dm_channel(alice)
    sent = await page.post("/ui/write", user=alice, channel=dm, text="Leads get lost")

    await page.post("/ui/edit", user=alice, channel=dm, ts=sent["ts"], text="Leads get lost <fast>")
    edited = next(m for m in (await page.screen(alice))["messages"] if m["ts"] == sent["ts"])
    await page.post("/ui/delete", user=alice, channel=dm, ts=sent["ts"])
    await page.driver.drain()

    assert edited["text"] == "Leads get lost &lt;fast&gt;" and edited["edited"] and edited["mine"]
    events = [r.payload["event"] for r in page.driver.log if r.kind == "event_callback"]
    changed = next(e for e in events if e.get("subtype") == "message_changed")
    deleted = next(e for e in events if e.get("subtype") == "message_deleted")
    assert changed["message"]["ts"] == sent["ts"]
    assert changed["message"]["text"] == "Leads get lost &lt;fast&gt;"
    assert changed["previous_message"]["text"] == "Leads get lost"
    assert deleted["deleted_ts"] == sent["ts"]
    assert sent["ts"] not in [m["ts"] for m in (await page.screen(alice))["messages"]]


async def test_nobody_edits_or_deletes_someone_elses_message(page: Page) -> None:
    alice, bob = page.fake.user("alice").id, page.fake.user("bob").id
    dm = page.fake.dm_channel(alice)
    sent = await page.post("/ui/write", user=alice, channel=dm, text="mine")

    refused = await page.post("/ui/edit", 400, user=bob, channel=dm, ts=sent["ts"], text="theirs")
    await page.post("/ui/delete", 400, user=bob, channel=dm, ts=sent["ts"])

    assert refused["error"] == "cant_update_message"


async def test_a_thread_reply_sits_under_its_parent(page: Page) -> None:
    alice = page.fake.user("alice").id
    channel = page.fake.general
    parent = page.fake.add_message(channel, {"text": "Weekly digest"})
    page.fake.add_message(channel, {"text": "Details", "thread_ts": parent["ts"]})

    [shown] = (await page.screen(alice, channel))["messages"]

    assert shown["text"] == "Weekly digest"
    assert [r["text"] for r in shown["replies"]] == ["Details"]


async def test_opening_home_sends_app_home_opened(page: Page) -> None:
    alice = page.fake.user("alice").id

    await page.post("/ui/home", user=alice)
    await page.driver.drain()

    event = page.driver.log[0].payload["event"]
    assert event["type"] == "app_home_opened" and event["tab"] == "home"
    assert event["user"] == alice


async def test_events_the_app_did_not_subscribe_to_are_not_delivered(
    fake: FakeSlack, http_app: RunningApp
) -> None:
    driver = PageDriver(fake, app_url=http_app.url, signing_secret=SIGNING_SECRET, events=())
    page = SandboxPage(fake, driver)
    alice = fake.user("alice").id

    await page.desktop.write(alice, fake.dm_channel(alice), "hello")
    await page.desktop.open_home(alice)

    assert driver.log == []
    await driver.close()


async def test_an_unknown_command_gets_slacks_not_a_valid_command_notice(
    fake: FakeSlack, http_app: RunningApp
) -> None:
    driver = PageDriver(fake, app_url=http_app.url, signing_secret=SIGNING_SECRET, commands=["/a"])
    page = SandboxPage(fake, driver)
    alice = fake.user("alice").id

    await page.desktop.write(alice, fake.dm_channel(alice), "/nope")

    assert driver.log == []
    assert "`/nope` is not a valid command" in driver.notices[0].text
    await driver.close()


async def test_the_call_log_has_web_api_calls_and_deliveries(page: Page) -> None:
    alice = page.fake.user("alice").id
    await page.post(
        "/ui/write", user=alice, channel=page.fake.dm_channel(alice), text="/interview go"
    )
    await page.fake.wait_for_call("chat.postMessage", timeout=WAIT)

    log = await page.get("/ui/log")

    names = [(e["direction"], e["name"]) for e in log["entries"]]
    assert ("Slack → app", "slash_command") in names
    assert ("app → Slack", "chat.postMessage") in names
    assert log["rate_limit_post_message"] is False


async def test_reset_wipes_messages_and_the_log_through_the_hook(
    fake: FakeSlack, http_app: RunningApp
) -> None:
    calls: list[str] = []

    async def restart(wipe: Wipe) -> None:
        calls.append("stop app")
        wipe()
        calls.append("start app")

    driver = PageDriver(fake, app_url=http_app.url, signing_secret=SIGNING_SECRET)
    page = SandboxPage(fake, driver, on_reset=restart)
    await page.start(port=0)
    alice = fake.user("alice").id
    await page.desktop.write(alice, fake.dm_channel(alice), "/interview go")
    await fake.wait_for(lambda: fake.messages(fake.dm_channel(alice)), WAIT)

    async with (
        aiohttp.ClientSession() as session,
        session.post(f"{page.url}ui/reset", json={}) as response,
    ):
        assert response.status == 200

    assert calls == ["stop app", "start app"]
    assert fake.messages(fake.dm_channel(alice)) == [] and fake.calls() == [] and driver.log == []
    await page.stop()
    await driver.close()


async def test_the_rate_limit_can_be_switched_on_from_the_log_page(page: Page) -> None:
    await page.post("/ui/settings", rate_limit_post_message=True)
    refused = await page.post("/ui/settings", 400, rate_limit_post_message="yes")

    assert page.fake.rate_limit_post_message is True
    assert refused["error"] == "invalid_arguments"


async def test_bodies_must_be_json_so_other_sites_cannot_post_forms(page: Page) -> None:
    alice = page.fake.user("alice").id
    form = {"user": alice, "channel": page.fake.dm_channel(alice), "text": "hi"}

    async with page.session.post("/ui/write", data=form) as response:
        assert response.status == 415
    async with page.session.post("/ui/reset", data="{}") as response:
        assert response.status == 415
    assert page.fake.messages(page.fake.dm_channel(alice)) == []


async def test_requests_for_other_host_names_are_refused(page: Page) -> None:
    headers = {"Host": "attacker.example:8080"}

    async with page.session.get("/ui/workspace", headers=headers) as response:
        assert response.status == 403


async def test_the_page_forbids_inline_scripts(page: Page) -> None:
    async with page.session.get("/") as response:
        html = await response.text()
        policy = response.headers["Content-Security-Policy"]

    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert '<script type="module" src="/static/app.js">' in html


async def test_the_changes_socket_says_changed_when_the_workspace_changes(page: Page) -> None:
    async with page.session.ws_connect("/ui/changes") as ws:
        page.fake.add_message(page.fake.general, {"text": "news"})
        message = await ws.receive_json(timeout=WAIT)

    assert message == {"type": "changed"}


async def test_an_unknown_person_is_not_found(page: Page) -> None:
    answer = await page.post("/ui/home", 400, user="U0NOBODY00")

    assert answer["error"] == "user_not_found"


async def test_a_socket_mode_app_gets_the_pages_commands_and_messages(
    fake: FakeSlack, socket_app: Any
) -> None:
    driver = PageDriver(fake, transport="socket")
    page = SandboxPage(fake, driver)
    alice = fake.user("alice").id
    dm = fake.dm_channel(alice)

    await page.desktop.write(alice, dm, "/interview roadmap")
    await page.desktop.write(alice, dm, "hello")
    await driver.drain()
    await fake.wait_for(lambda: len(fake.messages(dm)) == 3, WAIT)

    assert [m["text"] for m in fake.messages(dm)] == ["Interview: roadmap", "hello", "Got: hello"]
    assert {r.transport for r in driver.log} == {"socket"}
    await driver.close()


async def test_an_ephemeral_reply_is_drawn_as_the_app_and_its_buttons_can_be_clicked(
    page: Page, http_app: RunningApp
) -> None:
    alice = page.fake.user("alice").id
    dm = page.fake.dm_channel(alice)
    button = {"type": "button", "action_id": START, "text": {"type": "plain_text", "text": "Go"}}
    page.fake.add_ephemeral(
        dm, alice, {"text": "pick", "blocks": [{"type": "actions", "elements": [button]}]}
    )

    [shown] = (await page.screen(alice, dm))["messages"]
    block_id = shown["blocks"][0]["block_id"]  # Slack assigns one when the app gave none
    answer = await page.post(
        "/ui/click", user=alice, channel=dm, ts=shown["ts"], block_id=block_id, action_id=START
    )

    assert shown["ephemeral"] and shown["bot"] and not shown["mine"]
    assert block_id
    assert answer == {"ok": True, "acked": True}
    assert http_app.seen.actions[0]["container"]["is_ephemeral"] is True


async def test_a_shared_file_opens_from_the_page_for_those_who_see_its_channel(
    page: Page,
) -> None:
    from slack_sdk.web.async_client import AsyncWebClient

    alice, bob = page.fake.user("alice").id, page.fake.user("bob").id
    dm = page.fake.dm_channel(alice)
    client = AsyncWebClient(token=page.fake.bot_token, base_url=page.fake.api_url)
    await client.files_upload_v2(
        channel=dm, filename="roadmap.csv", content="problem,size\nLeads get lost,M\n"
    )

    [shown] = (await page.screen(alice, dm))["messages"]
    [file] = shown["files"]
    async with page.session.get(file["url"]) as response:
        body, kind = await response.read(), response.content_type
    async with page.session.get(file["url"].replace(alice, bob)) as refused:
        refused_status = refused.status

    assert file["title"] == "roadmap.csv" and file["size"] == len(body)
    assert body == b"problem,size\nLeads get lost,M\n" and kind == "text/csv"
    assert refused_status == 403
