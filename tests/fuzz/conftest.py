"""Fuzzing profiles: 500 examples per test in CI, far more with FUZZ_PROFILE=long."""

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "fuzz-ci",
    max_examples=500,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "fuzz-long",
    max_examples=20_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

FUZZ = settings.get_profile("fuzz-long" if os.environ.get("FUZZ_PROFILE") == "long" else "fuzz-ci")
