"""The layer rules hold: import-linter's contracts (pyproject.toml) pass, a deliberate bad import
breaks each of them, and no module of bot/ or storage/ is part of an import cycle."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

# (file to spoil, the import added, the contract it must break)
BAD_IMPORTS = [
    ("sandbox/__init__.py", "import bot.clock", "sandbox speaks only Slack's protocol"),
    ("storage/errors.py", "import bot.errors", "storage never imports bot"),
    ("bot/clock.py", "import storage.models", "storage has one front door"),
    ("bot/flows/engine.py", "import slack_sdk", "the interview engine is pure"),
    ("bot/metrics/status.py", "import storage", "success metrics' status is pure"),
    ("bot/blocks/text.py", "import storage", "Block Kit builders take domain values"),
    ("bot/listeners/context.py", "import storage", "listeners never see storage"),
    ("bot/slack/access.py", "import bot.listeners", "bot's layers point one way"),
]


def _lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_every_layer_contract_is_kept() -> None:
    done = _lint_imports(ROOT)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "BROKEN" not in done.stdout


def test_a_deliberate_bad_import_breaks_each_contract(tmp_path: Path) -> None:
    for package in ("bot", "storage", "sandbox"):
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("web"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    for path, statement, _ in BAD_IMPORTS:
        spoiled = tmp_path / path
        spoiled.write_text(spoiled.read_text() + f"\n{statement}  # deliberately bad\n")

    done = _lint_imports(tmp_path)

    assert done.returncode != 0
    broken = [line for line in done.stdout.splitlines() if line.endswith(" BROKEN")]
    for *_, contract in BAD_IMPORTS:
        assert any(line.startswith(contract) for line in broken), (contract, done.stdout[-4000:])
    assert "KEPT" not in done.stdout.split("Broken contracts")[0]


def _cycles(graph: grimp.ImportGraph, modules: set[str]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in sorted(graph.find_modules_directly_imported_by(module) & modules):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for module in sorted(modules):
        if module not in index:
            visit(module)
    return groups


def test_no_module_of_bot_or_storage_is_in_an_import_cycle() -> None:
    graph = grimp.build_graph("bot", "storage")
    modules = {m for m in graph.modules if m.split(".")[0] in ("bot", "storage")}
    assert len(modules) > 100
    assert _cycles(graph, modules) == []
