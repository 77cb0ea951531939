"""Loading and strict validation of the question scripts and messages.toml."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.errors import ScriptError
from bot.flows.script import MAX_WHY_LEVELS, Fills, Purpose
from bot.flows.types import SayKind
from bot.scripts import MESSAGE_KINDS, load_messages, load_script, load_scripts
from prompts import MESSAGES_PATH, SCRIPTS_DIR

VALID = """\
purpose = "pain_points"
version = 2
title = "Pain points"
description = "What hurts"
intro = "Hello"
playback = "Right?"
closing = "Thanks"
whys = ["Why 1?", "Why 2?", "Why 3?", "Why 4?", "Why 5?"]

[goals]
first = "Goal?"
more = "Another goal, or skip?"

[[goals.details]]
key = "measure"
text = "Measured how?"

[[goals.details]]
key = "owner"
text = "Who owns it?"

[obstacles]
first = "Obstacle?"
more = "Another obstacle, or skip?"

[[extras]]
key = "wand"
text = "Magic wand?"
"""

MESSAGES = "\n".join(f'{kind.value} = "Text for {kind.value}."' for kind in MESSAGE_KINDS)


def _edit(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def _write(directory: Path, text: str, name: str = "pain_points.toml") -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def _error(path: Path, *, purpose: str | None = None) -> str:
    with pytest.raises(ScriptError) as caught:
        load_script(purpose or path.stem, directory=path.parent)
    return str(caught.value)


def _broken(tmp_path: Path, old: str, new: str) -> tuple[Path, str]:
    path = _write(tmp_path, _edit(VALID, old, new))
    return path, _error(path)


def test_every_shipped_script_loads() -> None:
    scripts = load_scripts()
    assert set(scripts) == set(Purpose)
    for purpose, script in scripts.items():
        assert script.purpose is purpose
        assert len(script.whys) == MAX_WHY_LEVELS
        assert script == load_script(purpose.value)


def test_shipped_messages_word_every_kind_the_script_does_not() -> None:
    messages = load_messages()
    assert set(messages) == set(MESSAGE_KINDS)
    assert not {SayKind.INTRO, SayKind.QUESTION, SayKind.PLAYBACK, SayKind.CLOSING} & set(messages)


def test_shipped_wording_is_plain_text() -> None:
    texts = [*load_messages().values()]
    for script in load_scripts().values():
        texts += [script.title, script.description, script.intro, script.playback, script.closing]
        texts += [*script.whys, *(spec.text for spec in script.extras)]
        for section in (script.goals, script.obstacles):
            texts += [section.first, section.more, *(spec.text for spec in section.details)]
        if script.journey is not None:
            texts += [script.journey.first, script.journey.next]
            texts += [spec.text for spec in script.journey.details]
    for text in texts:
        assert not re.search(r"[<>&]|\{\{|\{%", text), text


def test_shipped_more_questions_say_the_stakeholder_can_skip() -> None:
    for script in load_scripts().values():
        assert "skip" in script.goals.more and "skip" in script.obstacles.more
        if script.journey is not None:  # skipping "what happens next?" ends the journey
            assert "skip" in script.journey.next


def test_valid_file_maps_to_script(tmp_path: Path) -> None:
    script = load_script(Purpose.PAIN_POINTS, directory=_write(tmp_path, VALID).parent)
    assert script.version == 2
    assert [spec.key for spec in script.goals.details] == ["measure", "owner"]
    assert script.obstacles.details == ()
    assert script.extras[0].text == "Magic wand?"


def test_extras_are_optional(tmp_path: Path) -> None:
    text = VALID[: VALID.index("[[extras]]")]
    assert load_script("pain_points", directory=_write(tmp_path, text).parent).extras == ()


def test_toml_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    path, message = _broken(tmp_path, 'title = "Pain points"', "title = ")
    assert f"{path}: invalid TOML" in message
    assert "line 3" in message


def test_missing_file_is_named(tmp_path: Path) -> None:
    assert f"{tmp_path / 'operations.toml'}: file not found" in _error(tmp_path / "operations.toml")


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ("version = 2\n", 'version = 2\ncolour = "red"\n', "colour"),
        ('first = "Goal?"\n', 'first = "Goal?"\nlast = "x"\n', "goals.last"),
        ('key = "owner"\n', 'key = "owner"\nhint = "x"\n', "goals.details[1].hint"),
    ],
)
def test_unknown_key_is_an_error(tmp_path: Path, old: str, new: str, where: str) -> None:
    path, message = _broken(tmp_path, old, new)
    assert f"{path}: {where}: unknown key" in message


@pytest.mark.parametrize(
    ("old", "where"),
    [
        ('closing = "Thanks"\n', "closing"),
        ("version = 2\n", "version"),
        ('more = "Another obstacle, or skip?"\n', "obstacles.more"),
        ('key = "owner"\n', "goals.details[1].key"),
        ('text = "Magic wand?"\n', "extras[0].text"),
    ],
)
def test_missing_key_is_an_error(tmp_path: Path, old: str, where: str) -> None:
    path, message = _broken(tmp_path, old, "")
    assert f"{path}: {where}: missing" in message


def test_missing_section_is_an_error(tmp_path: Path) -> None:
    start, end = VALID.index("[obstacles]"), VALID.index("[[extras]]")
    path = _write(tmp_path, VALID[:start] + VALID[end:])
    assert f"{path}: obstacles: missing" in _error(path)


@pytest.mark.parametrize(
    ("old", "new", "where", "what"),
    [
        ("version = 2", 'version = "2"', "version", "expected an integer, got string"),
        ('title = "Pain points"', "title = 3", "title", "expected a string, got integer"),
        ('intro = "Hello"', "intro = 1.5", "intro", "expected a string, got float"),
        ('purpose = "pain_points"', "purpose = []", "purpose", "expected a string, got array"),
        ("whys = [", 'whys = "why" #', "whys", "expected an array of strings, got string"),
        ('"Why 3?"', "3", "whys[2]", "expected a string, got integer"),
        ('key = "owner"', "key = true", "goals.details[1].key", "expected a string, got boolean"),
    ],
)
def test_wrong_type_is_an_error(tmp_path: Path, old: str, new: str, where: str, what: str) -> None:
    path, message = _broken(tmp_path, old, new)
    assert f"{path}: {where}: {what}" in message


def test_section_must_be_a_table(tmp_path: Path) -> None:
    text = "goals = 1\n" + VALID[: VALID.index("[goals]")] + VALID[VALID.index("[obstacles]") :]
    path = _write(tmp_path, text)
    assert f"{path}: goals: expected a table, got integer" in _error(path)


def test_extras_must_be_an_array_of_tables(tmp_path: Path) -> None:
    path = _write(tmp_path, 'extras = ["Magic wand?"]\n' + VALID[: VALID.index("[[extras]]")])
    assert f"{path}: extras[0]: expected a table, got string" in _error(path)
    path = _write(tmp_path, 'extras = "Magic wand?"\n' + VALID[: VALID.index("[[extras]]")])
    assert f"{path}: extras: expected an array of tables, got string" in _error(path)


@pytest.mark.parametrize(
    ("old", "new", "where"),
    [
        ('title = "Pain points"', 'title = ""', "title"),
        ('closing = "Thanks"', 'closing = " \\n\\t "', "closing"),
        ('"Why 4?"', '"  "', "whys[3]"),
        ('text = "Who owns it?"', 'text = ""', "goals.details[1].text"),
    ],
)
def test_empty_text_is_an_error(tmp_path: Path, old: str, new: str, where: str) -> None:
    path, message = _broken(tmp_path, old, new)
    assert f"{path}: {where}: empty" in message


@pytest.mark.parametrize("whys", ['"a?"', '"a?", "b?", "c?", "d?"', '"a", "b", "c", "d", "e", "f"'])
def test_whys_must_be_exactly_five(tmp_path: Path, whys: str) -> None:
    count = whys.count(",") + 1
    path, message = _broken(tmp_path, '"Why 1?", "Why 2?", "Why 3?", "Why 4?", "Why 5?"', whys)
    assert f"{path}: whys: expected exactly 5 questions, got {count}" in message


def test_duplicate_detail_key_is_an_error(tmp_path: Path) -> None:
    path, message = _broken(tmp_path, 'key = "owner"', 'key = "measure"')
    assert f"{path}: goals.details[1].key: duplicate key 'measure'" in message


def test_duplicate_extra_key_is_an_error(tmp_path: Path) -> None:
    path = _write(tmp_path, VALID + '\n[[extras]]\nkey = "wand"\ntext = "Again?"\n')
    assert f"{path}: extras[1].key: duplicate key 'wand'" in _error(path)


@pytest.mark.parametrize("key", ["Measure", "1st", "a-b", "with space", "x" * 33, "é"])
def test_bad_key_format_is_an_error(tmp_path: Path, key: str) -> None:
    path, message = _broken(tmp_path, 'key = "measure"', f'key = "{key}"')
    assert f"{path}: goals.details[0].key: '{key}' does not match" in message


def test_longest_allowed_key_loads(tmp_path: Path) -> None:
    key = "k" + "_9" * 15 + "z"
    path = _write(tmp_path, _edit(VALID, 'key = "measure"', f'key = "{key}"'))
    assert load_script("pain_points", directory=path.parent).goals.details[0].key == key


def test_purpose_must_match_file_name(tmp_path: Path) -> None:
    path = _write(tmp_path, VALID, name="operations.toml")
    message = _error(path)
    assert f"{path}: purpose: 'pain_points' does not match the file name operations.toml" in message


def test_unknown_purpose_in_file_is_an_error(tmp_path: Path) -> None:
    path, message = _broken(tmp_path, 'purpose = "pain_points"', 'purpose = "sales"')
    assert f"{path}: purpose: unknown purpose 'sales'" in message


def test_unknown_purpose_asked_for_is_an_error(tmp_path: Path) -> None:
    message = _error(tmp_path / "sales.toml")
    assert f"{tmp_path / 'sales.toml'}: purpose: unknown purpose 'sales'" in message


def test_stray_script_file_is_reported_by_load_scripts(tmp_path: Path) -> None:
    for purpose in Purpose:
        _write(tmp_path, (SCRIPTS_DIR / f"{purpose.value}.toml").read_text(), f"{purpose}.toml")
    _write(tmp_path, VALID, name="pain_point.toml")
    with pytest.raises(ScriptError) as caught:
        load_scripts(tmp_path)
    assert f"{tmp_path / 'pain_point.toml'}: purpose: file name is not a purpose" in str(
        caught.value
    )


@pytest.mark.parametrize(
    ("version", "what"),
    [
        ("0", "must be 1 or more, got 0"),
        ("-3", "must be 1 or more, got -3"),
        ("true", "expected an integer, got boolean"),
        ("1.0", "expected an integer, got float"),
    ],
)
def test_version_must_be_a_positive_integer(tmp_path: Path, version: str, what: str) -> None:
    path, message = _broken(tmp_path, "version = 2", f"version = {version}")
    assert f"{path}: version: {what}" in message


def test_every_problem_of_a_file_is_reported_at_once(tmp_path: Path) -> None:
    text = _edit(VALID, "version = 2", "version = 0\nsize = 1")
    text = _edit(text, 'key = "owner"', 'key = "measure"')
    text = _edit(text, 'closing = "Thanks"\n', "")
    text = _edit(text, '"Why 5?"', '""')
    message = _error(_write(tmp_path, text))
    lines = message.splitlines()
    assert len(lines) == 5
    for where in ("version", "size", "goals.details[1].key", "closing", "whys[4]"):
        assert any(f"pain_points.toml: {where}: " in line for line in lines), where


def test_load_scripts_reports_problems_of_every_file(tmp_path: Path) -> None:
    _write(tmp_path, _edit(VALID, 'title = "Pain points"', 'title = ""'))
    with pytest.raises(ScriptError) as caught:
        load_scripts(tmp_path)
    message = str(caught.value)
    assert f"{tmp_path / 'pain_points.toml'}: title: empty" in message
    for purpose in ("operations", "goals_obstacles", "opportunities"):
        assert f"{tmp_path / purpose}.toml: file not found" in message


def test_edited_file_is_read_again_even_at_the_same_size(tmp_path: Path) -> None:
    _write(tmp_path, VALID)
    assert load_script("pain_points", directory=tmp_path).title == "Pain points"
    _write(tmp_path, _edit(VALID, 'title = "Pain points"', 'title = "Pain pointz"'))
    assert load_script("pain_points", directory=tmp_path).title == "Pain pointz"


def test_file_that_is_not_utf8_is_named(tmp_path: Path) -> None:
    path = tmp_path / "pain_points.toml"
    path.write_bytes(VALID.encode("utf-16"))
    assert f"{path}: not UTF-8 text" in _error(path)


def test_messages_are_read_only(tmp_path: Path) -> None:
    messages = load_messages(_write(tmp_path, MESSAGES, name="messages.toml"))
    assert messages[SayKind.PAUSED] == "Text for paused."
    with pytest.raises(TypeError):
        messages[SayKind.PAUSED] = "changed"  # type: ignore[index]


def test_messages_report_every_problem_at_once(tmp_path: Path) -> None:
    text = _edit(MESSAGES, 'paused = "Text for paused."', 'paused = "  "')
    text = _edit(text, 'resumed = "Text for resumed."\n', "")
    text = _edit(text, 'not_a_why = "Text for not_a_why."', 'not_a_why = 3\nintro = "Hi"')
    path = _write(tmp_path, text, name="messages.toml")
    with pytest.raises(ScriptError) as caught:
        load_messages(path)
    lines = str(caught.value).splitlines()
    assert f"{path}: paused: empty" in lines
    assert f"{path}: resumed: missing" in lines
    assert f"{path}: intro: unknown key" in lines
    assert f"{path}: not_a_why: expected a string, got integer" in lines
    assert len(lines) == 4


def test_messages_syntax_error_names_file(tmp_path: Path) -> None:
    path = _write(tmp_path, "paused = 'x\n", name="messages.toml")
    with pytest.raises(ScriptError, match=re.escape(f"{path}: invalid TOML")):
        load_messages(path)


def test_shipped_messages_path_is_the_default() -> None:
    assert load_messages() == load_messages(MESSAGES_PATH)


def test_a_question_may_name_its_label_and_the_roadmap_field_it_fills(tmp_path: Path) -> None:
    text = _edit(
        VALID,
        'text = "Magic wand?"\n',
        'text = "Magic wand?"\nlabel = "Wand"\nfills = "solution"\n',
    )
    script = load_script("pain_points", directory=_write(tmp_path, text).parent)
    (wand,) = script.extras
    assert (wand.label, wand.fills) == ("Wand", Fills.SOLUTION)
    assert script.goals.details[0].fills is None and script.goals.details[0].label == ""


def test_an_unknown_or_empty_fills_is_named_with_the_choices(tmp_path: Path) -> None:
    path, message = _broken(
        tmp_path, 'text = "Magic wand?"\n', 'text = "Magic wand?"\nfills = "budget"\n'
    )
    assert f"{path}: extras[0].fills: unknown field 'budget'" in message
    assert "one of: solution, justification, teams_affected, metric" in message
    path, message = _broken(
        tmp_path, 'text = "Measured how?"\n', 'text = "Measured how?"\nlabel = " "\n'
    )
    assert "goals.details[0].label: empty" in message


def test_the_shipped_scripts_draft_every_roadmap_field() -> None:
    for script in load_scripts().values():
        specs = [*script.goals.details, *script.obstacles.details, *script.extras]
        assert {Fills.SOLUTION, Fills.JUSTIFICATION} <= {s.fills for s in specs}
        # An opportunities goal is a metric already; every other purpose asks how it is measured.
        if script.purpose is not Purpose.OPPORTUNITIES:
            assert Fills.METRIC in {s.fills for s in specs}
        assert all(s.label for s in specs), script.purpose
