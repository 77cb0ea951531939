"""Load and strictly validate the question scripts and the message file in prompts/."""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

from bot.errors import ScriptError
from bot.flows.script import (
    MAX_WHY_LEVELS,
    Fills,
    Purpose,
    QuestionSpec,
    Script,
    Section,
    StepList,
)
from bot.flows.types import SayKind
from prompts import MESSAGES_PATH, SCRIPTS_DIR

Messages = Mapping[SayKind, str]
"""What the bot says outside the script's own questions, by reply kind (read-only)."""

# These kinds are worded by the script itself; every other kind needs a line in messages.toml.
SCRIPT_WORDED = frozenset({SayKind.INTRO, SayKind.QUESTION, SayKind.PLAYBACK, SayKind.CLOSING})
MESSAGE_KINDS = tuple(kind for kind in SayKind if kind not in SCRIPT_WORDED)

_KEY_PATTERN = r"[a-z][a-z0-9_]{0,31}"
_KEY = re.compile(_KEY_PATTERN)
_TEXT_KEYS = ("title", "description", "intro", "playback", "closing")
_SCRIPT_REQUIRED = ("purpose", "version", *_TEXT_KEYS, "whys", "goals", "obstacles")
_PURPOSE_VALUES = frozenset(p.value for p in Purpose)
_PURPOSES = "one of: " + ", ".join(p.value for p in Purpose)
_FILLS = "one of: " + ", ".join(f.value for f in Fills)


def load_script(purpose: Purpose | str, *, directory: Path | None = None) -> Script:
    """Load the script of one purpose from `directory` (default prompts/scripts)."""
    folder = SCRIPTS_DIR if directory is None else directory
    try:
        known = Purpose(purpose)
    except ValueError:
        where = folder / f"{purpose}.toml"
        raise ScriptError(f"{where}: purpose: unknown purpose {purpose!r} ({_PURPOSES})") from None
    script, problems = _script_file(folder / f"{known.value}.toml")
    if script is None:
        raise ScriptError("\n".join(problems))
    return script


def load_scripts(directory: Path | None = None) -> dict[Purpose, Script]:
    """Load every purpose's script; one ScriptError lists the problems of all files."""
    folder = SCRIPTS_DIR if directory is None else directory
    scripts: dict[Purpose, Script] = {}
    problems: list[str] = []
    for purpose in Purpose:
        script, found = _script_file(folder / f"{purpose.value}.toml")
        problems.extend(found)
        if script is not None:
            scripts[purpose] = script
    # A misspelt file name would otherwise be ignored silently while the real one is missing.
    for stray in sorted(folder.glob("*.toml")):
        if stray.stem not in _PURPOSE_VALUES:
            problems.append(f"{stray}: purpose: file name is not a purpose ({_PURPOSES})")
    if problems:
        raise ScriptError("\n".join(problems))
    return scripts


def load_messages(path: Path | None = None) -> Messages:
    """Load the reply wording of every kind the script does not word (default messages.toml)."""
    file = MESSAGES_PATH if path is None else path
    messages, problems = _messages_file(file)
    if messages is None:
        raise ScriptError("\n".join(problems))
    return messages


def _read(path: Path) -> bytes | str:
    """The file's bytes, or why it cannot be read."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return f"{path}: file not found"
    except OSError as exc:
        return f"{path}: cannot read the file ({exc.strerror})"


def _script_file(path: Path) -> tuple[Script | None, tuple[str, ...]]:
    raw = _read(path)
    return (None, (raw,)) if isinstance(raw, str) else _parse_script(path, raw)


def _messages_file(path: Path) -> tuple[Messages | None, tuple[str, ...]]:
    raw = _read(path)
    return (None, (raw,)) if isinstance(raw, str) else _parse_messages(path, raw)


# Cached on the file's content, so an edited file is always validated again; results are immutable.
@functools.lru_cache(maxsize=64)
def _parse_script(path: Path, raw: bytes) -> tuple[Script | None, tuple[str, ...]]:
    check = _Checker(path)
    data = check.parse(raw)
    if data is None:
        return None, tuple(check.problems)
    check.keys(data, "", required=_SCRIPT_REQUIRED, optional=("extras", "follow_ups", "journey"))
    purpose = check.purpose(data, path.stem)
    version = check.version(data)
    texts = {key: check.text(data, key, "") for key in _TEXT_KEYS}
    whys = check.whys(data)
    goals = check.section(data, "goals")
    obstacles = check.section(data, "obstacles")
    extras = check.specs(data.get("extras", []), "extras")
    follow_ups = check.specs(data.get("follow_ups", []), "follow_ups")
    journey = check.step_list(data["journey"], "journey") if "journey" in data else None
    if check.problems or purpose is None:
        return None, tuple(check.problems)
    script = Script(
        purpose=purpose,
        version=version,
        title=texts["title"],
        description=texts["description"],
        intro=texts["intro"],
        goals=goals,
        obstacles=obstacles,
        whys=whys,
        extras=extras,
        follow_ups=follow_ups,
        playback=texts["playback"],
        closing=texts["closing"],
        journey=journey,
    )
    return script, ()


@functools.lru_cache(maxsize=8)
def _parse_messages(path: Path, raw: bytes) -> tuple[Messages | None, tuple[str, ...]]:
    check = _Checker(path)
    data = check.parse(raw)
    if data is None:
        return None, tuple(check.problems)
    check.keys(data, "", required=tuple(kind.value for kind in MESSAGE_KINDS))
    texts = {kind: check.text(data, kind.value, "") for kind in MESSAGE_KINDS}
    if check.problems:
        return None, tuple(check.problems)
    return MappingProxyType(texts), ()


def _at(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def _kind(value: object) -> str:
    """The TOML name of a value's type, for messages a non-programmer can read."""
    names = {bool: "boolean", int: "integer", float: "float", str: "string"}
    names |= {list: "array", dict: "table"}
    return names.get(type(value), "date or time")


