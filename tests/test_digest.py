"""The digest as data and as messages: confidential work only counts, big weeks are split."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.blocks.limits import MESSAGE_BLOCKS, SECTION_TEXT, check_message
from bot.blocks.reminders import build_digest
from bot.blocks.wording import load_slack_wording
from bot.digest import build_digest_view
from bot.render import render_digest
from storage import DigestData, InterviewRow, PainPointRecord, Storage
from tests.clock import TUESDAY_1500_UTC, FakeClock
from tests.test_roadmap_factories import finished_interview, team_of

END = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
PROBLEMS = [
    "Invoices are matched by hand",
    "Leads get lost between marketing and sales",
    "Forecasts are always wrong",
    "Nobody knows which customers are at risk",
    "Month-end close takes ten days",
]
START = END - timedelta(days=7)


def pain(
    n: int, *, confidential: bool = False, person: int | None = None, **kw: object
) -> PainPointRecord:
    values: dict[str, object] = {
        "id": n,
        "interview_id": n,
        "key": f"why.1.{n}",
        "problem": PROBLEMS[n % len(PROBLEMS)] + ("" if n < len(PROBLEMS) else f" (case {n})"),
        "root_cause": f"Cause {n}",
        "evidence": "words",
        "confidential": confidential,
        "stakeholder": f"U{n}",
        "stakeholder_person_id": person if person is not None else n,
        "department": None,
        "created_at": END - timedelta(days=1),
    }
    values.update(kw)
    return PainPointRecord(**values)  # type: ignore[arg-type]


def row(n: int, *, confidential: bool = False) -> InterviewRow:
    return InterviewRow(n, "pain_points", "dm", "finished", confidential, "UF", f"U{n}", END)


def data(points: list[PainPointRecord], completed: list[InterviewRow]) -> DigestData:
    return DigestData(START, END, tuple(completed), tuple(points), 2, (("Sales", 3), ("", 1)))


def test_confidential_interviews_are_counted_never_quoted() -> None:
    secret = pain(2, confidential=True, problem="Secret layoffs <!channel>")
    view = build_digest_view(data([pain(1), secret], [row(1), row(2, confidential=True)]), week="W")
    assert (view.completed, view.completed_confidential, view.new_confidential) == (2, 1, 1)
    text = render_digest(view, "parent") + render_digest(view, "thread")
    assert "Secret layoffs" not in text and PROBLEMS[1] in text
    assert "unknown: 1" in text and "Sales: 3" in text


def test_a_theme_grows_when_a_second_stakeholder_raises_it_this_week() -> None:
    old = pain(1, problem="Leads get lost between tools", created_at=START - timedelta(days=30))
    new = pain(2, problem="Leads get lost between our tools")
    view = build_digest_view(data([old, new, pain(3)], []), week="W")
    (grown,) = view.grown
    assert (grown.stakeholders, grown.pain_points, grown.new_this_week) == (2, 2, 1)
    assert view.top[0] == grown


def test_the_same_stakeholder_twice_counts_once() -> None:
    points = [pain(1, person=7), pain(2, person=7, problem=PROBLEMS[1])]
    (theme,) = build_digest_view(data(points, []), week="W").top
    assert (theme.stakeholders, theme.pain_points) == (1, 2)


def test_a_quiet_week_says_so() -> None:
    view = build_digest_view(data([], []), week="2026-W49")
    assert view.is_quiet and "A quiet week" in render_digest(view, "parent")


def test_a_huge_week_is_split_into_thread_messages_within_slacks_limits() -> None:
    long = "x" * 2500
    points = [
        pain(n, problem=f"{n} {long}", root_cause=f"{n} <@U1> {{{{ 7*7 }}}} {long}")
        for n in range(300)
    ]
    view = build_digest_view(data(points, [row(1)]), week="2026-W49")
    parent, replies = build_digest(
        week=view.week,
        parent_mrkdwn=render_digest(view, "parent"),
        thread_mrkdwn=render_digest(view, "thread"),
        wording=load_slack_wording(),
    )
    assert len(replies) > 2
    for message in [parent, *replies]:
        check_message(message["text"], message["blocks"])
        assert len(message["blocks"]) <= MESSAGE_BLOCKS
        assert all(len(b["text"]["text"]) <= SECTION_TEXT for b in message["blocks"])
    everything = str(replies)
    assert "<@U1>" not in everything and "&lt;@U1&gt;" in everything
    assert "{{ 7*7 }}" in everything  # user text is data, never a template
    assert "x" * 100 not in everything.split("root cause")[0]  # a new pain point shows its title


async def test_confidential_interviews_stay_out_of_coverage_themes_and_stakeholder_counts(
    db_url: str,
) -> None:
    clock = FakeClock(TUESDAY_1500_UTC)  # the stamps and the window read one fixed time
    storage = await Storage.open(db_url, now=clock.now)
    await storage.upgrade()
    try:
        await _confidential_stay_out(storage)
    finally:
        await storage.close()


async def _confidential_stay_out(storage: Storage) -> None:
    team = await team_of(storage)
    leads = ("Leads get lost between marketing and sales", "Nobody owns the hand-off", "ten")
    await finished_interview(
        storage, team=team, stakeholder="Ann", pains=[leads], department="Sales"
    )
    await finished_interview(
        storage, team=team, stakeholder="Pat", pains=[leads], department="People", confidential=True
    )
    end = TUESDAY_1500_UTC + timedelta(days=1)
    found = await storage.digest_data(team_id=team, start=end - timedelta(days=7), end=end)
    assert found.coverage == (("Sales", 1),)  # "People: 1" would name the confidential one
    view = build_digest_view(found, week="W")
    assert (view.completed, view.completed_confidential, view.new_confidential) == (2, 1, 1)
    (theme,) = view.top
    assert (theme.stakeholders, theme.pain_points) == (1, 1)
    assert "People" not in render_digest(view, "parent") + render_digest(view, "thread")
