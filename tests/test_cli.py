"""The command line end to end: a piped terminal interview, resume, export from a second process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.render import escape_markdown
from bot.scripts import load_script

CAUSE_A, CAUSE_B = "Reps copy data between tools", "Finance closes the books late"


def cli(
    *args: str, stdin: str = "", cwd: Path, db: str, log_level: str = "WARNING"
) -> subprocess.CompletedProcess[str]:
    """Run `interview-bot` as a separate process, the way a user does."""
    env = {**os.environ, "DATABASE_URL": db, "LOG_LEVEL": log_level}
    return subprocess.run(
        [sys.executable, "-m", "bot.cli.main", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=60,
        check=False,
    )


def pain_points_session() -> list[str]:
    """Answers for a whole pain-points interview, following the shipped script's structure."""
    script = load_script("pain_points")
    goal = ["Grow revenue 20% this year", *[f"goal detail {d.key}" for d in script.goals.details]]
    lines = [*goal, ":skip"]
    # Obstacle 1: a why chain ended early by the root-cause input at the third level.
    lines += ["Leads get lost <!channel>", *[f"o1 {d.key}" for d in script.obstacles.details]]
    lines += ["The CRM is updated by hand", "Nobody owns the CRM {{ 7*7 }}", ":root"]
    # Obstacle 2: one answer names two causes (bullets), each followed on its own.
    lines += ["Forecasts are always wrong", *[f"o2 {d.key}" for d in script.obstacles.details]]
    lines += [f"- {CAUSE_A}\\", f"- {CAUSE_B}", ":root", "Month-end takes 10 days", ":root"]
    lines += [":skip"]  # no third obstacle
    lines += [f"extra {e.key} 🚀 مرحبا" for e in script.extras]
    lines += [":ok"]  # words typed at the playback would ask for a change instead
    return lines


@pytest.fixture
def db(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path}/cli.db"


def test_piped_interview_is_stored_and_exported_by_another_process(tmp_path: Path, db: str) -> None:
    run = cli(
        "interview",
        "--purpose",
        "pain_points",
        "--stakeholder",
        "Head of Sales",
        stdin="\n".join(pain_points_session()) + "\n",
        cwd=tmp_path,
        db=db,
    )
    assert run.returncode == 0, run.stderr
    assert "Thank you" in run.stdout  # the closing
    assert "Traceback" not in run.stderr

    exported = cli("export", "interviews", "--format", "json", cwd=tmp_path, db=db)
    assert exported.returncode == 0, exported.stderr
    (interview,) = json.loads(exported.stdout)["interviews"]
    assert interview["status"] == "finished" and interview["stakeholder"]["name"] == "Head of Sales"
    texts = {a["key"]: a["text"] for a in interview["answers"]}
    assert texts["obstacle.1"] == "Leads get lost <!channel>"
    assert texts["why.1.1"] == "Nobody owns the CRM {{ 7*7 }}"
    assert texts["why.2"] == f"- {CAUSE_A}\n- {CAUSE_B}"
    assert "why.1.1.1" not in texts  # the chain ended at the root-cause input
    summary = interview["summary"]
    roots = [r["text"] for o in summary["obstacles"] for r in o["root_causes"]]
    assert roots == ["Nobody owns the CRM {{ 7*7 }}", CAUSE_A, "Month-end takes 10 days"]

    markdown = cli("export", "interviews", "--format", "md", cwd=tmp_path, db=db)
    assert markdown.returncode == 0, markdown.stderr
    for answer in texts.values():
        for line in answer.splitlines():
            assert escape_markdown(line.lstrip("- ")) in markdown.stdout, line
    assert "<!channel>" not in markdown.stdout and "49" not in markdown.stdout


