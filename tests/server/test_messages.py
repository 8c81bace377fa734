"""/v1/messages (plain + SSE), citations, count_tokens and models against the strict SDK."""

from __future__ import annotations

import time

import anthropic
import httpx2
import pytest
from anthropic.types import CitationCharLocation, CitationPageLocation, Message

from claude_files.server import LocalServer
from claude_files.server.demo_data import make_png
from claude_files.server.pdf import extract_pages, make_pdf
from claude_files.server.responder import OFFLINE_BANNER

MODEL = "claude-sonnet-4-6"
PLAN = (
    "Project plan.\n\nThe budget for the project is 480,000 dollars. Most of it pays for engineering.\n"
    "The deadline for the beta is June 30. The launch is in September.\n"
    "Lunch is served at noon on Fridays.\n"
)


def _doc(file_id: str, cite: bool = True, **extra):
    blk = {"type": "document", "source": {"type": "file", "file_id": file_id}, **extra}
    if cite:
        blk["citations"] = {"enabled": True}
    return blk


def _ask(client, blocks, question, **kw) -> Message:
    return client.messages.create(
        model=MODEL, max_tokens=512, messages=[{"role": "user", "content": [*blocks, {"type": "text", "text": question}]}], **kw
    )


def _text(msg) -> str:
    return "".join(b.text for b in msg.content if b.type == "text")


def test_plain_text_document_char_location_citations(client, server):
    meta = server.add_file("plan.txt", PLAN.encode())
    msg = _ask(client, [_doc(meta["id"])], "What is the deadline for the beta?")
    assert msg.type == "message" and msg.role == "assistant" and msg.model == MODEL
    assert msg.stop_reason == "end_turn" and msg.usage.input_tokens > 0 and msg.usage.output_tokens > 0
    assert _text(msg).startswith(OFFLINE_BANNER)
    cited = [c for b in msg.content if b.type == "text" for c in (b.citations or [])]
    assert cited and all(isinstance(c, CitationCharLocation) for c in cited)
    for c in cited:
        assert PLAN[c.start_char_index : c.end_char_index] == c.cited_text
        assert c.document_index == 0 and c.file_id == meta["id"] and c.document_title == "plan.txt"
    assert any("June 30" in c.cited_text for c in cited)
    assert not any("Lunch" in c.cited_text for c in cited)


def test_pdf_document_page_location_citations(client, server):
    pdf = make_pdf([["Intro page about nothing much."], ["The revenue grew by 18 percent."], ["Hiring adds six engineers."]])
    assert extract_pages(pdf)[1] == "The revenue grew by 18 percent."
    meta = server.add_file("qbr.pdf", pdf, "application/pdf")
    msg = _ask(client, [_doc(meta["id"], title="QBR")], "How much did revenue grow?")
    cited = [c for b in msg.content if b.type == "text" for c in (b.citations or [])]
    assert cited and all(isinstance(c, CitationPageLocation) for c in cited)
    top = cited[0]
    assert top.start_page_number == 2 and top.end_page_number == 3  # 1-based, exclusive end
    assert top.cited_text == "The revenue grew by 18 percent." and top.document_title == "QBR"


def test_without_citations_quotes_plain_text(client, server):
    meta = server.add_file("plan.md", PLAN.encode(), "text/markdown")
    msg = _ask(client, [_doc(meta["id"], cite=False)], "budget?")
    assert len(msg.content) == 1 and msg.content[0].citations is None
    assert "> The budget for the project is 480,000 dollars." in _text(msg)


def test_document_index_counts_across_turns_and_multi_turn(client, server):
    a = server.add_file("a.txt", b"Apples are red. Apples grow on trees.")
    b = server.add_file("b.txt", b"Bananas are yellow. Bananas grow in bunches.")
    server.requests_seen.clear()
    messages = [
        {"role": "user", "content": [_doc(a["id"]), {"type": "text", "text": "Tell me about apples"}]},
        {"role": "assistant", "content": "Apples are red."},
        {"role": "user", "content": [_doc(b["id"]), {"type": "text", "text": "What colour are bananas?"}]},
    ]
    msg = client.messages.create(model=MODEL, max_tokens=100, messages=messages)
    cited = [c for blk in msg.content if blk.type == "text" for c in (blk.citations or [])]
    assert cited and cited[0].document_index == 1 and cited[0].file_id == b["id"]
    assert "2 earlier messages" in _text(msg)
    method, path, query, body = server.requests_seen[-1]
    assert (method, path) == ("POST", "/v1/messages") and len(body["messages"]) == 3


