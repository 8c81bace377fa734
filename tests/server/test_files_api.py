"""The SDK's whole files / beta.files surface against the local server, strictly validated."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import anthropic
import pytest
from anthropic.types import FileExpiredError, FileMetadata, FileNotDownloadableError
from anthropic.types.beta import BetaFileMetadata

from claude_files.server import LocalServer


def _up(client: anthropic.Anthropic, name: str = "a.txt", data: bytes = b"hello", mime: str = "text/plain", **kw):
    return client.files.upload(file=(name, data, mime), **kw)


# ------------------------------------------------------------------ upload
def test_upload_as_tuple_returns_strict_metadata(client, server):
    f = _up(client, "notes.txt", b"hello world")
    assert isinstance(f, FileMetadata)
    assert f.type == "file" and f.filename == "notes.txt" and f.mime_type == "text/plain"
    assert f.size_bytes == 11 and f.downloadable is False and f.expires_at is None
    assert f.id.startswith("file_011C") and len(f.id) == len("file_011C") + 20
    assert f.created_at.tzinfo is not None
    assert abs((datetime.now(UTC) - f.created_at).total_seconds()) < 60
    assert server.file_count() == 1 and server.stored_bytes() == 11
    assert [p.name for p in server.blob_paths()] == [f.id]


def test_upload_as_path_and_open_file(client, tmp_path: Path):
    p = tmp_path / "report.md"
    p.write_text("# Report\n\nAll good.\n")
    f1 = client.files.upload(file=p)
    assert f1.filename == "report.md" and f1.mime_type == "text/markdown" and f1.size_bytes == p.stat().st_size
    with open(p, "rb") as fh:
        f2 = client.files.upload(file=fh)
    assert f2.filename == "report.md" and f2.size_bytes == f1.size_bytes
    f3 = client.files.upload(file=io.BytesIO(b"\x89PNG\r\n\x1a\n"))  # no name at all
    assert f3.filename.startswith("unnamed")


def test_mime_guessed_from_name_when_octet_stream(client):
    assert _up(client, "data.csv", b"a,b\n1,2\n", "application/octet-stream").mime_type == "text/csv"
    assert _up(client, "blob.unknownext", b"x", "application/octet-stream").mime_type == "application/octet-stream"
    assert _up(client, "doc.pdf", b"%PDF-1.4", "application/pdf").mime_type == "application/pdf"


def test_expires_in_seconds(client):
    f = _up(client, expires_in_seconds=3600)
    assert f.expires_at is not None
    assert timedelta(seconds=3599) <= f.expires_at - f.created_at <= timedelta(seconds=3601)
    assert _up(client, expires_in_seconds=7_776_000).expires_at is not None
    for bad in (3599, 7_776_001, 0):
        with pytest.raises(anthropic.BadRequestError) as ei:
            _up(client, expires_in_seconds=bad)
        assert ei.value.type == "invalid_request_error"


@pytest.mark.parametrize(
    ("given", "stored"),
    [("../../etc/passwd", "passwd"), ("C:\\Users\\me\\secret.txt", "secret.txt"), ("dir/sub/ok name.txt", "ok name.txt")],
)
def test_filename_keeps_final_component(client, server, given, stored):
    f = _up(client, given)
    assert f.filename == stored
    assert all(p.parent == server.data_dir / "blobs" for p in server.blob_paths())


@pytest.mark.parametrize("bad", ["a<b.txt", "pipe|.txt", "what?.txt", "star*.txt", "col:on.txt", "x" * 256])
def test_filename_rules_rejected(client, server, bad):
    with pytest.raises(anthropic.BadRequestError):
        _up(client, bad)
    assert server.file_count() == 0 and server.blob_paths() == []


def _raw_upload(server, filename_param: bytes, data: bytes = b"x"):
    import httpx2

    boundary = b"----cfboundary"
    body = (
        b"--" + boundary + b"\r\n"
        b'Content-Disposition: form-data; name="file"; filename="' + filename_param + b'"\r\n'
        b"Content-Type: text/plain\r\n\r\n" + data + b"\r\n--" + boundary + b"--\r\n"
    )
    return httpx2.post(
        server.url + "/v1/files",
        content=body,
        headers={"x-api-key": "k", "content-type": "multipart/form-data; boundary=" + boundary.decode()},
    )


@pytest.mark.parametrize("raw", [b"ctl\x01name.txt", b"tab\tname.txt", b'q\\"uote.txt', b"del\x7f.txt"])
def test_filename_control_chars_and_quotes_rejected_raw(server, raw):
    r = _raw_upload(server, raw)
    assert r.status_code == 400, r.text
    assert r.json()["error"]["type"] == "invalid_request_error"
    assert server.file_count() == 0


def test_raw_multipart_upload_roundtrip(server):
    r = _raw_upload(server, b"plain.txt", b"abc")
    assert r.status_code == 200 and r.json()["filename"] == "plain.txt" and r.json()["size_bytes"] == 3
    assert r.headers["request-id"].startswith("req_")


def test_filename_255_chars_ok(client):
    assert _up(client, "y" * 251 + ".txt").filename == "y" * 251 + ".txt"


# -------------------------------------------------------------------- list
def test_list_newest_first_pages_and_auto_pagination(client):
    ids = [_up(client, f"f{i}.txt", b"x" * i).id for i in range(7)]
    page = client.files.list(limit=3)
    assert [f.id for f in page.data] == ids[::-1][:3]
    assert page.next_page and page.next_page.startswith("page_") and page.has_next_page()
    page2 = page.get_next_page()
    assert [f.id for f in page2.data] == ids[::-1][3:6]
    everything = [f.id for f in client.files.list(limit=3)]
    assert everything == ids[::-1]
    last = client.files.list(limit=3, page=page2.next_page)
    assert [f.id for f in last.data] == [ids[0]] and last.next_page is None and not last.has_next_page()
    assert client.files.list(limit=7).next_page is None


def test_list_empty(client):
    page = client.files.list()
    assert page.data == [] and page.next_page is None


def test_list_limit_bounds_and_bad_cursor(client):
    _up(client)
    for bad in (0, 1001, -1):
        with pytest.raises(anthropic.BadRequestError):
            client.files.list(limit=bad)
    assert len(client.files.list(limit=1000).data) == 1
    for cursor in ("garbage", "page_!!!", "page_" + "A" * 10):
        with pytest.raises(anthropic.BadRequestError):
            client.files.list(page=cursor)


def test_cursor_stable_under_concurrent_inserts_and_deletes(client, server):
    old = [_up(client, f"old{i}.txt").id for i in range(30)]
    survivors = set(old)
    seen: list[str] = []
    page = client.files.list(limit=7)
    round_ = 0
    while True:
        seen += [f.id for f in page.data]
        # between pages: add new files and delete some not-yet-seen and some already-seen ones
        for j in range(3):
            _up(client, f"new{round_}-{j}.txt")
        unseen = [i for i in old if i not in seen and i in survivors]
        for victim in unseen[-1:] + [s for s in seen if s in survivors][:1]:
            client.files.delete(victim)
            survivors.discard(victim)
        round_ += 1
        if not page.has_next_page():
            break
        page = page.get_next_page()
    assert len(seen) == len(set(seen)), "duplicates across pages"
    assert survivors <= set(seen), "a file that existed throughout was skipped"
    order = {fid: i for i, fid in enumerate(old)}
    olds_seen = [s for s in seen if s in order]
    assert olds_seen == sorted(olds_seen, key=lambda s: -order[s])


def test_ids_filter(client):
    a, b, c = (_up(client, n).id for n in ("a.txt", "b.txt", "c.txt"))
    page = client.files.list(ids=[a, c, a, "file_011CdoesNotExistAtAll00"])
    assert [f.id for f in page.data] == [c, a] and page.next_page is None
    client.files.delete(c)
    assert [f.id for f in client.files.list(ids=[a, c]).data] == [a]
    with pytest.raises(anthropic.BadRequestError):
        client.files.list(ids=[a], limit=5)
    with pytest.raises(anthropic.BadRequestError):
        client.files.list(ids=[a], page="page_x")
    with pytest.raises(anthropic.BadRequestError):
        client.files.list(ids=[f"file_011C{i:020d}" for i in range(101)])
    assert client.files.list(ids=[a] * 150).data[0].id == a  # 1 after de-dup
    assert [f.id for f in client.files.list(ids=[b])] == [b]  # auto-pagination stops


# ---------------------------------------------------- retrieve / download
def test_retrieve_metadata_and_unknown_ids(client):
    f = _up(client)
    got = client.files.retrieve_metadata(f.id)
    assert got == f
    for bad in ("file_011CnopeNopeNopeNopeNope", "file_..%2F..%2Fetc", "nothing", "file_a.b"):
        with pytest.raises(anthropic.NotFoundError) as ei:
            client.files.retrieve_metadata(bad)
        assert ei.value.request_id and ei.value.request_id.startswith("req_")
        assert ei.value.type == "not_found_error"


def test_download_downloadable_file_byte_exact(client, server):
    payload = bytes(range(256)) * 4000  # ~1 MB, several chunks
    meta = server.add_file("chart.bin", payload, "application/octet-stream", downloadable=True)
    assert meta["downloadable"] is True
    resp = client.files.download(meta["id"])
    assert resp.read() == payload
    assert resp.http_response.headers["content-type"].startswith("application/octet-stream")
    assert int(resp.http_response.headers["content-length"]) == len(payload)
    with client.files.with_streaming_response.download(meta["id"]) as stream:
        chunks = list(stream.iter_bytes(65536))
    assert b"".join(chunks) == payload and len(chunks) > 1


def test_download_to_file(client, server, tmp_path):
    meta = server.add_file("analysis_results.csv", b"a,b\n1,2\n", downloadable=True)
    client.files.download(meta["id"]).write_to_file(tmp_path / "out.csv")
    assert (tmp_path / "out.csv").read_bytes() == b"a,b\n1,2\n"


def test_download_not_downloadable(client):
    f = _up(client)
    with pytest.raises(FileNotDownloadableError) as ei:
        client.files.download(f.id)
    assert ei.value.status_code == 400 and ei.value.error_code == "file_not_downloadable"


def test_download_expired(client, server):
    past = datetime.now(UTC) - timedelta(minutes=1)
    meta = server.add_file("old.csv", b"1,2\n", downloadable=True, expires_at=past)
    with pytest.raises(FileExpiredError) as ei:
        client.files.download(meta["id"])
    assert ei.value.status_code == 404 and ei.value.error_code == "file_expired"
    listed = client.files.list().data
    assert [f.id for f in listed] == [meta["id"]] and listed[0].expires_at is not None
    assert server.blob_paths() == []  # content is gone, metadata stays


# ------------------------------------------------------------------ delete
def test_delete_then_404(client, server):
    f = _up(client)
    deleted = client.files.delete(f.id)
    assert deleted.id == f.id and deleted.type == "file_deleted"
    assert server.file_count() == 0 and server.blob_paths() == []
    for call in (client.files.delete, client.files.retrieve_metadata, client.files.download):
        with pytest.raises(anthropic.NotFoundError):
            call(f.id)


# --------------------------------------------------------------- beta surface
def test_beta_files_surface(client, server):
    f = client.beta.files.upload(file=("b.txt", b"beta", "text/plain"))
    assert isinstance(f, BetaFileMetadata)
    assert client.beta.files.retrieve_metadata(f.id).id == f.id
    assert [x.id for x in client.beta.files.list()] == [f.id]
    meta = server.add_file("out.txt", b"generated", downloadable=True)
    assert client.beta.files.download(meta["id"]).read() == b"generated"
    assert client.beta.files.delete(f.id).type == "file_deleted"
    with pytest.raises(anthropic.NotFoundError):
        client.beta.files.retrieve_metadata(f.id)


async def test_async_client_surface(server):
    async with anthropic.AsyncAnthropic(api_key="k", base_url=server.url, _strict_response_validation=True, max_retries=0) as ac:
        f = await ac.files.upload(file=("x.txt", b"async", "text/plain"))
        ids = [x.id async for x in ac.files.list(limit=1)]
        assert ids == [f.id]
        await ac.files.delete(f.id)
        with pytest.raises(anthropic.NotFoundError):
            await ac.files.retrieve_metadata(f.id)


# ------------------------------------------------------ workspaces / restart
def test_workspace_isolation(client, server):
    a = _up(client, "a.txt", workspace_id="wrkspc_A")
    b = _up(client, "b.txt", workspace_id="wrkspc_B")
    d = _up(client, "d.txt")
    assert [f.id for f in client.files.list(workspace_id="wrkspc_A")] == [a.id]
    assert [f.id for f in client.files.list()] == [d.id]
    with pytest.raises(anthropic.NotFoundError):
        client.files.retrieve_metadata(b.id, workspace_id="wrkspc_A")
    with pytest.raises(anthropic.NotFoundError):
        client.files.delete(b.id)
    assert client.files.list(ids=[a.id, b.id], workspace_id="wrkspc_B").data[0].id == b.id
    assert server.file_count("wrkspc_A") == 1 and server.file_count() == 3
    assert server.stored_bytes("wrkspc_B") == 5


def test_restart_persistence_same_data_dir(tmp_path, make_client):
    with LocalServer(data_dir=tmp_path / "d") as s1:
        c = make_client(s1)
        f = c.files.upload(file=("keep.txt", b"persist me", "text/plain"))
        g = s1.add_file("gen.txt", b"generated", downloadable=True)
    with LocalServer(data_dir=tmp_path / "d") as s2:
        c = make_client(s2)
        assert {x.id for x in c.files.list()} == {f.id, g["id"]}
        assert c.files.retrieve_metadata(f.id) == f
        assert c.files.download(g["id"]).read() == b"generated"
    assert (tmp_path / "d").exists()  # an explicit data dir is never removed


def test_stop_and_start_again_on_same_port(server, client):
    f = _up(client)
    port = server.port
    server.stop()
    with pytest.raises(anthropic.APIConnectionError):
        client.files.list()
    server.start(port=port)
    assert server.port == port
    assert [x.id for x in client.files.list()] == [f.id]


def test_context_manager_temp_dir_removed():
    with LocalServer() as srv:
        d = srv.data_dir
        assert d.exists() and srv.url.startswith("http://127.0.0.1:")
    assert not d.exists()


def test_request_id_header_on_every_response(client, server):
    ok = client.files.with_raw_response.list()
    assert ok.headers["request-id"].startswith("req_")
    with pytest.raises(anthropic.NotFoundError) as ei:
        client.files.retrieve_metadata("file_011Cmissingmissingmissin")
    assert ei.value.response.headers["request-id"] == ei.value.body["request_id"]


def test_unknown_route_is_json_404(client):
    with pytest.raises(anthropic.NotFoundError) as ei:
        client.get("/v1/nope", cast_to=object)
    assert ei.value.body["type"] == "error"