def test_stopping_midway_then_running_again_resumes(tmp_path: Path, db: str) -> None:
    args = ("interview", "--purpose", "goals_obstacles", "--stakeholder", "CFO")
    first = cli(*args, stdin="Cut costs\n", cwd=tmp_path, db=db)
    assert first.returncode == 0 and "resume" in first.stdout
    second = cli(*args, stdin="", cwd=tmp_path, db=db)
    assert "Resuming interview #1" in second.stdout and "1 answers so far" in second.stdout
    fresh = cli(*args, "--new", stdin="", cwd=tmp_path, db=db)
    assert "Interview #2" in fresh.stdout


def test_pause_stops_and_resume_continues(tmp_path: Path, db: str) -> None:
    args = ("interview", "--purpose", "operations", "--stakeholder", "Ops lead")
    paused = cli(*args, stdin="Ship orders fast\n:pause\nnever read\n", cwd=tmp_path, db=db)
    assert paused.returncode == 0 and "Paused" in paused.stdout
    resumed = cli(*args, stdin="", cwd=tmp_path, db=db)
    assert "Welcome back" in resumed.stdout


def test_text_at_the_playback_asks_what_to_change_until_ok_in_the_terminal(
    tmp_path: Path, db: str
) -> None:
    args = ("interview", "--purpose", "pain_points", "--stakeholder", "COO")
    script = load_script("pain_points")
    lines = ["Grow", *["detail"] * len(script.goals.details), ":skip", ":skip"]
    lines += [":skip"] * len(script.extras)
    lines += ["The goal is wrong", ":edit goal.1", "Grow 30%", ":ok"]
    run = cli(*args, stdin="\n".join(lines) + "\n", cwd=tmp_path, db=db)
    assert run.returncode == 0, run.stderr
    asked, _, rest = run.stdout.partition("What should I change?")
    assert rest and ":edit KEY" in rest and "Saved as interview #1" in rest
    assert "Saved as interview" not in asked  # the typed words did not close it
    exported = cli("export", "interviews", "--format", "json", cwd=tmp_path, db=db)
    (interview,) = json.loads(exported.stdout)["interviews"]
    texts = {a["key"]: a["text"] for a in interview["answers"]}
    assert interview["status"] == "finished"
    assert (texts["goal.1"], texts["note.1"]) == ("Grow 30%", "The goal is wrong")


def test_back_at_a_why_asks_that_why_again_in_the_terminal(tmp_path: Path, db: str) -> None:
    args = ("interview", "--purpose", "pain_points", "--stakeholder", "CTO")
    script = load_script("pain_points")
    lines = ["Grow", *["detail"] * len(script.goals.details), ":skip"]
    lines += ["Deploys fail", *["detail"] * len(script.obstacles.details)]
    lines += ["Tests are flaky", ":back", "No test budget"]
    run = cli(*args, stdin="\n".join(lines) + "\n", cwd=tmp_path, db=db)
    assert run.returncode == 0, run.stderr
    assert run.stdout.count("[why.1] ") == 2  # asked, then asked again after :back
    assert run.stdout.rstrip().endswith("Run the same command to resume interview #1.")
    assert f"> No test budget\n{script.whys[1]}" in run.stdout  # the chain follows the new answer
    exported = cli("export", "interviews", "--format", "json", cwd=tmp_path, db=db)
    (interview,) = json.loads(exported.stdout)["interviews"]
    texts = {a["key"]: a["text"] for a in interview["answers"]}
    assert texts["why.1"] == "No test budget"


def test_unreachable_database_is_one_line_and_nonzero(tmp_path: Path) -> None:
    run = cli(
        "export",
        "interviews",
        "--format",
        "json",
        cwd=tmp_path,
        db="postgresql://nobody@127.0.0.1:1/none",
    )
    assert run.returncode == 3
    assert "cannot reach the database" in run.stderr and "Traceback" not in run.stderr