def test_streaming_raw_event_order_and_sdk_accumulation(client, server):
    meta = server.add_file("plan.txt", PLAN.encode())
    body = {
        "model": MODEL,
        "max_tokens": 256,
        "stream": True,
        "messages": [{"role": "user", "content": [_doc(meta["id"]), {"type": "text", "text": "When is the deadline?"}]}],
    }
    with httpx2.stream("POST", server.url + "/v1/messages", json=body, headers={"x-api-key": "k"}) as r:
        assert r.headers["content-type"].startswith("text/event-stream")
        events = [(sse.event, sse.json()) for sse in anthropic.Stream.raw_events(r)]
    names = [e for e, _ in events]
    assert names[0] == "message_start" and names[-2:] == ["message_delta", "message_stop"]
    for name, data in events:
        assert data["type"] == name
    start = events[0][1]["message"]
    assert start["content"] == [] and start["stop_reason"] is None and start["usage"]["input_tokens"] > 0
    # every block: start, deltas, stop — in order, never interleaved
    blocks = [n for n in names if n not in ("ping",)][1:-2]
    i = 0
    cited_blocks = 0
    while i < len(blocks):
        assert blocks[i] == "content_block_start"
        j = i + 1
        while blocks[j] == "content_block_delta":
            j += 1
        assert blocks[j] == "content_block_stop"
        i = j + 1
    starts = [d for n, d in events if n == "content_block_start"]
    assert [s["index"] for s in starts] == list(range(len(starts)))
    for s in starts:
        if "citations" in s["content_block"]:
            cited_blocks += 1
            assert s["content_block"] == {"type": "text", "text": "", "citations": []}
            deltas = [d["delta"]["type"] for n, d in events if n == "content_block_delta" and d["index"] == s["index"]]
            assert deltas[0] == "citations_delta" and deltas[-1] == "text_delta"
    assert cited_blocks >= 1
    text_deltas = [d for n, d in events if n == "content_block_delta" and d["delta"]["type"] == "text_delta"]
    assert len(text_deltas) > 10  # several small pieces
    final = events[-2][1]
    assert final["delta"]["stop_reason"] == "end_turn" and final["usage"]["output_tokens"] > 0

    # the SDK's own stream helper validates and accumulates the same thing
    with client.messages.stream(model=MODEL, max_tokens=256, messages=body["messages"]) as stream:
        kinds = [ev.type for ev in stream]
        final_msg = stream.get_final_message()
    assert kinds[0] == "message_start" and kinds[-1] == "message_stop"
    plain = client.messages.create(model=MODEL, max_tokens=256, messages=body["messages"])
    assert [b.model_dump() for b in final_msg.content] == [b.model_dump() for b in plain.content]
    assert final_msg.stop_reason == "end_turn"
    raw_stream = client.messages.create(model=MODEL, max_tokens=256, messages=body["messages"], stream=True)
    assert [ev.type for ev in raw_stream][0] == "message_start"


def test_image_and_container_upload_answers(client, server):
    png = server.add_file("chart.png", make_png(64, 48), "image/png")
    csv = server.add_file("sales.csv", b"date,units\n2025-01-01,4\n2025-01-02,7\n", "text/csv")
    msg = client.messages.create(
        model=MODEL,
        max_tokens=200,
        messages=[
            {
                "role": "user",
                "content": [
                    {"type": "image", "source": {"type": "file", "file_id": png["id"]}},
                    {"type": "container_upload", "file_id": csv["id"]},
                    {"type": "text", "text": "Plot the units"},
                ],
            }
        ],
        tools=[{"type": "code_execution_20250825", "name": "code_execution"}],
        extra_headers={"anthropic-beta": "files-api-2025-04-14,code-execution-2025-08-25"},
    )
    text = _text(msg)
    assert "64×48" in text and "chart.png" in text and "image/png" in text
    assert "cannot run code" in text and "header row: date, units" in text and "data rows: 2" in text


def test_unknown_or_deleted_file_reference_is_404(client, server):
    meta = server.add_file("gone.txt", b"bye")
    client.files.delete(meta["id"])
    for blk in (
        _doc(meta["id"]),
        {"type": "image", "source": {"type": "file", "file_id": "file_011Cnopenopenopenopenope"}},
        {"type": "container_upload", "file_id": "file_011Cnopenopenopenopenope"},
    ):
        with pytest.raises(anthropic.NotFoundError) as ei:
            _ask(client, [blk], "hi")
        assert ei.value.type == "not_found_error"


def test_file_from_other_workspace_is_404(client, server):
    meta = server.add_file("private.txt", b"secret", workspace="wrkspc_A")
    with pytest.raises(anthropic.NotFoundError):
        _ask(client, [_doc(meta["id"])], "hi")
    assert "secret" in _text(_ask(client, [_doc(meta["id"])], "secret?", workspace_id="wrkspc_A"))


