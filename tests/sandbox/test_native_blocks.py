"""The stand-in enforces the table and data_visualization blocks' limits as Slack does, and
can be set to refuse a block type (so an app's fallback can be seen)."""

from __future__ import annotations

import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from sandbox import FakeSlack
from tests.test_native_blocks import BROKEN_CHARTS, BROKEN_TABLES, Block, a_chart, a_table


async def _refused(client: AsyncWebClient, fake: FakeSlack, blocks: list[Block]) -> str:
    with pytest.raises(SlackApiError) as raised:
        await client.chat_postMessage(channel=fake.general, text="t", blocks=blocks)
    assert raised.value.response["error"] == "invalid_blocks"
    return str(raised.value.response.get("errors"))


@pytest.mark.parametrize("name", sorted(BROKEN_TABLES.keys() - {"ragged rows", "a long cell"}))
async def test_the_stand_in_refuses_each_broken_table(
    fake: FakeSlack, bot_client: AsyncWebClient, name: str
) -> None:
    await _refused(bot_client, fake, [BROKEN_TABLES[name]])
    assert fake.messages(fake.general) == []


@pytest.mark.parametrize("name", sorted(BROKEN_CHARTS))
async def test_the_stand_in_refuses_each_broken_chart(
    fake: FakeSlack, bot_client: AsyncWebClient, name: str
) -> None:
    await _refused(bot_client, fake, [BROKEN_CHARTS[name]])


async def test_the_stand_in_takes_both_blocks_within_limits_and_can_refuse_charts(
    fake: FakeSlack, bot_client: AsyncWebClient
) -> None:
    posted = await bot_client.chat_postMessage(
        channel=fake.general, text="t", blocks=[a_table(rows=100, cells=20), a_chart(20, 6)]
    )
    assert posted["ok"]
    assert "only one table" in await _refused(bot_client, fake, [a_table(), a_table()])
    fake.refused_blocks = frozenset({"data_visualization"})
    assert "unsupported type" in await _refused(bot_client, fake, [a_chart()])
    assert (await bot_client.chat_postMessage(channel=fake.general, text="t", blocks=[a_table()]))[
        "ok"
    ]


def test_the_sandbox_command_can_refuse_a_block_type() -> None:
    from sandbox.__main__ import build_parser

    args = build_parser().parse_args(["--refuse-block", "data_visualization"])
    assert args.refused_blocks == ["data_visualization"]
    assert build_parser().parse_args([]).refused_blocks == []
