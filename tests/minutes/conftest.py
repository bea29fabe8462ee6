from pathlib import Path

import pytest

from tests.meetings.conftest import outbox  # noqa: F401  (the same after-commit e-mail fixture)

SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_a7bb6c083322a400.txt"


@pytest.fixture
def seed_bytes() -> bytes:
    if not SEED.exists():
        pytest.skip(f"the seed summary is not at {SEED}")
    return SEED.read_bytes()
