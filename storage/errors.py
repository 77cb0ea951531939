"""Errors storage raises; the CLI and listeners turn them into one human sentence."""


class StorageError(Exception):
    """Base of the errors storage raises on purpose."""


class StorageUnavailable(StorageError):
    """Raised when the database cannot be reached or opened; the CLI prints it and exits 2."""


class NotFound(StorageError):
    """Raised when an id does not exist (in the team asked for); users see 'no such interview'."""


class AlreadyHandled(StorageError):
    """Raised when an incoming event was handled before (another replica, a restart): a no-op."""


class RoadmapConflict(StorageError):
    """Raised when a roadmap change no longer applies (already merged, an undo that a later
    merge blocks, a candidate changed since it was read); users see the sentence."""
