"""sandbox/ speaks only Slack's public protocol: it must not import the bot or its storage."""

from __future__ import annotations

import ast
from pathlib import Path

SANDBOX = Path(__file__).resolve().parents[2] / "sandbox"
FORBIDDEN = ("bot", "storage")


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_sandbox_imports_nothing_from_bot_or_storage() -> None:
    files = sorted(SANDBOX.rglob("*.py"))
    assert files, f"no sources found under {SANDBOX}"
    offenders = {
        f"{path.name}: {module}"
        for path in files
        for module in _imported_modules(path)
        if module.split(".")[0] in FORBIDDEN
    }

    assert offenders == set()
