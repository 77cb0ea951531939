"""A newcomer's first interview, in Chromium, against `interview-bot sandbox` as it runs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from bot.cli.sandbox import Sandbox
from bot.settings import Settings
from tests.browser.conftest import screenshot

if TYPE_CHECKING:
    from playwright.async_api import Page

BOT_MESSAGES = "#messages .message[data-from='bot']"


@pytest.fixture
async def sandbox(chromium: Path, tmp_path: Path) -> AsyncIterator[Sandbox]:
    """The sandbox command's stand-in, bot and page, on a temporary database."""
    running = Sandbox(Settings(), database=tmp_path / "sandbox.db")
    await running.start(port=0)
    yield running
    await running.stop()


async def bot_messages(page: Page) -> int:
    return await page.locator(BOT_MESSAGES).count()


async def wait_for_more(page: Page, before: int) -> None:
    """Wait until the bot has said something new on screen."""
    await page.wait_for_function(
        "([selector, n]) => document.querySelectorAll(selector).length > n",
        arg=[BOT_MESSAGES, before],
    )


async def answer(page: Page, text: str) -> None:
    """Type an answer in the message box and wait for the bot's next message."""
    before = await bot_messages(page)
    await page.fill("#message-box", text)
    await page.press("#message-box", "Enter")
    await wait_for_more(page, before)


async def press(page: Page, action_id: str) -> None:
    """Click the newest button with this action_id and wait for the bot's next message."""
    before = await bot_messages(page)
    await page.locator(f"#messages button[data-action-id='{action_id}']").last.click()
    await wait_for_more(page, before)


async def be(page: Page, name: str) -> None:
    """Switch the page to another seeded colleague."""
    await page.locator("#person").select_option(label=name)
    await page.locator("#me-card").get_by_text(name.split(" — ")[0]).wait_for()


async def test_a_facilitator_runs_a_whole_dm_interview_in_the_browser(
    sandbox: Sandbox, page: Page
) -> None:
    from playwright.async_api import expect

    await page.goto(f"{sandbox.url}?as=priya")
    await expect(page.locator("#live")).to_have_class("on")

    # The facilitator asks for an interview with the form /interview opens.
    await page.fill("#message-box", "/interview")
    await page.press("#message-box", "Enter")
    modal = page.locator("form.modal")
    await expect(modal.locator(".modal-title")).to_have_text("New interview")
    await modal.locator("select[data-action-id='stakeholder']").select_option(label="Marcus Bell")
    await modal.locator("select[data-action-id='purpose']").select_option("pain_points")
    await expect(modal.get_by_label("By DM")).to_be_checked()
    await modal.locator("textarea[data-action-id='context_note']").fill(
        "Pipeline reviews keep slipping: what gets in the way?"
    )
    await screenshot(page, "01-new-interview")
    await page.click("#modal-submit")
    await expect(modal).to_have_count(0)
    await expect(page.locator("#messages")).to_contain_text("I've invited @Marcus Bell")

    # The stakeholder finds the invitation in their DM and starts.
    await be(page, "Marcus Bell — Stakeholder")
    await expect(page.locator("#messages")).to_contain_text("@Priya Raman would like to interview")
    await screenshot(page, "02-invitation")
    await press(page, "interview_start")
    await expect(page.locator(BOT_MESSAGES).last).to_contain_text("trying to achieve")

    await answer(page, "Grow new-business revenue 20% this year")
    await answer(page, "ARR from new logos, every quarter")
    await press(page, "question_skip")
    await expect(page.locator(BOT_MESSAGES).last).to_contain_text("hurts most")
    await answer(page, "Leads get lost between marketing and sales")
    await answer(page, "Every week, about 10 deals")
    await answer(page, "Sales and marketing")
    await answer(page, "The CRM is updated by hand")  # why 1
    await expect(page.locator(BOT_MESSAGES).last).to_contain_text("The CRM is updated by hand")
    await screenshot(page, "03-five-whys")
    await press(page, "question_root_cause")
    await expect(page.locator(BOT_MESSAGES).last).to_contain_text("What else hurts")
    for _ in range(4):  # no second obstacle, then the three extra questions
        await press(page, "question_skip")

    # The summary comes back to be confirmed.
    looks_right = page.locator("#messages button[data-action-id='summary_looks_right']").last
    await expect(looks_right).to_be_visible()
    await expect(page.locator("#messages")).to_contain_text("Did I get this right?")
    await looks_right.scroll_into_view_if_needed()
    await screenshot(page, "04-summary")
    await press(page, "summary_looks_right")
    await expect(page.locator(BOT_MESSAGES).last).to_contain_text("Thank you")

    # The facilitator has the summary, and the interview on the app's Home tab.
    await be(page, "Priya Raman — Facilitator")
    await expect(page.locator("#messages")).to_contain_text("The CRM is updated by hand")
    await page.click("#tab-home")
    home = page.locator("#home")
    await expect(home).to_contain_text("Interviews you run")
    await expect(home).to_contain_text("with @Marcus Bell")
    await screenshot(page, "05-app-home")

    # Everything that went over the wire, for people debugging their scripts.
    log = await page.context.new_page()
    await log.goto(f"{sandbox.url}log")
    row = log.locator("#entries tr[data-name='chat.postMessage']").first
    await row.click()
    await expect(log.locator("#entries tr.detail pre").first).to_contain_text('"channel"')
    await screenshot(log, "06-call-log")
