"""Benchmarks of the bot against a bare Bolt app, measured in one run on this machine.

`python -m bench.run` (or `make bench`); see docs/benchmarks.md for what is measured and how.
"""
