"""Success metrics: their vocabulary, the status computed from value and time, and the text
sparkline. Pure functions: no Slack, no storage, no clock (today is an argument)."""
