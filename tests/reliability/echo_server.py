"""A real HTTP server whose errors repeat the caller's API key back, as a careless proxy might."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class EchoKeyServer:
    """Answers every request with `status` and an error message that contains the API key."""

    def __init__(self) -> None:
        self.status = 400
        self.keys_seen: list[str] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # http.server's naming
                auth = self.headers.get("authorization", "")
                key = self.headers.get("x-api-key") or auth.removeprefix("Bearer ")
                owner.keys_seen.append(key)
                body = json.dumps(
                    {"type": "error", "error": {"type": "invalid_request_error", "message": f"bad key {key} for this org"}}
                ).encode()
                self.send_response(owner.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def __enter__(self) -> EchoKeyServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
