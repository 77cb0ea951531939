"""From pain points to a prioritised roadmap: themes, candidates, scoring, a plan, the sheet.

The modules here are pure (no Slack, no database, no clock) except `service.py`, which puts
them together with storage.
"""