class _Checker:
    """Collects every problem of one file, each as 'path: dotted.key: what is wrong'."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[str] = []

    def report(self, where: str, what: str) -> None:
        self.problems.append(f"{self.path}: {where}: {what}" if where else f"{self.path}: {what}")

    def parse(self, raw: bytes) -> dict[str, object] | None:
        try:
            return tomllib.loads(raw.decode("utf-8"))
        except UnicodeDecodeError:
            self.report("", "not UTF-8 text")
        except tomllib.TOMLDecodeError as exc:  # its message carries the line and column
            self.report("", f"invalid TOML: {exc}")
        return None

    def keys(
        self,
        table: dict[str, object],
        at: str,
        *,
        required: tuple[str, ...],
        optional: tuple[str, ...] = (),
    ) -> None:
        for key in table:
            if key not in required and key not in optional:
                self.report(_at(at, key), "unknown key")
        for key in required:
            if key not in table:
                self.report(_at(at, key), "missing")

    def table(self, value: object, at: str) -> dict[str, object]:
        if isinstance(value, dict):
            return value
        self.report(at, f"expected a table, got {_kind(value)}")
        return {}

    def text_value(self, value: object, at: str) -> str:
        if not isinstance(value, str):
            self.report(at, f"expected a string, got {_kind(value)}")
            return ""
        if not value.strip():
            self.report(at, "empty")
            return ""
        return value

    def text(self, table: dict[str, object], key: str, at: str) -> str:
        # A missing key was already reported by keys(); only a present value is checked here.
        return self.text_value(table[key], _at(at, key)) if key in table else ""

    def purpose(self, data: dict[str, object], stem: str) -> Purpose | None:
        value = self.text(data, "purpose", "")
        if not value:
            return None
        if value not in _PURPOSE_VALUES:
            self.report("purpose", f"unknown purpose {value!r} ({_PURPOSES})")
            return None
        if value != stem:
            self.report("purpose", f"{value!r} does not match the file name {stem}.toml")
            return None
        return Purpose(value)

    def version(self, data: dict[str, object]) -> int:
        value = data.get("version", 1)
        if isinstance(value, bool) or not isinstance(value, int):
            self.report("version", f"expected an integer, got {_kind(value)}")
            return 1
        if value < 1:
            self.report("version", f"must be 1 or more, got {value}")
        return value

    def whys(self, data: dict[str, object]) -> tuple[str, ...]:
        value = data.get("whys", [])
        if not isinstance(value, list):
            self.report("whys", f"expected an array of strings, got {_kind(value)}")
            return ()
        if "whys" in data and len(value) != MAX_WHY_LEVELS:
            self.report("whys", f"expected exactly {MAX_WHY_LEVELS} questions, got {len(value)}")
        return tuple(self.text_value(item, f"whys[{i}]") for i, item in enumerate(value))

    def section(self, data: dict[str, object], name: str) -> Section:
        if name not in data:
            return Section(first="", more="")
        table = self.table(data[name], name)
        self.keys(table, name, required=("first", "more"), optional=("details",))
        return Section(
            first=self.text(table, "first", name),
            more=self.text(table, "more", name),
            details=self.specs(table.get("details", []), f"{name}.details"),
        )

    def step_list(self, value: object, at: str) -> StepList:
        """A step-list section: first and next step questions, each step's details (at least
        one), and `pain`, the key of the detail that says what goes wrong at a step."""
        table = self.table(value, at)
        self.keys(table, at, required=("first", "next", "pain", "details"))
        details = self.specs(table.get("details", []), f"{at}.details")
        pain = self.text(table, "pain", at)
        if "details" in table and not details:
            self.report(f"{at}.details", "needs at least one question")
        if pain and pain not in {d.key for d in details}:
            keys = ", ".join(d.key for d in details) or "none"
            self.report(f"{at}.pain", f"{pain!r} is not the key of one of its details ({keys})")
        return StepList(
            first=self.text(table, "first", at),
            next=self.text(table, "next", at),
            details=details,
            pain=pain,
        )

    def specs(self, value: object, at: str) -> tuple[QuestionSpec, ...]:
        if not isinstance(value, list):
            self.report(at, f"expected an array of tables, got {_kind(value)}")
            return ()
        specs: list[QuestionSpec] = []
        seen: set[str] = set()
        for i, item in enumerate(value):
            where = f"{at}[{i}]"
            table = self.table(item, where)
            self.keys(table, where, required=("key", "text"), optional=("label", "fills"))
            key = self.text(table, "key", where)
            if key and not _KEY.fullmatch(key):
                self.report(f"{where}.key", f"{key!r} does not match {_KEY_PATTERN}")
            elif key and key in seen:
                self.report(f"{where}.key", f"duplicate key {key!r}")
            seen.add(key)
            label = self.text(table, "label", where)
            specs.append(
                QuestionSpec(
                    key=key,
                    text=self.text(table, "text", where),
                    label=label,
                    fills=self.fills(table, where),
                )
            )
        return tuple(specs)

    def fills(self, table: dict[str, object], at: str) -> Fills | None:
        """The roadmap field a question's answer drafts, if it names one."""
        value = self.text(table, "fills", at)
        if not value:
            return None
        if value not in {f.value for f in Fills}:
            self.report(f"{at}.fills", f"unknown field {value!r} ({_FILLS})")
            return None
        return Fills(value)
