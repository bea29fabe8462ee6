from pathlib import Path

import pytest

from tests.meetings.conftest import outbox  # noqa: F401  (the same after-commit e-mail fixture)

SHARED_SEED = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "000_a7bb6c083322a400.txt"
# The demo ships the same summary, so the acceptance tests run in any checkout.
BUNDLED_SEED = Path(__file__).resolve().parents[2] / "alliance" / "minutes" / "data" / "summary-2020-05-21.txt"


@pytest.fixture
def seed_bytes() -> bytes:
    return (SHARED_SEED if SHARED_SEED.exists() else BUNDLED_SEED).read_bytes()
