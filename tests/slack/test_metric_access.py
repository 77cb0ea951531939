"""The access table's check-in row, probed: each role clicks *No change* on a check-in DM of a
metric they own and of one they do not; only owners and roadmap editors (admins too) record."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import timedelta

from bot.blocks import metric_ids
from bot.blocks.metrics import build_checkin
from bot.roadmap.metrics import metric_of
from bot.slack.present import post
from sandbox import FakeSlack
from storage import MetricSpec
from tests.slack.conftest import RunningBot
from tests.slack.helpers import WAIT, text_of
from tests.slack.test_access import NO, OWN_METRICS, ROLES, WHO, YES, Walk, row, seeded

ROW = row("Answer a success metric's check-in")


async def test_only_owners_and_roadmap_editors_answer_a_check_in(
    fake: FakeSlack, start_bot: Callable[..., Awaitable[RunningBot]]
) -> None:
    walk = await seeded(fake, start_bot)
    svc = walk.bot.runtime.services
    assert svc is not None
    store, convo, today = walk.store, walk.convo, svc.clock.now().date()
    for index, role in enumerate(ROLES):
        me = convo.id(WHO[role])
        other = convo.id(WHO[ROLES[(index + 1) % len(ROLES)]])
        allowed = []
        for owner in (me, other):
            spec = MetricSpec(
                name=f"Leads lost <!channel> {role}",
                unit="leads",
                direction="decrease",
                baseline=10,
                baseline_date=today - timedelta(days=7),
                target=2,
                deadline=today + timedelta(days=200),
                owner=owner,
                cadence="weekly",
                state="committed",
            )
            row = await store.create_metric(team_id=walk.team, candidate_id=1, spec=spec)
            message = build_checkin(metric_of(row), "Leads", today, wording=svc.wording)
            await store.enqueue(team_id=walk.team, messages=[post(owner, message)])
            svc.sender.wake()
            name = next(n for n, u in ((n, convo.id(n)) for n in WHO.values()) if u == owner)
            dm = await convo.wait_for_text(name, f"Leads lost &lt;!channel&gt; {role}")
            before = len(fake.ephemerals(user=me))
            await convo.slack.block_action(me, metric_ids.NO_CHANGE, message=dm)
            done = await _outcome(walk, row.id, me, before)
            if not done:
                refusal = text_of(fake.ephemerals(user=me)[before])
                assert refusal == "Only the metric's owner or a roadmap editor can do that."
            allowed.append(bool(done))
        found = {(True, True): YES, (True, False): OWN_METRICS}.get((allowed[0], allowed[1]), NO)
        walk.check(ROW, role, "normal", found, str(allowed))
    assert not walk.wrong, "\n".join(walk.wrong)


async def _outcome(walk: Walk, metric_id: int, user: str, before: int) -> bool:
    """Wait for the click's effect: True once the value is stored, False on a refusal."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT
    while loop.time() < deadline:
        if (await walk.store.get_metric(metric_id)).checkins:
            return True
        if len(walk.fake.ephemerals(user=user)) > before:
            return False
        await asyncio.sleep(0.02)
    raise TimeoutError("the click had no effect")
