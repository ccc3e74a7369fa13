import os

# xlwings registers its remote engine at import time: the key must be set before any import.
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402

# The long run of the fuzz suite (tests/test_fuzz_inputs.py), outside CI:
#   HYPOTHESIS_PROFILE=long .venv/bin/python -m pytest -p no:xdist tests/test_fuzz_inputs.py --hypothesis-show-statistics
# Its properties take their example counts (over 100,000 in all) from the suite when this profile is
# loaded; the profile lifts the per-example deadline and prints how to reproduce a failure.
settings.register_profile("long", deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
if os.environ.get("HYPOTHESIS_PROFILE"):
    settings.load_profile(os.environ["HYPOTHESIS_PROFILE"])

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
