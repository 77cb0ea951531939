"""The Slack surface: client, outbox sender, app factory, use cases and presenters."""
