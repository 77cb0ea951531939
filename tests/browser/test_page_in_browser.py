"""The page as a minimal Slack for any Bolt app: Block Kit, mrkdwn, threads, edits, timeouts."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from aiohttp import web
from slack_sdk.web.async_client import AsyncWebClient

from sandbox import FakeSlack, PageDriver, SandboxPage
from tests.browser.conftest import screenshot
from tests.browser.showcase_app import UNSAFE, Seen, build_showcase

if TYPE_CHECKING:
    from playwright.async_api import Page

SECRET = "showcase-signing-secret"


@dataclass
class Showcase:
    """The stand-in and its page, with the showcase app connected over HTTP."""

    fake: FakeSlack
    page: SandboxPage
    seen: Seen


@pytest.fixture
async def showcase(chromium: Path) -> AsyncIterator[Showcase]:
    seen = Seen()
    async with FakeSlack() as fake:
        client = AsyncWebClient(token=fake.bot_token, base_url=fake.api_url)
        bolt = build_showcase(client, seen, SECRET)
        runner = web.AppRunner(bolt.web_app(path="/slack/events"), shutdown_timeout=0.5)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        host, port = runner.addresses[0][:2]
        driver = PageDriver(
            fake,
            app_url=f"http://{host}:{port}/slack/events",
            signing_secret=SECRET,
            timeout=1.0,  # the `slow` command takes longer than this
        )
        page = SandboxPage(fake, driver)
        await page.start(port=0)
        yield Showcase(fake, page, seen)
        await page.stop()
        await driver.close()
        await runner.cleanup()


async def send(page: Page, text: str) -> None:
    await page.fill("#message-box", text)
    await page.press("#message-box", "Enter")


async def test_block_kit_and_mrkdwn_render_and_nothing_in_a_message_runs(
    showcase: Showcase, page: Page
) -> None:
    from playwright.async_api import expect

    await page.goto(f"{showcase.page.url}?as=alice")
    await send(page, "/interview showcase")
    message = page.locator("#messages .message[data-from='bot']").first
    await expect(message.locator(".bk-header")).to_have_text("Block Kit showcase")

    formats = message.locator("[data-block-id='formats']")
    await expect(formats.locator("strong")).to_have_text("bold")
    await expect(formats.locator("em")).to_have_text("italic")
    await expect(formats.locator("s")).to_have_text("strike")
    await expect(formats.locator("code")).to_have_text("code")
    await expect(formats.locator("a[href='https://example.com']")).to_have_text("a link")
    await expect(formats.locator(".mention")).to_have_text("@Alice Moreau")
    await expect(formats.locator("blockquote")).to_have_text("a quote")
    await expect(formats.locator("pre")).to_have_text("a pre block")
    await expect(formats).to_contain_text("<script>window.pwned = 1</script>")
    await expect(formats).to_contain_text("<img src=x onerror=window.pwned=2>")
    assert await page.evaluate("window.pwned") is None
    assert await page.locator("#messages script, #messages img").count() == 0

    await expect(message.locator(".bk-field")).to_have_count(2)
    await expect(message.locator(".bk-button.primary")).to_have_text("Approve")
    await expect(message.locator(".bk-context")).to_contain_text("posted by the showcase")
    await expect(message.locator(".bk-radios input")).to_have_count(2)
    await expect(message.locator(".bk-checkboxes input")).to_have_count(2)
    table = message.locator("[data-block-id='table'] table")
    await expect(table.locator("th")).to_have_text(["#", "Candidate"])
    await expect(table.locator("td").nth(1)).to_contain_text("<script>window.pwned = 1</script>")
    chart = message.locator("[data-block-id='chart']")
    await expect(chart.locator("figcaption")).to_contain_text("Impact and effort")
    await expect(chart.locator(".bk-chart-bar")).to_have_count(2)
    await expect(chart.locator(".bk-chart-legend")).to_contain_text("Impact")
    metrics = message.locator("[data-block-id='metrics']")
    await expect(metrics.locator(".bk-chart-line")).to_have_count(1)
    await expect(metrics.locator(".bk-chart-dot")).to_have_count(3)
    await expect(metrics.locator(".bk-chart-dot title").nth(1)).to_have_text(
        f"{UNSAFE[:20]}, 2026-12-08: -5"
    )
    await screenshot(page, "block-kit-showcase")

    # A select tells the app at once; a danger button asks its confirm dialog first.
    await message.locator("select[data-action-id='team']").select_option("support")
    await message.locator("button[data-action-id='delete_draft']").click()
    await expect(page.locator(".dialog-title")).to_have_text("Delete the draft?")
    await page.click("#confirm-yes")
    await expect(page.locator("#messages")).to_contain_text("Draft deleted")
    chosen = [
        (a["action_id"], a.get("selected_option", {}).get("value")) for a in showcase.seen.actions
    ]
    assert chosen == [("team", "support"), ("delete_draft", None)]

    # The thread the app replied in.
    await message.locator(".thread-link").click()
    await expect(page.locator("#thread-messages")).to_contain_text("Details in the thread")


async def test_people_edit_and_delete_their_messages_and_see_modal_errors_and_timeouts(
    showcase: Showcase, page: Page
) -> None:
    from playwright.async_api import expect

    await page.goto(f"{showcase.page.url}?as=bob")
    await send(page, "Leads get <lost>")
    mine = page.locator("#messages .message[data-from='me']")
    await expect(mine).to_contain_text("Leads get <lost>")

    await mine.hover()
    await mine.locator(".hover-action.edit").click()
    await page.fill(".edit-box", "Leads get lost weekly")
    await page.click(".edit-save")
    await expect(mine).to_contain_text("Leads get lost weekly")
    await expect(mine.locator(".edited")).to_be_visible()
    await mine.hover()
    await mine.locator(".hover-action.delete").click()
    await page.click("#confirm-yes")
    await expect(mine).to_have_count(0)
    await showcase.page.driver.drain()
    subtypes = [e.get("subtype") for e in showcase.seen.events]
    assert subtypes == [None, "message_changed", "message_deleted"]
    assert showcase.seen.events[0]["text"] == "Leads get &lt;lost&gt;"

    # The app's validation error shows under the input; a good answer closes the modal.
    await send(page, "/interview form")
    modal = page.locator("form.modal")
    await modal.locator("input[data-action-id='note']").fill("no")
    await page.click("#modal-submit")
    await expect(modal.locator(".bk-error")).to_have_text("Write at least five characters.")
    await screenshot(page, "modal-error")
    await modal.locator("input[data-action-id='note']").fill("Pipelines are slow")
    await page.click("#modal-submit")
    await expect(modal).to_have_count(0)

    # A command the app does not ack within the deadline: Slack tells the person.
    await send(page, "/interview slow")
    notice = page.locator("#messages .message[data-from='slackbot']")
    await expect(notice).to_contain_text('/interview failed with the error "operation_timeout"')
    await expect(notice).to_contain_text("Only visible to you")


async def test_times_and_date_tokens_are_shown_in_the_viewers_time_zone(
    showcase: Showcase, page: Page
) -> None:
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from playwright.async_api import expect

    alice = showcase.fake.user("alice")
    moment = 1796000000  # 2026-11-30 01:33:20 UTC: the day differs between Paris and Kolkata
    posted = showcase.fake.add_message(
        showcase.fake.dm_channel(alice.id),
        {"text": f"Due <!date^{moment}^{{date_short}} at {{time}}|30 Nov 2026 UTC>"},
    )
    await page.goto(f"{showcase.page.url}?as=alice")
    message = page.locator(f"#messages .message[data-ts='{posted['ts']}']")

    paris = datetime.fromtimestamp(moment, UTC).astimezone(ZoneInfo(alice.tz))
    expected = f"Due {paris:%b} {paris.day}, {paris.year} at {paris:%-I:%M %p}"
    await expect(message.locator(".content")).to_have_text(expected)
    sent = datetime.fromtimestamp(float(posted["ts"]), UTC).astimezone(ZoneInfo(alice.tz))
    await expect(message.locator("time")).to_have_text(f"{sent:%I:%M %p}")


async def test_a_shared_file_shows_as_a_card_that_opens_it(showcase: Showcase, page: Page) -> None:
    from playwright.async_api import expect

    alice = showcase.fake.user("alice")
    client = AsyncWebClient(token=showcase.fake.bot_token, base_url=showcase.fake.api_url)
    await client.files_upload_v2(
        channel=showcase.fake.dm_channel(alice.id), filename="plan.csv", content="a,b\n1,2\n"
    )
    await page.goto(f"{showcase.page.url}?as=alice")

    link = page.locator("#messages .file-card a.file-link")
    await expect(link).to_have_text("plan.csv")
    assert await link.get_attribute("target") == "_blank"
    href = str(await link.get_attribute("href"))
    response = await page.request.get(showcase.page.url.rstrip("/") + href)
    assert await response.text() == "a,b\n1,2\n"
