"""`python -m bench.turn [--each N] [--dispatch]`: the CPU of DM answers in one process, without
HTTP, the outbox sender or the load generator: the answer's use case and its transaction on
SQLite (`--dispatch`: through the Bolt app and its middleware, as an HTTP request would after
the edge).

CPU time on a shared machine moves with its load; instruction counts do not. Run it under
callgrind twice and divide the difference by the extra answers (50 stakeholders, so 200 for
`--each 5` against `--each 1`):

    valgrind --tool=callgrind python -m bench.turn --each 1
    valgrind --tool=callgrind python -m bench.turn --each 5
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import tempfile
import time
from pathlib import Path
from typing import Any

from slack_bolt.request.async_request import AsyncBoltRequest

from bot.app import create_app
from bot.flows.inputs import Start
from bot.flows.script import Purpose
from bot.settings import Settings
from bot.slack.dm import answer_before_ack
from bot.slack.services import build_services
from bot.slack.turns import apply_turn
from sandbox import FakeSlack
from storage import Storage

STAKEHOLDERS = 50
TEAM = "T1"


async def measure(each: int, *, dispatch: bool, workdir: Path, url: str | None = None) -> float:
    """CPU milliseconds per answer over `each` answers from every stakeholder (after two), on
    `url` (default: a SQLite file in `workdir`)."""
    url = url or f"sqlite:///{workdir}/turn.db"
    async with FakeSlack() as fake, contextlib.AsyncExitStack() as stack:
        storage = await Storage.open(url)
        stack.push_async_callback(storage.close)
        await storage.upgrade()
        settings = Settings(
            database_url=url,
            slack_bot_token=fake.bot_token,
            slack_api_url=fake.api_url,
            slack_signing_secret="bench",
        )
        svc = await build_services(settings, storage)
        svc.bot_user_id = "UBOT"
        app = create_app(settings, svc)
        team = await svc.team_id(TEAM)
        alice = await storage.ensure_person(team_id=team, name="Alice", slack_user_id="UALICE")
        users = []
        for i in range(STAKEHOLDERS):
            person = await storage.ensure_person(
                team_id=team, name=f"P{i}", slack_user_id=f"UP{i:03d}"
            )
            turn = await svc.interviews.start(
                team_id=team,
                purpose=Purpose.PAIN_POINTS,
                facilitator=alice,
                stakeholder=person,
                mode="dm",
            )
            await apply_turn(svc, turn.interview_id, Start(), team=team)
            users.append(str(person.slack_user_id))
        sent = 0

        async def answer(user: str, index: int) -> None:
            nonlocal sent
            sent += 1
            event: dict[str, Any] = {
                "type": "message",
                "channel_type": "im",
                "user": user,
                "channel": f"D{user}",
                "text": f"bench answer {user} {index}",
                "ts": f"{1_700_000_000 + sent}.000100",
            }
            body = {
                "team_id": TEAM,
                "event_id": f"Ev{sent}",
                "type": "event_callback",
                "event": event,
            }
            if dispatch:
                response = await app.async_dispatch(AsyncBoltRequest(body=body, mode="socket_mode"))
                assert response.status == 200, response.status
            else:
                assert await answer_before_ack(svc, body) == "answered"

        async def stakeholder(user: str, first: int, count: int) -> None:
            for index in range(first, first + count):
                await answer(user, index)

        await asyncio.gather(*(stakeholder(u, 0, 2) for u in users))  # warm-up
        started = time.process_time()
        await asyncio.gather(*(stakeholder(u, 2, each) for u in users))
        await asyncio.sleep(0.2)  # anything Bolt left running
        return 1000 * (time.process_time() - started) / (STAKEHOLDERS * each)


def main() -> None:
    """Print CPU ms per answer."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--each", type=int, default=20, help="answers per stakeholder")
    parser.add_argument("--dispatch", action="store_true", help="through the Bolt app")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        ms = asyncio.run(measure(args.each, dispatch=args.dispatch, workdir=Path(workdir)))
    print(f"{ms:.3f} ms CPU per answer ({STAKEHOLDERS} x {args.each})")


if __name__ == "__main__":
    main()