def test_bad_settings_are_listed_together(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("SLACK_BOT_TOKEN=nope\nSLACK_API_URL=ftp://x\n")
    run = cli(
        "--env-file",
        str(env_file),
        "db",
        "upgrade",
        cwd=tmp_path,
        db="mysql://x/y",
        log_level="LOUD",
    )
    assert run.returncode == 2
    for name in ("DATABASE_URL", "SLACK_BOT_TOKEN", "SLACK_API_URL", "LOG_LEVEL"):
        assert name in run.stderr


def test_db_upgrade_creates_the_sqlite_file(tmp_path: Path, db: str) -> None:
    run = cli("db", "upgrade", cwd=tmp_path, db=db)
    assert run.returncode == 0 and "up to date" in run.stdout
    assert (tmp_path / "cli.db").exists()


def test_demo_data_then_digest_dry_run_prints_it_and_draws_the_chart(
    tmp_path: Path, db: str
) -> None:
    seeded = cli("demo-data", cwd=tmp_path, db=db)
    assert seeded.returncode == 0, seeded.stderr
    assert cli("demo-data", cwd=tmp_path, db=db).returncode == 1  # never seeded twice
    chart, metrics = tmp_path / "chart.png", tmp_path / "metrics.png"
    args = ("--chart", str(chart), "--metrics-chart", str(metrics))
    digest = cli("digest", "--dry-run", *args, cwd=tmp_path, db=db)
    assert digest.returncode == 0, digest.stderr
    assert "Interviews completed: *4* (1 confidential)" in digest.stdout
    assert "Recurring themes that grew: *1*" in digest.stdout
    assert "1 from confidential interviews" in digest.stdout
    assert "Attrition" not in digest.stdout  # the confidential interview's words stay out
    assert "Top roadmap candidates by priority" in digest.stdout
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert metrics.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"  # the demo's metrics, charted
    assert not digest.stderr.replace("(chart written to", "").count("INFO")  # no drawing noise


def test_review_dry_run_prints_the_quarterly_review_and_keeps_nothing(
    tmp_path: Path, db: str
) -> None:
    assert cli("demo-data", cwd=tmp_path, db=db).returncode == 0
    review = cli("review", "--dry-run", cwd=tmp_path, db=db)
    assert review.returncode == 0, review.stderr
    text = review.stdout
    assert "*Quarterly review · 20" in text
    assert "• Support chats linked to a CRM account (#1 Leads get lost" in text  # missed
    themes = text.partition("*New themes since ")[2].partition("\n\n")[0]
    assert "• #1 Leads get lost between marketing and sales: 2 stakeholders" in themes
    assert "Attrition" not in text  # the confidential interview's words stay out
    assert "• No earlier plan was kept." in text  # and a preview keeps none
    again = cli("review", "--dry-run", cwd=tmp_path, db=db)
    assert "• No earlier plan was kept." in again.stdout
    unknown = cli("review", "--dry-run", "--team", "TNOPE", cwd=tmp_path, db=db)
    assert unknown.returncode != 0 and "no team TNOPE" in unknown.stderr


def test_an_unknown_terminal_command_is_refused_with_the_list_and_stores_nothing(
    tmp_path: Path, db: str
) -> None:
    args = ("interview", "--purpose", "pain_points", "--stakeholder", "Ops lead")
    run = cli(*args, stdin=":foo\n:done\nShip orders fast\n:) fine\n", cwd=tmp_path, db=db)
    assert run.returncode == 0, run.stderr
    assert ":foo is not a command; nothing was saved." in run.stdout
    assert ":done is not a command" in run.stdout and ":skip " in run.stdout  # the list follows
    exported = cli("export", "interviews", "--format", "json", cwd=tmp_path, db=db)
    (interview,) = json.loads(exported.stdout)["interviews"]
    texts = [a["text"] for a in interview["answers"]]
    assert texts[:2] == ["Ship orders fast", ":) fine"]  # a smiley is still an answer
    assert not any(t.startswith((":foo", ":done")) for t in texts)


def test_parse_line_tells_commands_answers_and_unknown_commands_apart() -> None:
    from bot.cli.terminal import UnknownCommand, parse_line
    from bot.flows.inputs import Answer, Back, Skip

    assert parse_line(":skip") == Skip() and parse_line("  :BACK ") == Back()
    assert parse_line("::") == Answer("::") and parse_line(":-)") == Answer(":-)")
    assert parse_line("the :foo flag") == Answer("the :foo flag")
    with pytest.raises(UnknownCommand):
        parse_line(":foo bar")


def test_the_interview_export_leaves_confidential_interviews_out_unless_asked(
    tmp_path: Path, db: str
) -> None:
    assert cli("demo-data", cwd=tmp_path, db=db).returncode == 0
    plain = cli("export", "interviews", "--format", "json", cwd=tmp_path, db=db)
    assert plain.returncode == 0, plain.stderr
    kept = json.loads(plain.stdout)["interviews"]
    assert len(kept) == 3 and not any(i["confidential"] for i in kept)
    assert "left out 1 confidential interview(s); --include-confidential" in plain.stderr
    md = cli("export", "interviews", "--format", "md", "--id", "4", cwd=tmp_path, db=db)
    assert md.stdout == "_No interviews yet._\n" and "left out 1 confidential" in md.stderr
    full = cli(
        "export", "interviews", "--format", "json", "--include-confidential", cwd=tmp_path, db=db
    )
    everything = json.loads(full.stdout)["interviews"]
    assert len(everything) == 4 and [i["id"] for i in everything if i["confidential"]] == [4]
    assert "left out" not in full.stderr


def realistic_session() -> list[str]:
    """A sales leader's interview as typed: a goal with its measure, one obstacle with two causes
    (the second followed after the first reaches its root), what was tried and a magic wand."""
    return [
        "Close every quarter's forecast within 5% of actuals, so the board can trust our numbers.",
        "Forecast accuracy: the gap between committed forecast and booked revenue",
        ":skip",  # no second goal
        "Our forecast is unreliable. Twice this year we missed the commit by more than 15% and "
        "only found out in the last week of the quarter.",
        "Every quarter; last time it cost a board escalation and two weeks of rework by hand.",
        "Finance, the board, and customer success who plan renewals from it.",
        "- Reps update deal stages whenever they remember\\",
        "- Stage definitions are fuzzy",
        "Nobody checks the CRM between pipeline reviews",
        ":root",
        "Each team wrote its own definition years ago",
        ":root",
        ":skip",  # no second obstacle
        "A spreadsheet that pulls the CRM weekly, abandoned after a month.",
        ":skip",  # fix first
        "A single view of open deals that flags any stage not updated for 14 days.",
        ":title 1 Quarter's forecast found wrong too late",
        ":ok",
    ]


def test_a_realistic_terminal_interview_summarises_titles_and_drafts_fields(
    tmp_path: Path, db: str
) -> None:
    run = cli(
        "interview",
        "--purpose",
        "pain_points",
        "--stakeholder",
        "Marcus Bell",
        stdin="\n".join(realistic_session()) + "\n",
        cwd=tmp_path,
        db=db,
    )
    assert run.returncode == 0, run.stderr
    out = run.stdout
    # The five whys say how deep they are, and bridge back to the second cause.
    assert "(Five whys · why 2 of 5)" in out and "(Five whys · why 3 of 5)" in out
    assert "Five whys · 6 answered" not in out and "why 4 of 5" not in out
    assert 'Now back to "Stage definitions are fuzzy".' in out
    # The playback starts with a short summary; the title is the one proposed.
    first, second = out.split("[playback]")[0], out.split("[playback]")[1]
    start = first.index("Surface pain points with Marcus Bell · interview")
    head = first[start:].splitlines()[:5]
    assert head == [
        "Surface pain points with Marcus Bell · interview #1",
        "Main goal: Close every quarter's forecast within 5% of actuals, so the board can trust "
        "our numbers.",
        "1. Our forecast is unreliable · root causes: Nobody checks the CRM between pipeline "
        "reviews; Each team wrote its own definition years ago",
        "-" * 40,
        "Goals",
    ]
    details = first[start:]
    for internal in ("pain_points", "script v", "Status", "##", "**", "How would you measure"):
        assert internal not in details, internal
    assert "Measured by: Forecast accuracy" in details  # the label, not the question again
    # In the terminal the facilitator takes the notes: the root causes are theirs to mark.
    assert "marked by the facilitator" in details and "marked by the stakeholder" not in details
    assert details.count("Our forecast is unreliable") == 3  # title line, detail header, text
    # After :title the summary is played back with the stakeholder's title.
    assert "Thank you, I've changed that title." in second
    assert "1. Quarter's forecast found wrong too late · root causes:" in second

    exported = cli("export", "roadmap", "--format", "json", cwd=tmp_path, db=db)
    assert exported.returncode == 0, exported.stderr
    rows = json.loads(exported.stdout)
    rows = rows["rows"] if isinstance(rows, dict) else rows
    assert [r["root_cause"] for r in rows] == [
        "Nobody checks the CRM between pipeline reviews",
        "Each team wrote its own definition years ago",
    ]
    assert [r["title"] for r in rows] == [  # two causes of one obstacle, told apart
        "Quarter's forecast found wrong too late: nobody checks the CRM between…",
        "Quarter's forecast found wrong too late: each team wrote its own definition…",
    ]
    for row in rows:
        assert row["potential_solution"] == (
            "Already tried: A spreadsheet that pulls the CRM weekly, abandoned after a month.\n"
            "With a magic wand: A single view of open deals that flags any stage not updated "
            "for 14 days."
        )
        assert row["justification"].startswith("Every quarter; last time it cost a board")
        assert row["teams_affected"].startswith("Finance, the board")
        assert (
            row["metric"]
            == "Forecast accuracy: the gap between committed forecast and booked revenue"
        )


def test_an_operations_interview_walks_four_steps_and_two_painful_ones_get_their_whys(
    tmp_path: Path, db: str
) -> None:
    steps = [
        ["A visitor fills in the demo form", "Nobody", "HubSpot", "The SDR queue", ":skip"],
        ["An SDR calls the lead", "SDRs", "Aircall", "An account executive"],
        ["The account executive sends a quote", "AEs", "A spreadsheet", "Finance"],
        ["Finance books the contract", "Finance", "NetSuite", "Nobody", ":skip"],
    ]
    lines = ["Inbound lead to signed contract", "Weekly conversion", ":skip"]
    lines += [*steps[0], *steps[1]]
    lines += ["Leads wait two days for a call", "SDRs see new leads once a day", ":root"]
    lines += steps[2]
    lines += ["Quotes carry wrong prices", "Prices live in three spreadsheets", ":root"]
    lines += [*steps[3], ":skip", ":skip", ":skip", ":skip", ":skip", ":ok"]
    run = cli(
        "interview",
        "--purpose",
        "operations",
        "--stakeholder",
        "Sofia",
        stdin="\n".join(lines) + "\n",
        cwd=tmp_path,
        db=db,
    )
    assert run.returncode == 0, run.stderr
    summary = run.stdout.split("[playback]")[0]
    flow = summary[summary.index("The journey, step by step") :]
    assert [flow.index(f"{n}. ") for n in range(1, 5)] == sorted(
        flow.index(f"{n}. ") for n in range(1, 5)
    )
    assert "2. [goes wrong] An SDR calls the lead" in flow
    assert "3. [goes wrong] The account executive sends a quote" in flow
    assert "1. A visitor fills in the demo form" in flow and "4. Finance books the contract" in flow
    exported = cli("export", "interviews", "--format", "json", cwd=tmp_path, db=db)
    (interview,) = json.loads(exported.stdout)["interviews"]
    obstacles = interview["summary"]["obstacles"]
    assert [(o["step"], o["text"]) for o in obstacles] == [
        (2, "Leads wait two days for a call"),
        (3, "Quotes carry wrong prices"),
    ]
    assert [[w["cause"] for w in o["whys"]] for o in obstacles] == [
        ["SDRs see new leads once a day"],
        ["Prices live in three spreadsheets"],
    ]
