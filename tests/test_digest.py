"""The digest as data and as messages: confidential work only counts, big weeks are split."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.blocks.limits import MESSAGE_BLOCKS, SECTION_TEXT, check_message
from bot.blocks.reminders import build_digest
from bot.blocks.wording import load_slack_wording
from bot.digest import build_digest_view, digest_view, roadmap_themes
from bot.render import render_digest
from bot.roadmap.model import Candidate, Evidence
from bot.roadmap.service import Roadmap
from bot.settings import Settings
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


def evidence(n: int, *, person: int | None = None) -> Evidence:
    return Evidence(
        pain_point_id=n,
        interview_id=n,
        key="why.1.1",
        problem=PROBLEMS[n % len(PROBLEMS)],
        root_cause="",
        quote="words",
        stakeholder_id=person if person is not None else n,
        stakeholder=f"Person {person if person is not None else n}",
    )


def candidate(n: int, *items: Evidence) -> Candidate:
    return Candidate(id=n, team_id=1, problem=items[0].problem, root_cause="", evidence=items)


def test_a_theme_grows_when_a_merge_brings_a_second_stakeholder_this_week() -> None:
    old = pain(1, created_at=START - timedelta(days=30))
    found = data([old, pain(2), pain(3)], [])
    merged = candidate(5, evidence(1), evidence(2))  # two pain points, merged by a person
    themes = roadmap_themes([merged, candidate(6, evidence(3))], [], found)
    view = build_digest_view(found, week="W", themes=themes)
    (grown,) = view.grown
    assert (grown.stakeholders, grown.pain_points, grown.new_this_week) == (2, 2, 1)
    assert (grown.label, grown.candidate_id) == (merged.title, 5)
    assert view.top[0] == grown


def test_a_pending_suggestion_is_named_beside_a_theme_never_counted() -> None:
    found = data([pain(1), pain(2), pain(3)], [])
    themes = roadmap_themes(
        [candidate(5, evidence(1), evidence(2)), candidate(6, evidence(3))], [(6, 5)], found
    )
    assert [(t.candidate_id, t.stakeholders, t.maybe_same) for t in themes] == [
        (5, 2, (6,)),
        (6, 1, (5,)),
    ]
    text = render_digest(build_digest_view(found, week="W", themes=themes), "thread")
    assert "2 stakeholders, +2 this week (#5; maybe the same as #6, waiting for a decision)" in text


def test_the_same_stakeholder_twice_counts_once() -> None:
    found = data([pain(1, person=7), pain(2, person=7)], [])
    themes = roadmap_themes([candidate(5, evidence(1, person=7), evidence(2, person=7))], [], found)
    (theme,) = build_digest_view(found, week="W", themes=themes).top
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
    roadmap = Roadmap(storage, Settings(database_url="sqlite://"))
    await roadmap.sync(team)
    board = await roadmap.board(team)
    themes = roadmap_themes([r.candidate for r in board.ranked], [], found)
    view = build_digest_view(found, week="W", themes=themes)
    assert (view.completed, view.completed_confidential, view.new_confidential) == (2, 1, 1)
    (theme,) = view.top
    assert (theme.stakeholders, theme.pain_points) == (1, 1)
    assert "People" not in render_digest(view, "parent") + render_digest(view, "thread")


async def test_the_roadmap_and_the_digest_count_the_same_stakeholders_for_every_theme(
    db_url: str,
) -> None:
    clock = FakeClock(TUESDAY_1500_UTC)
    storage = await Storage.open(db_url, now=clock.now)
    await storage.upgrade()
    try:
        await _same_counts(storage)
    finally:
        await storage.close()


async def _same_counts(storage: Storage) -> None:
    team = await team_of(storage)
    close = "Closing the books takes ten working days each month."
    again = "Closing the books takes us ten working days every month, and we work late."
    other = "Two dashboards show different revenue for the same month."
    roadmap = Roadmap(storage, Settings(database_url="sqlite://"))
    for who, problem in (("Ann", close), ("Bob", other), ("Cy", close), ("Di", again)):
        await finished_interview(storage, team=team, stakeholder=who, pains=[(problem, "", "x")])
    await roadmap.sync(team)
    rows = {r.evidence[0].stakeholder: r.id for r in await storage.list_candidates(team_id=team)}
    await storage.merge_candidates(team_id=team, keep_id=rows["Ann"], merge_id=rows["Cy"], by="U")
    pending = await storage.pending_suggestions(team_id=team)
    assert {(s.candidate.id, s.other.id) for s in pending} == {(rows["Di"], rows["Ann"])}
    board = await roadmap.board(team)
    end = TUESDAY_1500_UTC + timedelta(days=1)
    view = await digest_view(storage, roadmap.settings, team_id=team, end=end, board=board)
    counted = {t.candidate_id: (t.stakeholders, t.maybe_same) for t in view.top}
    assert counted == {
        rows["Ann"]: (2, (rows["Di"],)),
        rows["Di"]: (1, (rows["Ann"],)),
        rows["Bob"]: (1, ()),
    }
    for ranked in board.ranked:  # the roadmap's own count, theme by theme
        assert counted[ranked.id][0] == ranked.candidate.reach
