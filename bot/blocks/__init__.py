"""Pure Block Kit builders and payload parsers, checked against Slack's limits (no I/O)."""
