"""Time-based work: reminders, follow-ups and the weekly digest, run exactly once."""
