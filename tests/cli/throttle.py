"""A loopback TCP proxy that slows responses to a byte rate, so a download is still running when Ctrl-C comes."""

from __future__ import annotations

import asyncio
import threading


class ThrottlingProxy:
    """Forwards to `port`; responses flow at about `bytes_per_second`."""

    def __init__(self, port: int, bytes_per_second: int) -> None:
        self.target_port = port
        self.rate = bytes_per_second
        self.port: int | None = None
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="throttle", daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> ThrottlingProxy:
        self._thread.start()
        server = asyncio.run_coroutine_threadsafe(asyncio.start_server(self._serve, "127.0.0.1", 0), self._loop).result(10)
        self._server = server
        self.port = server.sockets[0].getsockname()[1]
        return self

    def __exit__(self, *exc: object) -> None:
        async def shutdown() -> None:
            self._server.close()
            for task in asyncio.all_tasks():
                if task is not asyncio.current_task():
                    task.cancel()

        asyncio.run_coroutine_threadsafe(shutdown(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    async def _serve(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        try:
            server_r, server_w = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            client_w.transport.abort()
            return
        await asyncio.gather(self._pump(client_r, server_w, 0), self._pump(server_r, client_w, self.rate), return_exceptions=True)
        for writer in (client_w, server_w):
            writer.transport.abort()

    async def _pump(self, src: asyncio.StreamReader, dst: asyncio.StreamWriter, rate: int) -> None:
        chunk = 64 * 1024
        while data := await src.read(chunk):
            dst.write(data)
            await dst.drain()
            if rate:
                await asyncio.sleep(len(data) / rate)
        dst.close()
