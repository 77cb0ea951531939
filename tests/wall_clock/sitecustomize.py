"""Python child processes of a test run with TEST_WALL_CLOCK share the parent's moved clock.

tests/conftest.py puts this folder first on PYTHONPATH and the offset from the real clock in
TEST_WALL_CLOCK_OFFSET, so a bot the tests start in another process (the benchmarks' servers,
`interview-bot sandbox`) agrees with the in-process Slack stand-in about what time it is.
"""

import os

_offset = os.environ.get("TEST_WALL_CLOCK_OFFSET")
if _offset:
    import time

    import time_machine

    time_machine.travel(time.time() + float(_offset), tick=True).start()
