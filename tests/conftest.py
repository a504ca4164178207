"""Shared test configuration."""

import os

from hypothesis import HealthCheck, settings

# Derandomised in CI so a run is repeatable; a local `HYPOTHESIS_PROFILE=explore`
# run searches new examples.
settings.register_profile(
    "ci", derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile("explore", deadline=None, max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
