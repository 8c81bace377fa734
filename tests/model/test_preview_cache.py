"""The preview cache: least recently used heads leave first, and the byte budget holds."""

from __future__ import annotations

from claude_files.model.preview_cache import PreviewBytes, PreviewCache


def head(size: int) -> PreviewBytes:
    return PreviewBytes(b"x" * size, truncated=False)


def test_evicts_least_recently_used_within_the_byte_budget() -> None:
    cache = PreviewCache(budget=100)
    cache.put("a", head(40))
    cache.put("b", head(40))
    assert cache.get("a") is not None  # a is now the most recently used
    cache.put("c", head(40))
    assert "b" not in cache and "a" in cache and "c" in cache
    assert cache.held == 80 <= cache.budget


def test_replacing_an_entry_counts_its_bytes_once() -> None:
    cache = PreviewCache(budget=100)
    cache.put("a", head(60))
    cache.put("a", head(30))
    assert cache.held == 30 and len(cache) == 1


def test_an_entry_larger_than_the_budget_is_not_kept_and_evicts_nothing() -> None:
    cache = PreviewCache(budget=100)
    cache.put("a", head(50))
    assert cache.put("huge", head(101)) is False
    assert "huge" not in cache and "a" in cache and cache.held == 50


def test_discard() -> None:
    cache = PreviewCache(budget=100)
    cache.put("a", head(10))
    cache.discard("a")
    cache.discard("missing")
    assert cache.held == 0 and cache.get("a") is None
