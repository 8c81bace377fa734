"""The printed URL and `ssh -L` line name the address actually bound, and the page loads
nothing from another host (its font comes from the server itself)."""

from __future__ import annotations

import re
import urllib.request
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from .browser import WebServer

SVG_NAMESPACE = "http://www.w3.org/2000/svg"  # a name inside the page's SVG, never fetched


def _get(url: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.read()


def test_another_loopback_host_is_the_one_printed(tmp_path: Path) -> None:
    server = WebServer("--host", "127.0.0.2", env={"CLAUDE_FILES_CONFIG": str(tmp_path / "config.json")})
    try:
        port = urlsplit(server.page_url).port
        assert server.page_url.startswith(f"http://127.0.0.2:{port}/?token=")
        printed = "".join(server.lines)
        assert f"ssh -L {port}:127.0.0.2:{port} " in printed and "127.0.0.1" not in printed
        assert _get(server.page_url)[0] == 200
    finally:
        server.stop()


def test_the_page_names_no_outside_host_and_its_font_is_served(tmp_path: Path) -> None:
    server = WebServer(env={"CLAUDE_FILES_CONFIG": str(tmp_path / "config.json")})
    try:
        status, body = _get(server.page_url)
        page = body.decode()
        assert status == 200
        outside = [url for url in re.findall(r"https?://[^\s\"')]+", page) if url != SVG_NAMESPACE]
        assert all(urlsplit(url).hostname == "127.0.0.1" for url in outside), outside
        fonts = re.findall(r"url\(\"([^\"]+\.ttf)\"\)", page)
        assert fonts, "the page declares its font"
        for font in fonts:
            status, data = _get(urljoin(server.page_url, font))
            assert status == 200 and len(data) > 10_000
    finally:
        server.stop()
