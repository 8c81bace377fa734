"""argparse ``type=`` functions for ``serve``: a bad number is refused in argparse's own words.

Each raises ``ArgumentTypeError``, so argparse prints ``argument --port: invalid port value:
'99999' (must be 0 to 65535)`` with the usage line and exits with status 2: no traceback.
"""

from __future__ import annotations

import argparse
import math
from collections.abc import Callable


def _number(text: str, kind: str, parse: Callable[[str], float]) -> float:
    try:
        value = parse(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid {kind} value: {text!r}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"invalid {kind} value: {text!r} (must be a finite number)")
    return value


def _within(text: str, kind: str, value: float, low: float, high: float | None) -> None:
    if value < low or (high is not None and value > high):
        bounds = f"{low:g} to {high:g}" if high is not None else f"{low:g} or more"
        raise argparse.ArgumentTypeError(f"invalid {kind} value: {text!r} (must be {bounds})")


def port(text: str) -> int:
    value = int(_number(text, "port", int))
    _within(text, "port", value, 0, 65535)
    return value


def count(text: str) -> int:
    """A whole number of things, zero or more."""
    value = int(_number(text, "count", int))
    _within(text, "count", value, 0, None)
    return value


def seconds(text: str) -> int:
    """A whole number of seconds, at least one (the SDK reads ``expires_in`` as whole seconds)."""
    value = int(_number(text, "seconds", int))
    _within(text, "seconds", value, 1, None)
    return value


def byte_count(text: str) -> int:
    value = int(_number(text, "byte count", int))
    _within(text, "byte count", value, 0, None)
    return value


def milliseconds(text: str) -> float:
    value = _number(text, "milliseconds", float)
    _within(text, "milliseconds", value, 0, None)
    return value


def fraction(text: str) -> float:
    value = _number(text, "fraction", float)
    _within(text, "fraction", value, 0, 1)
    return value
