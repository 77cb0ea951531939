"""Wording of the bot as data files: question scripts, messages and Jinja templates."""

from pathlib import Path

PROMPTS_DIR = Path(__file__).parent
SCRIPTS_DIR = PROMPTS_DIR / "scripts"
TEMPLATES_DIR = PROMPTS_DIR / "templates"
MESSAGES_PATH = PROMPTS_DIR / "messages.toml"
