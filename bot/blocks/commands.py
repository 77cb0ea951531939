"""Parse the text after `/interview` into one command, or the reason it was not understood."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from bot.blocks.text import USER_ID
from bot.blocks.values import parse_id
from bot.flows.script import Purpose


class UsageReason(StrEnum):
    """Why a command was not understood; each has a sentence in slack.toml [usage]."""

    UNKNOWN_COMMAND = "unknown_command"
    EXTRA_WORDS = "extra_words"
    MISSING_ID = "missing_id"
    BAD_ID = "bad_id"
    MISSING_PERSON = "missing_person"
    NOT_A_PERSON = "not_a_person"
    MISSING_PURPOSE = "missing_purpose"
    UNKNOWN_PURPOSE = "unknown_purpose"
    MISSING_QUESTION = "missing_question"
    BAD_FORMAT = "bad_format"
    BAD_CHANNEL = "bad_channel"


@dataclass(frozen=True)
class OpenModal:
    """`/interview` alone: open the new-interview modal."""


@dataclass(frozen=True)
class Help:
    """`/interview help`."""


@dataclass(frozen=True)
class ListInterviews:
    """`/interview list`."""


@dataclass(frozen=True)
class Status:
    """`/interview status 12`."""

    interview_id: int


@dataclass(frozen=True)
class Cancel:
    """`/interview cancel 12`."""

    interview_id: int


@dataclass(frozen=True)
class Summary:
    """`/interview summary 12`."""

    interview_id: int


@dataclass(frozen=True)
class StartNow:
    """`/interview @someone purpose`: start without the modal."""

    user_id: str
    purpose: Purpose


@dataclass(frozen=True)
class FollowUp:
    """`/interview follow-up 12 question`: send a follow-up question after the interview."""

    interview_id: int
    question: str


@dataclass(frozen=True)
class DigestPreview:
    """`/interview digest preview`: this week's digest, to the requester only."""


@dataclass(frozen=True)
class ReviewPreview:
    """`/interview review preview`: the quarterly review as it would be sent now, to the
    requester only (nothing is kept)."""


@dataclass(frozen=True)
class Usage:
    """Anything else: reply with the reason and the help text."""

    reason: UsageReason


@dataclass(frozen=True)
class RoadmapShow:
    """`/interview roadmap` (the top candidates) or `/interview roadmap 12` (one, in a modal)."""

    candidate_id: int | None = None


@dataclass(frozen=True)
class RoadmapPost:
    """`/interview roadmap post #channel`: the top candidates, posted for everyone there."""

    channel: str


@dataclass(frozen=True)
class RoadmapPlan:
    """`/interview roadmap plan`."""


@dataclass(frozen=True)
class RoadmapDuplicates:
    """`/interview roadmap duplicates`."""


@dataclass(frozen=True)
class RoadmapExport:
    """`/interview roadmap export xlsx`: the sheet, uploaded to the requester's DM."""

    fmt: str


@dataclass(frozen=True)
class SizeRequest:
    """`/interview size 12 @engineer`."""

    candidate_id: int
    engineer: str


RoadmapCommand = (
    RoadmapShow | RoadmapPost | RoadmapPlan | RoadmapDuplicates | RoadmapExport | SizeRequest
)
"""The roadmap's sub-commands (run by bot/slack/roadmap_commands.py)."""

Command = (
    OpenModal
    | Help
    | ListInterviews
    | Status
    | Cancel
    | Summary
    | StartNow
    | FollowUp
    | DigestPreview
    | ReviewPreview
    | RoadmapCommand
    | Usage
)

# Slack escapes a mention as <@U123|name> or <@U123> when the command has should_escape set; the
# name part may hold spaces, so a mention is matched before the text is cut into words.
_MENTION = re.compile(r"<@([^|<>\s]*)(?:\|[^<>]*)?>")
_SPECIAL = re.compile(r"<[!#][^<>]*>")  # <!channel>, <!here>, <!subteam^…>, <#C123|general>
_BY_ID: dict[str, type[Status | Cancel | Summary]] = {
    "status": Status,
    "cancel": Cancel,
    "summary": Summary,
}
_PURPOSES = frozenset(p.value for p in Purpose)
FOLLOW_UP_MAX = 1000  # characters of a follow-up question
_ALONE: dict[str, Command] = {"help": Help(), "list": ListInterviews()}