def test_request_validation(server):
    h = {"x-api-key": "k"}
    good = {"model": MODEL, "max_tokens": 10, "messages": [{"role": "user", "content": "hi"}]}
    assert httpx2.post(server.url + "/v1/messages", json=good, headers=h).status_code == 200
    for missing in ("model", "max_tokens", "messages"):
        bad = {k: v for k, v in good.items() if k != missing}
        r = httpx2.post(server.url + "/v1/messages", json=bad, headers=h)
        assert r.status_code == 400 and missing in r.json()["error"]["message"]
    for patch in ({"messages": []}, {"max_tokens": 0}, {"messages": [{"role": "system", "content": "x"}]}):
        assert httpx2.post(server.url + "/v1/messages", json={**good, **patch}, headers=h).status_code == 400
    r = httpx2.post(server.url + "/v1/messages", content=b"{not json", headers={**h, "content-type": "application/json"})
    assert r.status_code == 400 and r.json()["error"]["type"] == "invalid_request_error"


def test_count_tokens(client, server):
    meta = server.add_file("plan.txt", PLAN.encode())
    small = client.messages.count_tokens(model=MODEL, messages=[{"role": "user", "content": "hi"}])
    big = client.messages.count_tokens(
        model=MODEL, messages=[{"role": "user", "content": [_doc(meta["id"]), {"type": "text", "text": "hi"}]}]
    )
    assert 1 <= small.input_tokens < big.input_tokens
    assert big.input_tokens >= len(PLAN) // 4


def test_models_list_and_retrieve(client):
    page = client.models.list()
    ids = [m.id for m in page.data]
    assert ids[0] == MODEL and len(ids) >= 3 and page.has_more is False
    assert page.first_id == ids[0] and page.last_id == ids[-1]
    assert [m.id for m in client.models.list(limit=1)] == ids  # auto-pagination via after_id
    assert client.models.retrieve(ids[1]).id == ids[1]
    with pytest.raises(anthropic.NotFoundError):
        client.models.retrieve("claude-nonexistent")


def test_demo_data_answers(shared_demo_server, make_client):
    c = make_client(shared_demo_server)
    files = {f.filename: f for f in c.files.list(limit=100)}
    msg = _ask(c, [_doc(files["meeting-notes-week14.md"].id)], "What is the total budget for Project Atlas?")
    assert "$480,000" in _text(msg)
    msg = _ask(c, [_doc(files["qbr-q1.pdf"].id)], "What is the churn?")
    cited = [x for b in msg.content if b.type == "text" for x in (b.citations or [])]
    assert cited[0].type == "page_location" and cited[0].start_page_number == 2


def test_latency_spaces_out_stream(make_client):
    with LocalServer(latency_ms=40) as srv:
        meta = srv.add_file("plan.txt", PLAN.encode())
        c = make_client(srv)
        t0 = time.perf_counter()
        with c.messages.stream(
            model=MODEL,
            max_tokens=50,
            messages=[{"role": "user", "content": [_doc(meta["id"]), {"type": "text", "text": "deadline"}]}],
        ) as s:
            arrivals = [time.perf_counter() - t0 for ev in s if ev.type == "content_block_delta"]
    # The server sleeps 10 ms after each delta: the stream lasts at least that long in all. Not
    # the gap between first and last arrival: a busy client reads late deltas in one gulp.
    assert len(arrivals) >= 5
    assert arrivals[-1] >= 0.040 + 0.010 * (len(arrivals) - 1)


def test_follow_up_still_sees_the_container_upload_of_the_first_turn(client, server):
    xlsx_mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = server.add_file("summary.xlsx", b"PK\x03\x04workbook", xlsx_mime, downloadable=True)
    tools = [{"type": "code_execution_20250825", "name": "code_execution"}]
    beta = {"anthropic-beta": "files-api-2025-04-14,code-execution-2025-08-25"}
    first_turn = {
        "role": "user",
        "content": [{"type": "container_upload", "file_id": book["id"]}, {"type": "text", "text": "What is in this workbook?"}],
    }
    first = client.messages.create(model=MODEL, max_tokens=200, messages=[first_turn], tools=tools, extra_headers=beta)
    assert "summary.xlsx" in _text(first)
    follow_up = client.messages.create(
        model=MODEL,
        max_tokens=200,
        messages=[
            first_turn,
            {"role": "assistant", "content": [{"type": "text", "text": _text(first)}]},
            {"role": "user", "content": "And which sheet is the largest?"},
        ],
        tools=tools,
        extra_headers=beta,
    )
    text = _text(follow_up)
    assert "No document is attached" not in text
    assert "summary.xlsx" in text and "cannot run code" in text
    assert "1 earlier message" not in text and "2 earlier messages" in text
