"""Render interview summaries and bot replies from the Jinja templates in prompts/templates."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, Literal

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from bot.flows.script import Script
from bot.flows.summary import InterviewSummary, WhyNode
from bot.flows.titles import cut, title_of
from bot.flows.types import Say
from bot.scripts import Messages
from prompts import TEMPLATES_DIR

_BACKTICKS = re.compile(r"`{3,}")
_MD_BLOCK_START = re.compile(r"[#\-+=]")
_MD_ORDERED = re.compile(r"(\d{1,9})([.)])")
# Markdown reads these anywhere in a line (emphasis, code, links, HTML, tables, strikethrough).
_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")


def escape_mrkdwn(text: str) -> str:
    """Escape the three characters Slack reads as markup (`&` first, so none is escaped twice)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape_markdown(text: str) -> str:
    """Text Markdown shows as typed: inline markup and entities backslash-escaped, and no block
    (heading, list, rule, quote) can start where the text starts."""
    text = _MD_ENTITY.sub(r"\\&", _MD_INLINE.sub(_md_escape_one, text))
    return _md_block_safe(text)


def _md_escape_one(found: re.Match[str]) -> str:
    """A backslash before one markup character; an underscore inside a word (pain_points) is
    never emphasis in Markdown, so it stays as typed."""
    text, at = found.string, found.start()
    inside_word = 0 < at < len(text) - 1 and text[at - 1].isalnum() and text[at + 1].isalnum()
    return "_" if found.group() == "_" and inside_word else "\\" + found.group()


SummaryFormat = Literal["mrkdwn", "md", "text"]


TEXT_DIVIDER = "-" * 40
"""What separates a summary's first lines from its details in a terminal."""


def render_summary_parts(summary: InterviewSummary, fmt: SummaryFormat) -> tuple[str, str]:
    """An interview summary's first lines (at most five) and its details, apart: in Slack a
    divider goes between them. Slack mrkdwn, a Markdown document, or plain text for a terminal
    (Slack's layout without its markup, user text printed as typed)."""
    if fmt == "md":
        marks: dict[str, str] = {}
        env, kind = MD_ENV, "md"
    else:
        marks = {"b": "*", "i": "_"} if fmt == "mrkdwn" else {"b": "", "i": ""}
        env, kind = (ENV if fmt == "mrkdwn" else PLAIN_ENV), "mrkdwn"
    short = env.get_template(f"summary_short.{kind}.j2").render(summary=summary, **marks)
    details = env.get_template(f"summary.{kind}.j2").render(summary=summary, **marks)
    return short.strip("\n"), details.strip("\n")


def render_summary(summary: InterviewSummary, fmt: SummaryFormat) -> str:
    """An interview summary whole: its first lines, a divider, then the details."""
    short, details = render_summary_parts(summary, fmt)
    if not details:
        return short + "\n"
    divider = {"md": "\n---\n", "text": TEXT_DIVIDER, "mrkdwn": ""}[fmt]
    return f"{short}\n{divider}\n{details}\n"


def render_say(
    say: Say, *, script: Script, messages: Messages, fmt: Literal["mrkdwn", "plain"]
) -> str:
    """Render one interview reply for Slack (mrkdwn) or a terminal (plain), no final newline."""
    env = ENV if fmt == "mrkdwn" else PLAIN_ENV
    text = env.get_template(f"say.{fmt}.j2").render(say=say, script=script, messages=messages)
    return text.removesuffix("\n")


def _lines(text: str) -> list[str]:
    """User text as lines (every Unicode line break counts); empty text is one empty line."""
    return text.splitlines() or [""]


def _slack_lines(text: str) -> list[str]:
    """Lines for Slack: a run of backticks cannot open a code block that swallows the layout."""
    return [_BACKTICKS.sub(lambda m: "\u200b".join(m.group()), line) for line in _lines(text)]


def _md_block_safe(line: str) -> str:
    """A line that cannot start a heading, list, rule or setext underline (inline markup, quotes
    and tables are escaped by `escape_markdown` before this runs)."""
    if _MD_BLOCK_START.match(line):
        return "\\" + line
    return _MD_ORDERED.sub(r"\1\\\2", line, count=1) if _MD_ORDERED.match(line) else line


def _md_lines(text: str) -> list[str]:
    """User text as Markdown lines, each printed where a block could start."""
    return [line.lstrip() for line in _lines(text)]


def _joined(lines: list[str]) -> str:
    return " ".join(line.strip() for line in lines if line.strip())


def _inline(text: str) -> str:
    """User text for a one-line Slack field: line breaks become spaces."""
    return _joined(_slack_lines(text))


def _md_inline(text: str) -> str:
    """User text for a one-line Markdown field."""
    return _joined(_lines(text))


def _short_title(text: str) -> str:
    """A cause or problem named in a sentence: its title, at most 60 characters."""
    return title_of(text, 60)


def _walk(nodes: Iterable[WhyNode], depth: int = 1) -> list[tuple[int, WhyNode]]:
    """A why tree in reading order with each cause's level (1 = the first why)."""
    flat: list[tuple[int, WhyNode]] = []
    for node in nodes:
        flat.append((depth, node))
        flat.extend(_walk(node.children, depth + 1))
    return flat


def _escape_value(value: object) -> str:
    return escape_mrkdwn(str(value))


def _escape_markdown_value(value: object) -> str:
    return escape_markdown(str(value))


def _environment(
    finalize: Callable[[Any], Any] | None, lines: Callable[[str], list[str]]
) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        undefined=StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=finalize,
        # Templates ship with the code: without this, every render stats its file for changes.
        auto_reload=False,
    )
    env.filters.update(
        text_lines=lines,
        md_lines=_md_lines,
        md_inline=_md_inline,
        inline=_inline,
        walk=_walk,
        short_title=_short_title,
        cut=cut,
    )
    return env


# Escaping lives only in `finalize`, which runs once on every {{ }} output; there is deliberately no
# `esc` filter, since a filtered value would be escaped again. For the same reason templates use no
# macros and no recursive loops to print text (their output is finalized a second time): `walk`
# flattens a why tree instead, and user text is printed line by line (`text_lines`, `md_lines`).
ENV = _environment(_escape_value, _slack_lines)
"""Renders Slack mrkdwn: every printed value is escaped for Slack."""

MD_ENV = _environment(_escape_markdown_value, _lines)
"""Renders Markdown documents: every printed value is escaped for Markdown."""

PLAIN_ENV = _environment(None, _lines)
"""Renders plain text for a terminal, where nothing needs escaping."""


def render_digest(view: Any, part: Literal["parent", "thread"]) -> str:
    """Render the weekly digest's parent message or its thread details as Slack mrkdwn."""
    return ENV.get_template(f"digest_{part}.mrkdwn.j2").render(digest=view).strip()