def parse_command_text(text: str) -> Command:
    """The command in `/interview`'s text; never raises."""
    text = text.strip() if isinstance(text, str) else ""
    if not text:
        return OpenModal()
    if text.startswith("<"):
        return _start_now(text)
    verb, *rest = text.split()
    verb = verb.lower()
    if verb == "roadmap":
        return _roadmap(rest)
    if verb == "size":
        return _size(text)
    if verb == "digest":
        return (
            DigestPreview()
            if [w.lower() for w in rest] == ["preview"]
            else Usage(UsageReason.UNKNOWN_COMMAND)
        )
    if verb == "review":
        return (
            ReviewPreview()
            if [w.lower() for w in rest] == ["preview"]
            else Usage(UsageReason.UNKNOWN_COMMAND)
        )
    if verb in ("follow-up", "followup", "follow_up"):
        return _follow_up(text)
    if verb in _ALONE:
        return Usage(UsageReason.EXTRA_WORDS) if rest else _ALONE[verb]
    if verb in _BY_ID:
        if not rest:
            return Usage(UsageReason.MISSING_ID)
        if len(rest) > 1:
            return Usage(UsageReason.EXTRA_WORDS)
        try:
            return _BY_ID[verb](parse_id(rest[0].removeprefix("#")))
        except ValueError:
            return Usage(UsageReason.BAD_ID)
    if verb.startswith("@") or _SPECIAL.search(text):
        return Usage(UsageReason.NOT_A_PERSON)
    if _purpose(verb) is not None:
        return Usage(UsageReason.MISSING_PERSON)
    return Usage(UsageReason.UNKNOWN_COMMAND)


_CHANNEL = re.compile(r"<#([CG][A-Z0-9]{2,31})(?:\|[^<>]*)?>")
EXPORT_FORMATS = ("csv", "xlsx", "md", "json")


def _roadmap(words: list[str]) -> Command:
    """`roadmap`, `roadmap 12`, `roadmap plan`, `roadmap duplicates`, `roadmap post #channel`,
    `roadmap export xlsx`."""
    if not words:
        return RoadmapShow()
    action, *more = words
    action = action.lower()
    if action in ("plan", "duplicates"):
        if more:
            return Usage(UsageReason.EXTRA_WORDS)
        return RoadmapPlan() if action == "plan" else RoadmapDuplicates()
    if action == "post":
        found = _CHANNEL.fullmatch(more[0]) if len(more) == 1 else None
        return RoadmapPost(found.group(1)) if found else Usage(UsageReason.BAD_CHANNEL)
    if action == "export":
        fmt = more[0].lower().lstrip(".") if len(more) == 1 else ""
        return RoadmapExport(fmt) if fmt in EXPORT_FORMATS else Usage(UsageReason.BAD_FORMAT)
    try:
        candidate_id = parse_id(action.removeprefix("#"))
    except ValueError:
        return Usage(UsageReason.UNKNOWN_COMMAND)
    return Usage(UsageReason.EXTRA_WORDS) if more else RoadmapShow(candidate_id)


def _size(text: str) -> Command:
    """`size 12 @engineer`: ask an engineer to size a roadmap candidate."""
    words = text.split(None, 2)
    if len(words) < 2:
        return Usage(UsageReason.MISSING_ID)
    try:
        candidate_id = parse_id(words[1].removeprefix("#"))
    except ValueError:
        return Usage(UsageReason.BAD_ID)
    rest = words[2].strip() if len(words) == 3 else ""
    if not rest:
        return Usage(UsageReason.MISSING_PERSON)
    found = _MENTION.fullmatch(rest)
    if found is None or not USER_ID.fullmatch(found.group(1)):
        return Usage(UsageReason.NOT_A_PERSON)
    return SizeRequest(candidate_id, found.group(1))


def _follow_up(text: str) -> Command:
    """`follow-up 12 What changed since?`: the question is kept as typed."""
    parts = text.split(None, 2)
    if len(parts) < 2:
        return Usage(UsageReason.MISSING_ID)
    try:
        interview_id = parse_id(parts[1].removeprefix("#"))
    except ValueError:
        return Usage(UsageReason.BAD_ID)
    question = parts[2].strip() if len(parts) == 3 else ""
    if not question or len(question) > FOLLOW_UP_MAX:
        return Usage(UsageReason.MISSING_QUESTION)
    return FollowUp(interview_id, question)


def _start_now(text: str) -> Command:
    found = _MENTION.match(text)
    if found is None or not USER_ID.fullmatch(found.group(1)):
        return Usage(UsageReason.NOT_A_PERSON)
    words = text[found.end() :].split()
    if not words:
        return Usage(UsageReason.MISSING_PURPOSE)
    if _MENTION.match(words[0]) or _SPECIAL.match(words[0]):
        return Usage(UsageReason.NOT_A_PERSON)
    purpose = _purpose(words[0])
    if purpose is None:
        return Usage(UsageReason.UNKNOWN_PURPOSE)
    if len(words) > 1:
        return Usage(UsageReason.EXTRA_WORDS)
    return StartNow(found.group(1), purpose)


def _purpose(word: str) -> Purpose | None:
    """A purpose by its name, in any case, with - or _ between words."""
    name = word.lower().replace("-", "_")
    return Purpose(name) if name in _PURPOSES else None
