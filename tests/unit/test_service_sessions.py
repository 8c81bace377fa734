"""service.py lists through the beta files list (with session scopes), narrows by scope_id and ids,
and falls back to the GA list for the connection when the API refuses the sessions beta."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from claude_files.server import LocalServer
from claude_files.server.demo_data import session_id
from claude_files.service import SESSIONS_BETA, Connection, FilesService, ServiceError

SESSION = session_id("service test session")


@pytest.fixture
def refusing_server() -> Iterator[LocalServer]:
    srv = LocalServer(demo_data=False, refuse_betas=[SESSIONS_BETA])
    srv.start()
    try:
        yield srv
    finally:
        srv.close()


async def _service(server: LocalServer) -> FilesService:
    return await FilesService.connect(Connection(base_url=server.url, api_key="test-key"), max_retries=0)


def _seed(server: LocalServer) -> tuple[str, str]:
    scoped = server.add_file("out.csv", b"a,b\n", downloadable=True, scope_id=SESSION)["id"]
    plain = server.add_file("in.txt", b"hello")["id"]
    return scoped, plain


async def test_pages_carry_scopes_and_scope_id_narrows(server):
    scoped, plain = _seed(server)
    service = await _service(server)
    try:
        page = await service.list_page()
        by_id = {row.id: row for row in page.files}
        assert by_id[scoped].scope.id == SESSION and by_id[scoped].scope.type == "session"
        assert by_id[plain].scope is None
        narrowed = await service.list_page(scope_id=SESSION)
        assert [row.id for row in narrowed.files] == [scoped]
        assert (await service.retrieve(scoped)).scope.id == SESSION
        assert [row.id for row in await service.list_ids([plain, scoped])] == [plain, scoped]
        assert not service.sessions_refused
    finally:
        await service.close()


async def test_a_refused_beta_falls_back_to_ga_and_is_remembered(refusing_server):
    scoped, plain = _seed(refusing_server)
    service = await _service(refusing_server)
    try:
        page = await service.list_page()
        assert {row.id for row in page.files} == {scoped, plain}
        assert service.sessions_refused
        assert (await service.retrieve(plain)).id == plain
        with pytest.raises(ServiceError) as caught:
            await service.list_page(scope_id=SESSION)
        assert caught.value.kind == "no_sessions"
    finally:
        await service.close()


@pytest.mark.parametrize("refused", [False, True])
async def test_a_page_the_fast_reading_refuses_is_read_as_the_sdk_reads_it(server, refusing_server, refused):
    """Pages are validated by pydantic-core (fast); a field it cannot take sends the page through
    the SDK's lenient parse, so an odd row is listed, not an error."""
    from claude_files.server.fields import new_id

    srv = refusing_server if refused else server
    plain = srv.add_file("in.txt", b"hello")["id"]
    odd = new_id()
    srv.storage.add_synthetic([(odd, "odd.bin", "application/octet-stream", "lots", 1_700_000_000_000_000)])
    service = await _service(srv)
    try:
        page = await service.list_page(None, 10)
        by_id = {row.id: row for row in page.files}
        assert by_id[odd].size_bytes == "lots"
        assert by_id[plain].size_bytes == 5 and by_id[plain].created_at.tzinfo is not None
        assert [row.id for row in await service.list_ids([odd])] == [odd]
    finally:
        await service.close()
