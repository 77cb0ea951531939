"""`interview-bot interview`: the same flow in a terminal, for a facilitator taking live notes.

Reads one answer per line (a line ending in a backslash continues on the next one, so a why
answer can list several causes as bullet lines); commands start with a colon. Every step is
stored before the next question is shown, so stopping at any point loses nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import TextIO

from bot.flows.inputs import (
    Answer,
    Back,
    Confirm,
    Edit,
    Input,
    Pause,
    Resume,
    Retitle,
    RootCause,
    Skip,
    Start,
)
from bot.flows.path import answered_count
from bot.flows.script import Purpose, Script
from bot.flows.types import Say, SayKind
from bot.interviews import Interviews, Turn, state_of
from bot.render import render_say, render_summary
from bot.scripts import Messages, load_messages, load_scripts
from bot.settings import Settings
from storage import OPEN_STATUSES, Storage

LOCAL_TEAM = "LOCAL"
CORRECTION_HINT = "(:edit KEY answers a question again, KEY as shown in brackets; :ok confirms.)"
PLAYBACK_HINT = "(:title N text gives pain point N another title; :ok confirms.)"
HELP = """Commands (everything else is an answer):
  :skip          leave this question unanswered (on an 'another one?' question: move on)
  :back          answer the previous question again
  :root [text]   the cause being asked about is the root cause (with text: this answer is)
  :edit KEY      answer an earlier question again, e.g. :edit goal.1
  :pause         stop for now; run the same command later to resume
  :title N text  at the summary: give pain point N this title (the proposed ones are kept)
  :ok            the summary played back is right (words typed there ask for a change)
  :help          this list
End a line with \\ to continue the answer on the next line; in a why answer, lines that
start with '- ' are separate causes."""


class UnknownCommand(ValueError):
    """Raised by parse_line for `:word` that is no command; the terminal lists the commands
    and stores nothing."""


def parse_line(line: str) -> Input | None:
    """The flow input a terminal line means, or None for :help; UnknownCommand for `:foo`."""
    stripped = line.strip()
    if not stripped.startswith(":"):
        return Answer(line)
    command, _, rest = stripped[1:].partition(" ")
    command = command.lower()
    if command == "skip":
        return Skip()
    if command == "back":
        return Back()
    if command in ("root", "root_cause"):
        return RootCause(rest or None)
    if command == "pause":
        return Pause()
    if command == "resume":
        return Resume()
    if command == "edit":
        return Edit(rest.strip())
    if command == "start":
        return Start()
    if command == "title":
        number, _, title = rest.strip().partition(" ")
        # A number that is not one is pain point 0, which the flow refuses with a clear reply.
        return Retitle(int(number) if number.isascii() and number.isdigit() else 0, title)
    if command in ("ok", "confirm"):
        return Confirm("Looks right")
    if command == "help":
        return None
    if command.isascii() and command.replace("_", "").isalpha():
        raise UnknownCommand(command)
    return Answer(line)  # ":)" or "::" are answers, not unknown commands


async def read_answer(stream: TextIO) -> str | None:
    """One answer, joining lines that end with a backslash; None at end of input."""
    parts: list[str] = []
    while True:
        line = await asyncio.to_thread(stream.readline)
        if not line:
            return "\n".join(parts) if parts else None
        line = line.rstrip("\n").rstrip("\r")
        if line.endswith("\\"):
            parts.append(line[:-1])
            continue
        parts.append(line)
        return "\n".join(parts)


async def run(settings: Settings, args: argparse.Namespace) -> int:
    """Run (or resume) a terminal interview; returns the exit code."""
    scripts = load_scripts()
    messages = load_messages()
    storage = await Storage.open(settings.database_url)
    out = sys.stdout
    try:
        await storage.upgrade()
        interviews = Interviews(storage, scripts)
        purpose = Purpose(args.purpose)
        team = await storage.ensure_team(slack_team_id=LOCAL_TEAM, name="Terminal")
        facilitator = await storage.ensure_person(team_id=team, name=args.facilitator)
        stakeholder = await storage.ensure_person(team_id=team, name=args.stakeholder)
        open_ones = await storage.list_interviews(
            team_id=team,
            statuses=OPEN_STATUSES,
            stakeholder_id=stakeholder.id,
            purpose=purpose.value,
            mode="terminal",
        )
        script = scripts[purpose]
        if open_ones and not args.new:
            record = open_ones[-1]
            answered = answered_count(script, state_of(record))
            print(
                f"Resuming interview #{record.id} with {args.stakeholder} "
                f"({answered} answers so far).",
                file=out,
            )
            turn = await interviews.apply(
                record.id, Resume() if state_of(record).paused else Start()
            )
        else:
            turn = await interviews.start(
                team_id=team,
                purpose=purpose,
                facilitator=facilitator,
                stakeholder=stakeholder,
                mode="terminal",
            )
            print(
                f"Interview #{turn.interview_id}: {script.title} with {args.stakeholder}. "
                "Type :help for commands.",
                file=out,
            )
            _show(turn, script, messages, out)
            turn = await interviews.apply(turn.interview_id, Start())
        _show(turn, script, messages, out)
        while turn.status not in ("finished", "paused"):
            text = await read_answer(sys.stdin)
            if text is None:
                print(
                    f"\nStopped. Run the same command to resume interview #{turn.interview_id}.",
                    file=out,
                )
                return 0
            try:
                event = parse_line(text)
            except UnknownCommand as unknown:
                print(f":{unknown} is not a command; nothing was saved.\n{HELP}", file=out)
                continue
            if event is None:
                print(HELP, file=out)
                continue
            turn = await interviews.apply(turn.interview_id, event)
            summary = None
            if any(say.kind is SayKind.PLAYBACK for say in turn.says):
                # Play back what was heard (with the titles as they stand) before asking
                # whether it is right.
                summary = render_summary(await interviews.summary(turn.interview_id), "text")
            _show(turn, script, messages, out, summary)
        if turn.status == "finished":
            print(
                f"\nSaved as interview #{turn.interview_id}; "
                "`interview-bot export interviews --format md` prints it again.",
                file=out,
            )
        return 0
    finally:
        await storage.close()


def _show(
    turn: Turn, script: Script, messages: Messages, out: TextIO, summary: str | None = None
) -> None:
    for say in turn.says:
        if say.kind is SayKind.PLAYBACK and summary is not None:
            print("\n" + summary, file=out, flush=True)
        print(_format(say, script, messages), file=out, flush=True)
        if say.kind is SayKind.CORRECTION_REQUESTED:
            print(CORRECTION_HINT, file=out, flush=True)
        if say.kind is SayKind.PLAYBACK:
            print(PLAYBACK_HINT, file=out, flush=True)


def _format(say: Say, script: Script, messages: Messages) -> str:
    text = render_say(say, script=script, messages=messages, fmt="plain")
    key = say.question.key if say.question is not None else None
    return f"\n[{key}] {text}" if key else f"\n{text}"
