import os

# xlwings registers its remote engine at import time: the key must be set before any import.
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
