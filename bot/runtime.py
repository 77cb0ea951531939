"""Run the bot: storage, services, the Bolt app, the outbox sender and a transport.

Used by `interview-bot run`, by the tests (in-process, against sandbox/) and the benchmarks.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from aiohttp import ClientSession, web
from slack_bolt.async_app import AsyncApp

from bot.app import create_app
from bot.clock import Clock, SystemClock
from bot.jobs.runner import Handler, JobResult, JobRunner
from bot.jobs.workers import is_gone
from bot.settings import Settings
from bot.slack import clicks, metric_jobs, review, roadmap_duplicates, schedule, shipped, timed
from bot.slack.client import make_client
from bot.slack.digest import DIGEST, ensure_digest, run_digest
from bot.slack.dm import handle_message_event
from bot.slack.edge import EdgeSocketModeHandler, edge_web_app
from bot.slack.inbox import InboxMiddleware
from bot.slack.services import Services, build_services
from storage import AlreadyHandled, JobRecord, Storage

logger = logging.getLogger(__name__)
EVENTS_PATH = "/slack/events"
REDRIVE_EVERY = timedelta(seconds=60)


class BotRuntime:
    """One bot process; `start()` then `stop()` (or `async with`)."""

    def __init__(self, settings: Settings, *, clock: Clock | None = None) -> None:
        self.settings = settings
        self.clock = clock or SystemClock()
        self.jobs: JobRunner | None = None
        self.storage: Storage | None = None
        self.services: Services | None = None
        self.app: AsyncApp | None = None
        self.url: str | None = None
        self._runner: web.AppRunner | None = None
        self._socket: EdgeSocketModeHandler | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self._http: ClientSession | None = None

    async def start(self, *, http: bool = False, host: str = "127.0.0.1", port: int = 3000) -> None:
        """Open storage, check the token, recover unhandled events, then listen."""
        self.storage = await Storage.open(self.settings.database_url, now=self.clock.now)
        await self.storage.upgrade()
        self._http = ClientSession()
        svc = self.services = await build_services(
            self.settings, self.storage, clock=self.clock, session=self._http
        )
        auth = await svc.client.auth_test()
        svc.bot_user_id = svc.sender.bot_user_id = str(auth.get("user_id") or "") or None
        self.app = create_app(self.settings, svc)
        await self.release_dead_claims()
        self._tasks.append(asyncio.create_task(svc.sender.run(), name="outbox"))
        self.jobs = job_runner(svc, worker=svc.sender.worker)
        await ensure_digest(svc, slack_team_id=str(auth.get("team_id") or ""))
        await metric_jobs.ensure_sweep(svc, slack_team_id=str(auth.get("team_id") or ""))
        await review.ensure_review(svc, slack_team_id=str(auth.get("team_id") or ""))
        every = self.settings.job_tick_seconds
        self._tasks.append(asyncio.create_task(self.jobs.run(every=every), name="jobs"))
        await self.recover()
        self._tasks.append(asyncio.create_task(self._redrive(), name="inbox-redrive"))
        # Everything loaded so far (SQLAlchemy, Bolt, templates) lives as long as the process:
        # move it out of the collector's reach so a full collection does not pause requests.
        gc.freeze()
        if http:
            secret = self.settings.slack_signing_secret
            assert secret, "HTTP needs SLACK_SIGNING_SECRET"
            served = edge_web_app(
                self.app,
                path=EVENTS_PATH,
                secret=secret,
                clock=self.clock,
                first=InboxMiddleware(svc).answer_first,
            )
            self._runner = web.AppRunner(served, access_log=None)
            await self._runner.setup()
            site = web.TCPSite(self._runner, host, port)
            await site.start()
            bound = self._runner.addresses[0]
            self.url = f"http://{bound[0]}:{bound[1]}{EVENTS_PATH}"
            logger.info("listening for Slack on %s", self.url)
        else:
            token = self.settings.slack_app_token
            assert token is not None, "Socket Mode needs SLACK_APP_TOKEN"
            self._socket = EdgeSocketModeHandler(
                self.app, app_token=token, web_client=make_client(self.settings, token=token)
            )
            await self._socket.connect_async()  # type: ignore[no-untyped-call]
            logger.info("connected to Slack in Socket Mode")

    async def release_dead_claims(self) -> int:
        """Give back the outbox and job claims of the dead process this one replaces
        (bot.jobs.workers says which), so its conversations go on now instead of after the
        lease; the sender looks those rows up in Slack before posting them again."""
        assert self.services is not None and self.storage is not None
        me = self.services.sender.worker

        def gone(worker: str) -> bool:
            return is_gone(worker, me=me)

        messages = await self.storage.release_outbox_claims(gone=gone)
        jobs = await self.storage.release_job_claims(gone=gone)
        if messages or jobs:
            logger.info("released %s outbox and %s job claims of a stopped process", messages, jobs)
        return messages + jobs

    async def recover(self, *, older_than: timedelta | None = None) -> int:
        """Handle events and clicks stored but never handled (a crash, a failed listener);
        returns how many."""
        assert self.services is not None and self.storage is not None
        handled = 0
        for event in await self.storage.pending_events(older_than=older_than):
            try:
                if event.kind in clicks.KINDS:
                    assert self.app is not None
                    await clicks.redrive(self.app, event)  # marked handled when it finishes
                else:
                    await handle_message_event(self.services, event)
                handled += 1
            except AlreadyHandled:
                continue
            except Exception:
                # A poison event must not be retried forever: park it where people can look.
                logger.exception("event %s failed again; marked failed", event.event_id)
                with contextlib.suppress(AlreadyHandled):
                    await self.storage.complete_event(event.id, status="failed")
        if handled:
            logger.info("recovered %s events stored before the last stop", handled)
        return handled

    async def _redrive(self) -> None:
        """Every minute, handle events a failed listener left behind (after they have aged)."""
        while True:
            await asyncio.sleep(REDRIVE_EVERY.total_seconds())
            try:
                await self.recover(older_than=REDRIVE_EVERY)
            except Exception:  # keep the loop alive through a database hiccup
                logger.exception("inbox re-drive failed")

    async def stop(self) -> None:
        """Stop listening, let the sender finish what it can, close everything."""
        if self._socket is not None:
            await self._socket.close_async()  # type: ignore[no-untyped-call]
        if self._runner is not None:
            await self._runner.cleanup()
        if self.services is not None:
            await self.services.background.drain()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.services.sender.drain(), timeout=5)
        for task in self._tasks:
            task.cancel()
        if self._tasks:
            # Bounded: a loop that swallowed its cancel must not hang the shutdown.
            _, stuck = await asyncio.wait(self._tasks, timeout=5)
            for task in stuck:
                logger.warning("task %s did not stop within 5 s of its cancel", task.get_name())
        if self._http is not None:
            await self._http.close()
        if self.storage is not None:
            await self.storage.close()

    async def __aenter__(self) -> BotRuntime:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()


def job_runner(svc: Services, *, worker: str | None = None) -> JobRunner:
    """The job loop with every handler, bound to these services."""

    def bind(run: Callable[[Services, JobRecord, datetime], Awaitable[JobResult]]) -> Handler:
        return lambda job, now: run(svc, job, now)

    handlers = {
        schedule.REMINDER: bind(timed.run_reminder),
        schedule.FOLLOW_UP: bind(timed.run_follow_up),
        schedule.STILL_HOLDS: bind(timed.run_still_holds),
        schedule.ROADMAP: bind(roadmap_duplicates.run_after_finish),
        DIGEST: bind(run_digest),
        metric_jobs.SWEEP: bind(metric_jobs.run_sweep),
        metric_jobs.CHECKIN: bind(metric_jobs.run_checkin),
        metric_jobs.REMINDER: bind(metric_jobs.run_reminder),
        shipped.ASK: bind(shipped.run_ask),
        review.REVIEW: bind(review.run_review),
    }
    return JobRunner(svc.storage, svc.clock, handlers, worker=worker, sent=svc.sender.wake)
