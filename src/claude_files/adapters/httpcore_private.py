"""httpcore2 2.17's private members (the transport under the anthropic SDK), the one module
that uses them.

`tune_http_reads` raises `httpcore2._async.http11.AsyncHTTP11Connection.READ_NUM_BYTES`:
each read goes through h11, httpcore, httpx and the SDK, and at httpcore's 64 KiB that
overhead held 500 MB downloads to about 60 % of curl's speed (profiled); 1 MiB reads halve the
calls. Guarded: if the transport changes, the default simply stays (downloads slower, not
broken). tests/unit/test_library_contracts.py fails when the attribute moves; pyproject.toml
keeps `anthropic<3` (which brings httpcore2 2.x) until it is re-checked.
"""

from __future__ import annotations

HTTP_READ_BYTES = 1024 * 1024


def tune_http_reads() -> bool:
    """Read the socket `HTTP_READ_BYTES` at a time; False when httpcore2 no longer has the knob."""
    try:
        from httpcore2._async.http11 import AsyncHTTP11Connection
    except ImportError:  # pragma: no cover - another transport
        return False
    if not isinstance(getattr(AsyncHTTP11Connection, "READ_NUM_BYTES", None), int):
        return False
    AsyncHTTP11Connection.READ_NUM_BYTES = max(AsyncHTTP11Connection.READ_NUM_BYTES, HTTP_READ_BYTES)
    return True
