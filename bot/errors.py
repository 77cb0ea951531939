"""Domain errors: who raises each and what the user sees is in its docstring."""


class InterviewBotError(Exception):
    """Base of every error this project raises on purpose."""


class ConfigError(InterviewBotError):
    """Raised by settings at start-up; the message lists every missing or bad setting."""


class ScriptError(InterviewBotError):
    """Raised when a question script or message file is invalid; names the file and the key."""
