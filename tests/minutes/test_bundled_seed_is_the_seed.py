"""The demo's copy of the 21 May 2020 summary is the seed itself, byte for byte."""

import pytest

from tests.minutes.conftest import BUNDLED_SEED, SHARED_SEED


def test_the_bundled_summary_is_the_shared_seed():
    if not SHARED_SEED.exists():
        pytest.skip(f"no shared seed at {SHARED_SEED} to compare with")
    assert BUNDLED_SEED.read_bytes() == SHARED_SEED.read_bytes()
