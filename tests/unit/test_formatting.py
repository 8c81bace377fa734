"""Relative times round to the nearest unit (issue 12: a 1-day expiry showed "in 23h")."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from claude_files import formatting

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (86_400 - 1, "in 1d"),  # a 1-day expiry, a second after upload
        (86_400 - 40, "in 1d"),
        (86_400, "in 1d"),
        (86_400 + 12 * 3600 - 1, "in 1d"),
        (86_400 + 12 * 3600, "in 2d"),
        (3600 - 1, "in 1h"),
        (3600 + 29 * 60 + 59, "in 1h"),
        (3600 + 30 * 60, "in 2h"),
        (23 * 3600 + 29 * 60, "in 23h"),
        (23 * 3600 + 30 * 60, "in 1d"),  # rounds to 24h: written in the next unit
        (59, "in 59s"),
        (59.5, "in 1m"),
        (89, "in 1m"),
        (90, "in 2m"),
        (7 * 86_400 - 1, "in 7d"),
        (30 * 86_400 - 1, "in 30d"),
        (90 * 86_400 - 1, "in 3mo"),
        (365 * 86_400, "in 1y"),
    ],
)
def test_expiry_rounds_to_the_nearest_unit(seconds: float, shown: str) -> None:
    assert formatting.expiry(NOW + timedelta(seconds=seconds), NOW) == shown


@pytest.mark.parametrize(("seconds", "shown"), [(4.9, "just now"), (5, "5s ago"), (3 * 86_400 - 60, "3d ago"), (7200, "2h ago")])
def test_ago_rounds_the_same_way(seconds: float, shown: str) -> None:
    assert formatting.ago(NOW - timedelta(seconds=seconds), NOW) == shown


def test_expired_and_never() -> None:
    assert formatting.expiry(NOW - timedelta(seconds=1), NOW) == "expired"
    assert formatting.expiry(None, NOW) == "never"
