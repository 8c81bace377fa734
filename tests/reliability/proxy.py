"""A real TCP proxy that cuts, stalls or slows connections mid-stream, for faults the server cannot inject itself.

The local server drops connections only before it answers; a download that breaks
half-way or an upload whose connection dies while the body is still being sent need
bytes to stop flowing in the middle. This proxy forwards real HTTP bytes between the
SDK and the local server and aborts both sides once a byte budget is spent; it can also
hold answers to a byte rate, so that a transfer is still running when a test interrupts it.
"""

from __future__ import annotations

import asyncio
import threading


class CuttingProxy:
    """Loopback proxy to `host:port`; set `cut_response_after` / `cut_request_after` (bytes per connection).

    `stall_response_after` instead stops forwarding the answer after that many bytes but
    keeps both connections open: the server has gone quiet mid-body, nothing was closed.
    `response_pace` (seconds) waits that long before forwarding each piece of an answer: slow, but moving.
    `response_rate` (bytes per second) holds answers to about that rate.
    """

    def __init__(self, host: str, port: int | None) -> None:
        self.target = (host, port)
        self.cut_response_after: int | None = None
        self.cut_request_after: int | None = None
        self.stall_response_after: int | None = None
        self.stalls = 0
        self.response_pace = 0.0
        self.response_rate: int | None = None
        self.cuts = 0
        self.port: int | None = None
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="cutting-proxy", daemon=True)
        self._server: asyncio.base_events.Server | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> CuttingProxy:
        self._thread.start()
        self._server = asyncio.run_coroutine_threadsafe(asyncio.start_server(self._serve, "127.0.0.1", 0), self._loop).result(10)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    def __exit__(self, *exc: object) -> None:
        async def shutdown() -> None:
            assert self._server is not None
            self._server.close()
            for task in asyncio.all_tasks():
                if task is not asyncio.current_task():
                    task.cancel()

        asyncio.run_coroutine_threadsafe(shutdown(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)

    async def _serve(self, client_r: asyncio.StreamReader, client_w: asyncio.StreamWriter) -> None:
        try:
            server_r, server_w = await asyncio.open_connection(*self.target)
        except OSError:
            client_w.transport.abort()
            return
        writers = (client_w, server_w)
        await asyncio.gather(
            self._pump(client_r, server_w, writers, lambda: self.cut_request_after),
            self._pump(
                server_r,
                client_w,
                writers,
                lambda: self.cut_response_after,
                lambda: self.stall_response_after,
                self._pace,
                lambda: self.response_rate,
            ),
            return_exceptions=True,
        )

    def _pace(self) -> float:
        return self.response_pace

    async def _pump(
        self,
        src: asyncio.StreamReader,
        dst: asyncio.StreamWriter,
        writers,
        budget,
        stall=lambda: None,
        pace=lambda: 0.0,
        rate=lambda: None,
    ) -> None:
        sent = 0
        try:
            while data := await src.read(16 * 1024):
                if pace():
                    await asyncio.sleep(pace())
                quiet_after = stall()
                if quiet_after is not None and sent + len(data) > quiet_after:
                    dst.write(data[: max(0, quiet_after - sent)])
                    await dst.drain()
                    self.stalls += 1
                    await asyncio.Event().wait()  # silent until the proxy shuts down
                limit = budget()
                if limit is not None and sent + len(data) > limit:
                    dst.write(data[: max(0, limit - sent)])
                    await dst.drain()
                    self.cuts += 1
                    for writer in writers:
                        writer.transport.abort()
                    return
                dst.write(data)
                await dst.drain()
                sent += len(data)
                if rate():
                    await asyncio.sleep(len(data) / rate())
            dst.close()
        except (ConnectionError, OSError):
            for writer in writers:
                writer.transport.abort()
