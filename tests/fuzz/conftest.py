"""Hypothesis profiles for the fuzz tests.

``ci`` (the default): few examples, derandomised, so the suite is quick and never flaky;
together the fuzz tests stay well under a minute. ``deep`` (``NEWSTRACE_FUZZ=deep``):
random examples, many more of them, for a local hunt (see docs/robustness.md).
No deadline: time per document is bounded by the worker's time limit, tested on its own
(tests/pipeline/test_supervise.py), never by a timed assertion here.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=int(os.environ.get("NEWSTRACE_FUZZ_EXAMPLES", "25")),
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "deep",
    max_examples=int(os.environ.get("NEWSTRACE_FUZZ_EXAMPLES", "2000")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("NEWSTRACE_FUZZ", "ci"))
