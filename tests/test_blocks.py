"""Block Kit builders and payload parsers: Slack's limits, escaping, splitting, strict parsing."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.blocks import ids, limits
from bot.blocks.commands import (
    Cancel,
    DigestPreview,
    Help,
    ListInterviews,
    OpenModal,
    ReviewPreview,
    StartNow,
    Status,
    Summary,
    Usage,
    UsageReason,
    parse_command_text,
)
from bot.blocks.home import HomeRow, build_home
from bot.blocks.limits import (
    BlockLimitError,
    check_message,
    check_view,
    slack_len,
    split_text,
    truncate,
)
from bot.blocks.messages import (
    build_invitation,
    build_notice,
    build_paused,
    build_pick_interview,
    build_prompt,
    build_summary_messages,
    build_usage,
)
from bot.blocks.modals import (
    NewInterviewForm,
    build_correct_modal,
    build_new_interview_modal,
    parse_correct,
    parse_new_interview,
)
from bot.blocks.text import fill
from bot.blocks.values import parse_button_value, parse_pick_value
from bot.blocks.wording import FIELDS, LIMITS, SLACK_WORDING_PATH, load_slack_wording
from bot.errors import ScriptError
from bot.flows.script import Purpose
from bot.flows.types import Phase, Progress, Question
from bot.render import escape_mrkdwn

W = load_slack_wording()
FACILITATOR = "UFACIL1"
HOSTILE = [
    "<!channel> please look",
    "<@U1> and <#C1|general> and <!subteam^S1>",
    "{{ x }} {% if %} {0} {facilitator} {purpose} {} {",
    "&amp; &lt; already escaped? & < >",
    "```\ncode fence that never closes",
    "emoji 😀👍🏽🇫🇷 and 👨‍👩‍👧",
    "right to left: שלום עולם مرحبا \u202eevil override\u202c",
    "zero\u200bwidth\u200cjoin\u200d\ufeff",
    "x" * 40_000,
    "<" * 40_000,
    "line\n" * 5000,
    "",
    "   ",
]
USER_TEXT = st.text(
    alphabet=st.one_of(st.sampled_from(list("<>&{}@!#|`*_~:\n \u202e\u200b")), st.characters()),
    max_size=400,
)
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

Payload = dict[str, Any]


def _dump(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False)


def _texts(payload: Any) -> list[str]:
    """Every `text` string inside a payload (fallback, sections, labels, options)."""
    found: list[str] = []
    if isinstance(payload, dict):
        for key, value in payload.items():
            if key == "text" and isinstance(value, str):
                found.append(value)
            else:
                found.extend(_texts(value))
    elif isinstance(payload, list):
        for item in payload:
            found.extend(_texts(item))
    return found


def _assert_safe(payload: Any, allowed: tuple[str, ...] = (), *, rendered: bool = False) -> None:
    """No Slack control sequence but the allowed mentions, and every & starts an escape."""
    for text in _texts(payload):
        for mention in allowed:
            text = text.replace(mention, "")
        assert "<" not in text, text[:200]
        assert not re.search(r"&(?!amp;|lt;|gt;)", text), text[:200]
        # bidi controls in rendered text are bot.render's business, not the builder's
        assert rendered or "\u202e" not in text


def _assert_message(message: Payload) -> None:
    assert message["text"].strip()
    check_message(message["text"], message["blocks"])
    for block in message["blocks"]:
        if block["type"] == "section":
            assert slack_len(block["text"]["text"]) <= limits.SECTION_TEXT


def _sections(message: Payload) -> list[str]:
    return [b["text"]["text"] for b in message["blocks"] if b["type"] == "section"]


def _buttons(message: Payload) -> list[Payload]:
    return [e for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]]


# --- limits: splitting and truncating ---------------------------------------------------------


def test_split_text_packs_whole_lines_and_keeps_them_in_order() -> None:
    text = "\n".join(f"line {i} " + "y" * (i % 90) for i in range(2000))
    chunks = split_text(text)
    assert len(chunks) > 1
    assert all(slack_len(c) <= limits.SECTION_TEXT for c in chunks)
    assert "\n".join(chunks) == text


def test_split_text_cuts_a_huge_line_but_never_inside_an_escape() -> None:
    line = "&amp;" * 1000 + "&lt;" * 1000 + "&gt;" * 1000
    chunks = split_text(line, limit=3000)
    assert "".join(chunks) == line
    for chunk in chunks:
        assert slack_len(chunk) <= 3000
        assert re.fullmatch(r"(&amp;|&lt;|&gt;)+", chunk), chunk[-10:]


def test_split_text_does_not_cut_a_mention_and_counts_emoji_twice() -> None:
    line = "x" * 2995 + "<@U12345>" + "z" * 10
    assert split_text(line)[0] == "x" * 2995
    emoji = split_text("😀" * 2000)
    assert [slack_len(c) for c in emoji] == [3000, 1000]


def test_split_text_drops_blank_chunks_slack_would_refuse() -> None:
    assert split_text("") == []
    assert split_text("\n \n\n") == []
    assert split_text("a" * 3000 + "\n\n\n" + "b") == ["a" * 3000, "b"]
    assert [c.strip() for c in split_text(" " * 7000 + "\nb")] == ["b"]


@FAST
@given(st.lists(st.sampled_from(["&amp;", "&lt;", "&gt;", "a", "😀", "\n", " ", "<@U1>"])))
def test_split_text_chunks_fit_and_hold_whole_escapes(parts: list[str]) -> None:
    text = "".join(parts)
    for chunk in split_text(text, limit=40):
        assert chunk.strip() and slack_len(chunk) <= 40
        assert not re.search(r"&(?!amp;|lt;|gt;)", chunk)
    assert re.sub(r"\s", "", "".join(split_text(text, limit=40))) == re.sub(r"\s", "", text)


def test_truncate_adds_an_ellipsis_within_the_limit() -> None:
    assert truncate("short", 75) == "short"
    cut = truncate("word &amp; " * 20, 75)
    assert cut.endswith("…") and slack_len(cut) <= 75
    assert not re.search(r"&(?!amp;|lt;|gt;)", cut)


# --- limits: checks name the block and the field ------------------------------------------------


def _section(text: str) -> Payload:
    return {"type": "section", "text": {"type": "mrkdwn", "text": text}}


@pytest.mark.parametrize(
    ("text", "blocks", "where"),
    [
        ("", [], "text"),
        ("x" * 40_001, [], "text"),
        ("x", [_section("a")] * 51, "blocks: 51 items"),
        ("x", [_section("a"), _section("a"), _section("a" * 3001)], "blocks[2].text.text"),
        ("x", [_section(" ")], "blocks[0].text.text"),
        ("x", [{"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}], "[0].text"),
        (
            "x",
            [
                _section("a"),
                {
                    "type": "actions",
                    "elements": [{"type": "button", "text": {"text": "b" * 76}, "action_id": "a"}],
                },
            ],
            "blocks[1].elements[0].text.text",
        ),
        (
            "x",
            [
                {
                    "type": "actions",
                    "elements": [{"type": "button", "action_id": "a", "value": "v"}] * 2,
                }
            ],
            "blocks[0].elements[1].action_id: duplicate",
        ),
    ],
)
def test_check_message_names_the_block_and_field(
    text: str, blocks: list[Payload], where: str
) -> None:
    with pytest.raises(BlockLimitError, match=re.escape(where)):
        check_message(text, blocks)


def test_check_view_names_the_field() -> None:
    modal = {"type": "modal", "title": {"type": "plain_text", "text": "t" * 25}, "blocks": []}
    with pytest.raises(BlockLimitError, match=r"view\.title\.text: 25 characters"):
        check_view(modal)
    with pytest.raises(BlockLimitError, match=r"view\.blocks: 101 items"):
        check_view({"type": "home", "blocks": [_section("a")] * 101})
    with pytest.raises(BlockLimitError, match="private_metadata"):
        check_view({"type": "home", "blocks": [], "private_metadata": "m" * 3001})


# --- wording ------------------------------------------------------------------------------------


def test_shipped_wording_loads_and_fits_slack_limits() -> None:
    assert W.button.start and W.usage.help
    for key, limit in LIMITS.items():
        section, name = key.split(".")
        assert slack_len(getattr(getattr(W, section), name)) <= limit, key
    assert {W.phase.label(phase) for phase in Phase}
    for reason in UsageReason:
        assert W.usage.reason(reason)
    assert W.status.label("active") and W.status.label("no such status") is None


def _wording_file(tmp_path: Path, edit: tuple[str, str] | None = None, extra: str = "") -> Path:
    text = SLACK_WORDING_PATH.read_text(encoding="utf-8")
    if edit is not None:
        assert edit[0] in text, edit[0]
        text = text.replace(edit[0], edit[1], 1)
    path = tmp_path / "slack.toml"
    path.write_text(text + extra, encoding="utf-8")
    return path


def _wording_error(path: Path) -> str:
    with pytest.raises(ScriptError) as caught:
        load_slack_wording(path)
    return str(caught.value)


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (('skip = "Skip"', 'skip = ""'), "button.skip: empty"),
        (('skip = "Skip"', "skip = 3"), "button.skip: expected a string, got int"),
        (('skip = "Skip"', 'skipp = "Skip"'), "button.skipp: unknown key"),
        (('skip = "Skip"', 'skipp = "Skip"'), "button.skip: missing"),
        (('skip = "Skip"', 'skip = "' + "s" * 76 + '"'), "button.skip: 76 characters, Slack"),
        (('title = "New interview"', 'title = "A much longer modal title"'), "form.title: 25"),
        (('question = "Which', 'question = "{id} Which'), "pick.question: unknown field {id}"),
        (('more = "…and {count} more"', 'more = "{0} more"'), "home.more: unknown field {0}"),
        (('more = "…and {count} more"', 'more = "{count!r} more"'), "takes no format"),
        (('more = "…and {count} more"', 'more = "{count.real}"'), "unknown field {count.real}"),
        (('more = "…and {count} more"', 'more = "{count"'), "home.more: "),
        (('more = "…and {count} more"', 'more = "<!channel>"'), "home.more: contains <"),
        (("[pick]", "[pik]"), "pik: unknown section"),
        (("[pick]", "[pik]"), "pick: missing section"),
    ],
)
def test_wording_errors_name_the_file_and_the_key(
    tmp_path: Path, edit: tuple[str, str], expected: str
) -> None:
    path = _wording_file(tmp_path, edit)
    message = _wording_error(path)
    assert str(path) in message
    assert expected in message


def test_wording_lists_every_problem_at_once(tmp_path: Path) -> None:
    path = _wording_file(tmp_path, ('skip = "Skip"', 'skip = ""\nbogus = "x"'))
    problems = _wording_error(path).splitlines()
    assert len(problems) == 2 and all(p.startswith(f"{path}: button.") for p in problems)
    assert "invalid TOML" in _wording_error(_wording_file(tmp_path, extra="[oops\n"))
    assert "file not found" in _wording_error(tmp_path / "missing.toml")


def test_doubled_braces_show_as_plain_braces(tmp_path: Path) -> None:
    path = _wording_file(tmp_path, ('skip = "Skip"', 'skip = "Skip {{this}}"'))
    assert load_slack_wording(path).button.skip == "Skip {this}"
    path = _wording_file(tmp_path, ('more = "…and {count} more"', 'more = "{{{count}}} more"'))
    assert fill(load_slack_wording(path).home.more, count=3) == "{3} more"


def test_every_template_field_is_filled_by_some_builder() -> None:
    # A field the wording allows but no builder passes would raise KeyError at runtime.
    for key, names in FIELDS.items():
        section, name = key.split(".")
        template = getattr(getattr(W, section), name)
        fill(template, **dict.fromkeys(names, "v"))


def test_fill_inserts_values_once_never_as_templates() -> None:
    out = fill("{facilitator} about *{purpose}*", facilitator="{purpose}", purpose="<!here> {0}")
    assert out == "{purpose} about *&lt;!here&gt; {0}*"


# --- builders: limits, fallback text and hostile user text ------------------------------------


@pytest.mark.parametrize("hostile", HOSTILE)
def test_invitation_escapes_everything_the_user_wrote(hostile: str) -> None:
    message = build_invitation(
        interview_id=7,
        facilitator_id=FACILITATOR,
        purpose_title=hostile,
        intro=hostile,
        context_note=hostile,
        wording=W,
    )
    _assert_message(message)
    _assert_safe(message, allowed=(f"<@{FACILITATOR}>",))
    assert [b["value"] for b in _buttons(message)] == ["7", "7"]
    assert [b["action_id"] for b in _buttons(message)] == [ids.START, ids.NOT_NOW]


def test_invitation_keeps_braces_literal_and_escapes_a_bad_facilitator_id() -> None:
    message = build_invitation(
        interview_id=1,
        facilitator_id="<!channel>",
        purpose_title="{facilitator}",
        intro="Hello",
        context_note=None,
        wording=W,
    )
    assert message["text"] == "&lt;!channel&gt; would like to interview you about *{facilitator}*."
    _assert_safe(message)


@FAST
@given(title=USER_TEXT, intro=USER_TEXT, note=st.none() | USER_TEXT, facilitator=USER_TEXT)
def test_invitation_never_raises_on_any_text(
    title: str, intro: str, note: str | None, facilitator: str
) -> None:
    message = build_invitation(
        interview_id=1,
        facilitator_id=facilitator,
        purpose_title=title,
        intro=intro,
        context_note=note,
        wording=W,
    )
    _assert_message(message)
    _assert_safe(message, allowed=(f"<@{facilitator}>",))


def _question(phase: Phase = Phase.GOALS, key: str = "goal.1") -> Question:
    return Question(key=key, phase=phase, text="What are you trying to achieve?")


def test_prompt_buttons_carry_the_question_and_root_cause_only_in_whys() -> None:
    [goal] = build_prompt(
        interview_id=4,
        say_text="*Goals?*",
        question=_question(),
        progress=Progress(answered=2, phase=Phase.GOALS),
        wording=W,
    )
    _assert_message(goal)
    assert [b["action_id"] for b in _buttons(goal)] == [ids.SKIP, ids.PAUSE]
    assert {parse_button_value(b["value"]) for b in _buttons(goal)} == {(4, "goal.1")}
    assert goal["blocks"][-2]["elements"][0]["text"] == "Goals · 2 answered"
    [why] = build_prompt(
        interview_id=4,
        say_text="Why?",
        question=_question(Phase.WHYS, "why.1.2"),
        progress=None,
        wording=W,
    )
    assert [b["action_id"] for b in _buttons(why)] == [
        ids.BACK,
        ids.SKIP,
        ids.ROOT_CAUSE,
        ids.PAUSE,
    ]
    [closing] = build_prompt(
        interview_id=4, say_text="Thanks!", question=None, progress=None, wording=W
    )
    assert _buttons(closing) == [] and closing["text"] == "Thanks!"


@pytest.mark.parametrize("hostile", HOSTILE)
def test_prompt_splits_long_rendered_text_and_keeps_buttons_last(hostile: str) -> None:
    say = escape_mrkdwn(hostile) * 5  # rendered mrkdwn, as bot.render gives it
    messages = build_prompt(
        interview_id=9,
        say_text=say,
        question=_question(),
        progress=Progress(answered=0, phase=Phase.GOALS),
        wording=W,
    )
    for message in messages:
        _assert_message(message)
        _assert_safe(message, rendered=True)
    assert all(not _buttons(m) for m in messages[:-1]) and _buttons(messages[-1])


def test_stale_button_is_detected_from_its_value() -> None:
    [old] = build_prompt(
        interview_id=3, say_text="Q1", question=_question(key="goal.1"), progress=None, wording=W
    )
    interview_id, key = parse_button_value(_buttons(old)[0]["value"])
    current = "goal.2"
    assert interview_id == 3 and key is not None and key != current


@pytest.mark.parametrize(
    "value",
    [
        "",
        "0",
        "-1",
        "abc",
        "12:",
        "12:Goal",
        "12:a b",
        "12:a:b",
        "\uff11\uff12",
        "2147483648",
        "12 ",
        "#12",
    ],
)
def test_garbage_button_values_raise_value_error(value: str) -> None:
    with pytest.raises(ValueError):
        parse_button_value(value)


def test_button_and_pick_values_parse() -> None:
    assert parse_button_value("12") == (12, None)
    assert parse_button_value("12:why.1.2") == (12, "why.1.2")
    assert parse_pick_value("5:12") == (5, 12)
    for garbage in ("5", "5:", ":12", "5:12:1", "a:b", "0:1"):
        with pytest.raises(ValueError):
            parse_pick_value(garbage)


def test_paused_has_resume_for_the_interview() -> None:
    message = build_paused(interview_id=8, text="Paused. See you soon.", wording=W)
    _assert_message(message)
    assert [(b["action_id"], b["value"]) for b in _buttons(message)] == [(ids.RESUME, "8")]


def _summary(size: int) -> str:
    """Escaped mrkdwn summary lines of about `size` characters in all."""
    line = "      ↳ " + escape_mrkdwn("<!channel> answer & more ") * 3
    return "\n".join(f"{i}. {line}" for i in range(size // len(line)))


def test_a_200_kb_summary_is_split_over_messages_and_asks_once() -> None:
    summary = _summary(200_000)
    messages = build_summary_messages(
        interview_id=11, summary_mrkdwn=summary, ask_confirmation=True, wording=W
    )
    assert len(messages) > 1
    for part, message in enumerate(messages, start=1):
        _assert_message(message)
        _assert_safe(message)
        assert len(message["blocks"]) <= limits.MESSAGE_BLOCKS
        assert message["text"] == f"Summary of interview #11 (part {part} of {len(messages)})"
    assert [b for m in messages[:-1] for b in _buttons(m)] == []
    last = _buttons(messages[-1])
    assert [(b["action_id"], b["value"]) for b in last] == [
        (ids.LOOKS_RIGHT, "11"),
        (ids.CORRECT, "11"),
    ]
    body = [t for m in messages for t in _sections(m)][:-1]  # the last section asks to confirm
    assert "\n".join(body) == summary


def test_a_short_summary_without_confirmation_is_one_message() -> None:
    [message] = build_summary_messages(
        interview_id=2, summary_mrkdwn="*Goals*\n1. Grow", ask_confirmation=False, wording=W
    )
    _assert_message(message)
    assert message["text"] == "Summary of interview #2" and not _buttons(message)


def test_summary_that_exactly_fills_a_message_moves_overflow_before_the_buttons() -> None:
    summary = "\n".join(["s" * 2999] * 49)
    messages = build_summary_messages(
        interview_id=2, summary_mrkdwn=summary, ask_confirmation=True, wording=W
    )
    assert [len(m["blocks"]) for m in messages] == [48, 3]


@FAST
@given(titles=st.lists(USER_TEXT, max_size=60))
def test_pick_interview_has_one_safe_button_per_choice(titles: list[str]) -> None:
    choices = [(i + 1, title) for i, title in enumerate(titles)]
    message = build_pick_interview(inbox_id=5, choices=choices, wording=W)
    _assert_message(message)
    _assert_safe(message)
    values = [parse_pick_value(b["value"]) for b in _buttons(message)]
    assert values == [(5, i) for i, _ in choices[: limits.MESSAGE_BLOCKS - 1]]
    assert all(slack_len(b["text"]["text"]) <= limits.BUTTON_TEXT for b in _buttons(message))


def test_pick_interview_truncates_a_long_title() -> None:
    message = build_pick_interview(inbox_id=1, choices=[(2, "t" * 500)], wording=W)
    label = _buttons(message)[0]["text"]["text"]
    assert label.endswith("…") and slack_len(label) == limits.BUTTON_TEXT


@pytest.mark.parametrize("hostile", HOSTILE[:-2])
def test_notice_and_usage_fit(hostile: str) -> None:
    message = build_notice(fill(W.notice.started, id=3, person=hostile))
    _assert_message(message)
    _assert_safe(message)
    for reason in [None, *UsageReason]:
        usage = build_usage(reason=reason, wording=W)
        _assert_message(usage)
        listed = ", ".join(f"`{p.value}`" for p in Purpose)
        whole = W.usage.help.replace("{purposes}", listed)
        # The whole help when asked for; after a mistake, the reason and a short reminder.
        assert (whole in usage["text"]) is (reason is None)
        if reason is not None:
            assert usage["text"].count("\n") <= 2 and "/interview help" in usage["text"]


# --- home ---------------------------------------------------------------------------------------


UPDATED = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
DATE_TOKEN = "<!date^1795532400^{date_short} {time}|2026-11-24 15:00 UTC>"


def _rows(count: int, status: str = "active", title: str = "Pain points with Ann") -> list[HomeRow]:
    return [HomeRow(i + 1, title, "U0ANN", status, UPDATED) for i in range(count)]


def test_home_groups_by_status_and_shows_empty_lists() -> None:
    rows = _rows(2, "finished") + _rows(2, "active") + _rows(1, "mystery <!here>")
    view = build_home(facilitating=rows, waiting=[], wording=W)
    check_view(view)
    _assert_safe(view, allowed=("<@U0ANN>", DATE_TOKEN))
    contexts = [b["elements"][0]["text"] for b in view["blocks"] if b["type"] == "context"]
    assert contexts == ["*In progress*", "*Finished*", "*mystery &lt;!here&gt;*", W.home.empty]
    buttons = [b["accessory"] for b in view["blocks"] if "accessory" in b]
    assert {b["action_id"] for b in buttons} == {ids.HOME_OPEN_SUMMARY}
    assert _buttons(view)[0]["action_id"] == ids.HOME_NEW_INTERVIEW


def test_home_with_hundreds_of_interviews_shows_the_newest_and_how_many_more() -> None:
    view = build_home(facilitating=_rows(300, "active"), waiting=_rows(120, "invited"), wording=W)
    check_view(view)
    assert len(view["blocks"]) <= limits.VIEW_BLOCKS
    mores = [b["elements"][0]["text"] for b in view["blocks"] if "…and" in _dump(b)]
    shown = [b for b in view["blocks"] if "accessory" in b]
    assert len(mores) == 2
    assert shown[0]["accessory"]["value"] == "1"  # the newest first
    hidden = sum(int(re.sub(r"\D", "", m)) for m in mores)
    assert hidden + len(shown) == 420


@FAST
@given(title=USER_TEXT, person=USER_TEXT, status=USER_TEXT)
def test_home_never_raises_on_any_text(title: str, person: str, status: str) -> None:
    rows = [HomeRow(1, title, person, status, UPDATED), HomeRow(2, title, "U1", "active", UPDATED)]
    view = build_home(facilitating=rows, waiting=rows, wording=W)
    check_view(view)
    _assert_safe(view, allowed=("<@U1>", f"<@{person}>", DATE_TOKEN))


# --- the new-interview modal --------------------------------------------------------------------

PURPOSES = [(p.value, p.value.replace("_", " ").title()) for p in Purpose]


def _option(value: str, text: str = "Label") -> Payload:
    return {"text": {"type": "plain_text", "text": text, "emoji": True}, "value": value}


def _state(
    user: str | None = "U024BE7LH",
    purpose: str | None = "pain_points",
    mode: str | None = "dm",
    note: str | None = None,
    confidential: bool = False,
) -> Payload:
    """`view.state.values` as Slack sends it on view_submission (one entry per input block)."""
    return {
        ids.STAKEHOLDER: {ids.STAKEHOLDER: {"type": "users_select", "selected_user": user}},
        ids.PURPOSE: {
            ids.PURPOSE: {
                "type": "static_select",
                "selected_option": None if purpose is None else _option(purpose),
            }
        },
        ids.MODE: {
            ids.MODE: {
                "type": "radio_buttons",
                "selected_option": None if mode is None else _option(mode),
            }
        },
        ids.CONTEXT: {ids.CONTEXT: {"type": "plain_text_input", "value": note}},
        ids.CONFIDENTIAL: {
            ids.CONFIDENTIAL: {
                "type": "checkboxes",
                "selected_options": [_option(ids.CONFIDENTIAL_YES)] if confidential else [],
            }
        },
    }


def test_new_interview_modal_shape() -> None:
    view = build_new_interview_modal(
        purposes=PURPOSES, wording=W, initial_stakeholder="U0ANN", private_metadata="C123"
    )
    check_view(view)
    assert view["callback_id"] == ids.NEW_INTERVIEW_VIEW and view["private_metadata"] == "C123"
    inputs = {b["block_id"]: b for b in view["blocks"]}
    assert list(inputs) == [ids.STAKEHOLDER, ids.PURPOSE, ids.MODE, ids.CONTEXT, ids.CONFIDENTIAL]
    assert all(b["element"]["action_id"] == block_id for block_id, b in inputs.items())
    assert inputs[ids.STAKEHOLDER]["element"]["initial_user"] == "U0ANN"
    assert inputs[ids.MODE]["element"]["initial_option"]["value"] == ids.MODE_DM
    assert inputs[ids.CONTEXT]["element"]["max_length"] == 2000
    assert inputs[ids.CONTEXT]["optional"] and inputs[ids.CONFIDENTIAL]["optional"]
    assert [o["value"] for o in inputs[ids.PURPOSE]["element"]["options"]] == [
        p.value for p in Purpose
    ]
    bad = build_new_interview_modal(purposes=PURPOSES, wording=W, initial_stakeholder="<!here>")
    assert "initial_user" not in bad["blocks"][0]["element"]
    with pytest.raises(ValueError):
        build_new_interview_modal(purposes=[], wording=W)


@FAST
@given(titles=st.lists(USER_TEXT, min_size=1, max_size=120))
def test_new_interview_modal_escapes_and_cuts_purpose_titles(titles: list[str]) -> None:
    view = build_new_interview_modal(
        purposes=[(f"p{i}", t) for i, t in enumerate(titles)], wording=W
    )
    check_view(view)
    _assert_safe(view)


def test_parse_new_interview_reads_a_valid_submission() -> None:
    form = parse_new_interview(
        _state(mode="live", note="  Q3 planning {0} <!channel>  ", confidential=True), wording=W
    )
    assert form == NewInterviewForm(
        stakeholder_id="U024BE7LH",
        purpose=Purpose.PAIN_POINTS,
        mode="live",
        context_note="Q3 planning {0} <!channel>",
        confidential=True,
    )
    plain = parse_new_interview(_state(note="   "))
    assert isinstance(plain, NewInterviewForm)
    assert plain.context_note is None and plain.confidential is False and plain.mode == "dm"


@pytest.mark.parametrize(
    ("state", "errors"),
    [
        (_state(user=None), {ids.STAKEHOLDER}),
        (_state(user="<!channel>"), {ids.STAKEHOLDER}),
        (_state(purpose=None), {ids.PURPOSE}),
        (_state(purpose="world_domination"), {ids.PURPOSE}),
        (_state(mode="carrier_pigeon"), {ids.MODE}),
        (_state(note="n" * 2001), {ids.CONTEXT}),
        (_state(user=None, purpose=None, mode=None), {ids.STAKEHOLDER, ids.PURPOSE, ids.MODE}),
    ],
)
def test_parse_new_interview_reports_each_bad_input(state: Payload, errors: set[str]) -> None:
    result = parse_new_interview(state, wording=W)
    assert isinstance(result, dict) and set(result) == errors
    assert all(isinstance(message, str) and message for message in result.values())


@pytest.mark.parametrize(
    "state",
    [
        None,
        [],
        "values",
        {},
        {ids.STAKEHOLDER: []},
        {
            ids.STAKEHOLDER: {ids.STAKEHOLDER: "U1"},
            ids.PURPOSE: {ids.PURPOSE: {"selected_option": 3}},
        },
        {ids.PURPOSE: {ids.PURPOSE: {"selected_option": {"value": ["pain_points"]}}}},
        {**_state(), ids.CONFIDENTIAL: {ids.CONFIDENTIAL: {"selected_options": "yes"}}},
    ],
)
def test_parse_new_interview_turns_malformed_payloads_into_errors(state: Any) -> None:
    result = parse_new_interview(state, wording=W)
    if isinstance(result, NewInterviewForm):  # only the checkbox was malformed: not confidential
        assert result.confidential is False
    else:
        assert ids.STAKEHOLDER in result or ids.PURPOSE in result


SLACK_IDS = [v for n, v in vars(ids).items() if n.isupper()]
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from([*SLACK_IDS, "value", "selected_option"]), inner, max_size=4
        )
    ),
    max_leaves=20,
)


@FAST
@given(JSON)
def test_parsers_never_raise_on_any_json(payload: Any) -> None:
    assert isinstance(parse_new_interview(payload, wording=W), dict | NewInterviewForm)
    assert isinstance(parse_correct(payload, wording=W), dict | tuple)
    assert isinstance(parse_correct({"state": {"values": payload}}, wording=W), dict | tuple)


# --- the correct-an-answer modal ----------------------------------------------------------------


def test_correct_modal_offers_the_latest_100_answers() -> None:
    questions = [(f"goal.{i}", f"Question {i} <!here> " + "q" * 100) for i in range(1, 151)]
    view = build_correct_modal(interview_id=6, questions=questions, wording=W)
    check_view(view)
    _assert_safe(view)
    options = view["blocks"][0]["element"]["options"]
    assert len(options) == 100 and options[0]["value"] == "goal.51"
    assert view["private_metadata"] == "6" and view["callback_id"] == ids.CORRECT_VIEW
    empty = build_correct_modal(interview_id=6, questions=[], wording=W)
    check_view(empty)
    assert "submit" not in empty


def test_correct_modal_tells_alike_questions_apart_by_a_preview_of_each_answer() -> None:
    questions = [("why.1.1", "And why is that?"), ("why.1.2", "And why is that?")]
    answers = {"why.1.1": "Nobody owns the CRM <!here>", "why.1.2": "Budget {{ 7*7 }} " + "b" * 90}
    view = build_correct_modal(interview_id=6, questions=questions, wording=W, answers=answers)
    check_view(view)
    _assert_safe(view)
    labels = [o["text"]["text"] for o in view["blocks"][0]["element"]["options"]]
    assert labels[0] == "And why is that? · “Nobody owns the CRM &lt;!here&gt;”"
    assert labels[1].startswith("And why is that? · “Budget {{ 7*7 }}")  # cut between words
    assert len(labels[1]) <= 75 and labels[0] != labels[1]
    assert view["blocks"][0]["dispatch_action"] is True  # a pick pre-fills the answer


def test_picking_an_answer_prefills_it_under_a_block_id_of_its_own() -> None:
    questions = [("goal.1", "Goal?"), ("goal.2", "Another?")]
    answers = {"goal.1": "Grow <!channel>", "goal.2": "x" * 3001}
    view = build_correct_modal(
        interview_id=6, questions=questions, wording=W, answers=answers, chosen="goal.1"
    )
    check_view(view)
    pick, text = view["blocks"]
    assert pick["element"]["initial_option"]["value"] == "goal.1"
    assert text["block_id"] == "correct_text.goal.1"
    assert text["element"]["initial_value"] == "Grow <!channel>"  # plain text: shown as typed
    huge = build_correct_modal(
        interview_id=6, questions=questions, wording=W, answers=answers, chosen="goal.2"
    )
    check_view(huge)
    assert "initial_value" not in huge["blocks"][1]["element"], "a cut answer would be saved cut"
    assert huge["blocks"][1]["element"]["placeholder"]["text"] == W.correct.too_long_to_show
    values = {
        ids.CORRECT_QUESTION: {ids.CORRECT_QUESTION: {"selected_option": _option("goal.1")}},
        "correct_text.goal.1": {ids.CORRECT_TEXT: {"value": "Grow 25%"}},
    }
    parsed = parse_correct({"private_metadata": "6", "state": {"values": values}}, wording=W)
    assert parsed == (6, "goal.1", "Grow 25%")
    values["correct_text.goal.1"] = {ids.CORRECT_TEXT: {"value": " "}}
    errors = parse_correct({"private_metadata": "6", "state": {"values": values}}, wording=W)
    assert errors == {"correct_text.goal.1": W.correct.missing_text}


def _correct_view(
    metadata: str = "6", key: str | None = "goal.2", text: str | None = "New"
) -> Payload:
    values = {
        ids.CORRECT_QUESTION: {
            ids.CORRECT_QUESTION: {
                "type": "static_select",
                "selected_option": None if key is None else _option(key),
            }
        },
        ids.CORRECT_TEXT: {ids.CORRECT_TEXT: {"type": "plain_text_input", "value": text}},
    }
    return {"private_metadata": metadata, "state": {"values": values}}


def test_parse_correct() -> None:
    assert parse_correct(_correct_view(text=" {0} <!x> "), wording=W) == (6, "goal.2", " {0} <!x> ")
    assert parse_correct(_correct_view(key=None), wording=W) == {
        ids.CORRECT_QUESTION: W.correct.missing_question
    }
    assert parse_correct(_correct_view(metadata="garbage"), wording=W) == {
        ids.CORRECT_QUESTION: W.correct.expired
    }
    assert parse_correct(_correct_view(text="  "), wording=W) == {
        ids.CORRECT_TEXT: W.correct.missing_text
    }
    too_long = parse_correct(_correct_view(text="a" * 3001), wording=W)
    assert too_long == {ids.CORRECT_TEXT: "Keep the answer under 3000 characters."}


# --- /interview -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("", OpenModal()),
        ("   ", OpenModal()),
        ("help", Help()),
        ("HELP", Help()),
        ("list", ListInterviews()),
        ("status 12", Status(12)),
        ("status #12", Status(12)),
        ("Cancel 3", Cancel(3)),
        ("summary\u00a07", Summary(7)),
        ("<@U024BE7LH|ann> pain_points", StartNow("U024BE7LH", Purpose.PAIN_POINTS)),
        ("<@U024BE7LH|Ann Smith> Pain-Points", StartNow("U024BE7LH", Purpose.PAIN_POINTS)),
        ("<@W024BE7LH> OPERATIONS", StartNow("W024BE7LH", Purpose.OPERATIONS)),
        ("  <@U1AB>   goals_obstacles  ", StartNow("U1AB", Purpose.GOALS_OBSTACLES)),
        ("help me", Usage(UsageReason.EXTRA_WORDS)),
        ("list all", Usage(UsageReason.EXTRA_WORDS)),
        ("status", Usage(UsageReason.MISSING_ID)),
        ("status 12 13", Usage(UsageReason.EXTRA_WORDS)),
        ("status 0", Usage(UsageReason.BAD_ID)),
        ("status -4", Usage(UsageReason.BAD_ID)),
        ("status 99999999999999", Usage(UsageReason.BAD_ID)),
        ("status ١٢", Usage(UsageReason.BAD_ID)),
        ("status twelve", Usage(UsageReason.BAD_ID)),
        ("<@U024BE7LH>", Usage(UsageReason.MISSING_PURPOSE)),
        ("<@U024BE7LH> world_peace", Usage(UsageReason.UNKNOWN_PURPOSE)),
        ("<@U024BE7LH> pain_points now", Usage(UsageReason.EXTRA_WORDS)),
        ("<@U024BE7LH> <@U999> pain_points", Usage(UsageReason.NOT_A_PERSON)),
        ("<!channel> pain_points", Usage(UsageReason.NOT_A_PERSON)),
        ("<!here>", Usage(UsageReason.NOT_A_PERSON)),
        ("<#C123|general> operations", Usage(UsageReason.NOT_A_PERSON)),
        ("<@u024be7lh> operations", Usage(UsageReason.NOT_A_PERSON)),
        ("<@U1> operations", Usage(UsageReason.NOT_A_PERSON)),
        ("@ann pain_points", Usage(UsageReason.NOT_A_PERSON)),
        ("pain_points", Usage(UsageReason.MISSING_PERSON)),
        ("start", Usage(UsageReason.UNKNOWN_COMMAND)),
        ("{0}", Usage(UsageReason.UNKNOWN_COMMAND)),
        ("digest preview", DigestPreview()),
        ("review PREVIEW", ReviewPreview()),
        ("review", Usage(UsageReason.UNKNOWN_COMMAND)),
        ("review preview <!channel>", Usage(UsageReason.UNKNOWN_COMMAND)),
    ],
)
def test_parse_command_text(text: str, command: object) -> None:
    assert parse_command_text(text) == command


@FAST
@given(USER_TEXT)
def test_parse_command_text_never_raises(text: str) -> None:
    parse_command_text(text)


def test_slack_ids_are_distinct_and_short() -> None:
    option_values = {ids.MODE_DM, ids.MODE_LIVE, ids.CONFIDENTIAL_YES}
    values = [v for n, v in vars(ids).items() if n.isupper() and v not in option_values]
    assert len(set(values)) == len(values)
    assert all(len(v) <= limits.ACTION_ID for v in values)


def test_slack_sdk_block_models_accept_every_builder_output() -> None:
    # A second opinion on the shapes and limits, from Slack's own SDK (no network involved).
    from slack_sdk.models.blocks import Block
    from slack_sdk.models.views import View

    hostile = "<!channel> & {0} 😀 " * 2000
    messages = [
        build_invitation(
            interview_id=1,
            facilitator_id="U1AB",
            purpose_title=hostile,
            intro=hostile,
            context_note=hostile,
            wording=W,
        ),
        *build_prompt(
            interview_id=1,
            say_text=escape_mrkdwn(hostile),
            question=_question(Phase.WHYS, "why.1"),
            progress=Progress(answered=1, phase=Phase.WHYS),
            wording=W,
        ),
        build_paused(interview_id=1, text="Paused.", wording=W),
        *build_summary_messages(
            interview_id=1, summary_mrkdwn=_summary(20_000), ask_confirmation=True, wording=W
        ),
        build_pick_interview(inbox_id=1, choices=[(2, hostile), (3, "B")], wording=W),
        build_usage(reason=UsageReason.BAD_ID, wording=W),
    ]
    for message in messages:
        for block in Block.parse_all(message["blocks"]):
            block.validate_json()
    views = [
        build_home(facilitating=_rows(150, title=hostile), waiting=_rows(3), wording=W),
        build_new_interview_modal(purposes=PURPOSES, wording=W),
        build_correct_modal(interview_id=1, questions=[("goal.1", hostile)], wording=W),
        build_correct_modal(interview_id=1, questions=[], wording=W),
    ]
    for view in views:
        View(**view).validate_json()
