"""What claude_files/adapters/ assumes about textual-serve, httpcore2 and pypdf, checked on the installed
versions (Textual's own contract is tests/tui/test_textual_contract.py).

If one fails after an upgrade, read the adapter module named in the failure, adapt it to the new
version, and only then widen that library's upper bound in pyproject.toml.
"""

from __future__ import annotations

import importlib.metadata
import inspect

import pytest


def require(library: str, condition: bool, assumption: str, adapter: str) -> None:
    if not condition:
        version = importlib.metadata.version(library)
        raise AssertionError(
            f"{library} {version} no longer does what claude_files/adapters/{adapter} relies on (written for the "
            f"version its docstring names): {assumption}. Adapt that module before allowing this version."
        )


def test_textual_serve_app_service_keeps_the_members_tab_process_overrides():
    from textual_serve.app_service import AppService
    from textual_serve.server import Server

    from claude_files.adapters.textual_serve_private import tab_process_class

    def takes(function: object, *names: str) -> bool:
        return callable(function) and all(name in inspect.signature(function).parameters for name in names)  # type: ignore[arg-type]

    serve = "textual-serve", "textual_serve_private.py"
    require(
        serve[0],
        takes(AppService._build_environment, "width", "height"),
        "AppService._build_environment(width, height)",
        serve[1],
    )
    require(
        serve[0],
        inspect.iscoroutinefunction(AppService._open_app_process) and takes(AppService._open_app_process, "width", "height"),
        "async AppService._open_app_process(width, height) opens the app's process",
        serve[1],
    )
    source = inspect.getsource(AppService)
    for member in ("self._process", "self._stdin", "self._task"):
        require(serve[0], member in source, f"AppService keeps its app's process state in {member}", serve[1])
    require(
        serve[0],
        "await self._open_app_process(" in inspect.getsource(AppService.start),
        "AppService.start opens the process through _open_app_process",
        serve[1],
    )
    require(serve[0], inspect.iscoroutinefunction(Server._make_app), "async Server._make_app() builds the aiohttp app", serve[1])
    tab = tab_process_class()(["true"], {"ONLY": "this"}, write_bytes=None, write_str=None, close=None, download_manager=None)
    environment = tab._build_environment(100, 30)
    assert environment["ONLY"] == "this" and environment["COLUMNS"] == "100" and "TEXTUAL_DRIVER" in environment


def test_httpcore2_still_has_the_read_size_that_downloads_raise():
    from claude_files.adapters.httpcore_private import HTTP_READ_BYTES, tune_http_reads

    httpcore = "httpcore2", "httpcore_private.py"
    try:
        from httpcore2._async import http11
        from httpcore2._async.http11 import AsyncHTTP11Connection
    except ImportError:
        pytest.fail(f"{httpcore[0]} has no _async.http11.AsyncHTTP11Connection: see claude_files/adapters/{httpcore[1]}")
    require(
        httpcore[0],
        isinstance(getattr(AsyncHTTP11Connection, "READ_NUM_BYTES", None), int),
        "AsyncHTTP11Connection.READ_NUM_BYTES is the size of each socket read",
        httpcore[1],
    )
    assert tune_http_reads()
    assert AsyncHTTP11Connection.READ_NUM_BYTES >= HTTP_READ_BYTES
    require(
        httpcore[0],
        "self.READ_NUM_BYTES" in inspect.getsource(http11),  # the class names httpcore2 as its module
        "each read asks the stream for self.READ_NUM_BYTES",
        httpcore[1],
    )


def test_pypdf_writer_still_adds_an_indirect_object():
    from pypdf import PdfWriter
    from pypdf.generic import IndirectObject, NameObject

    from claude_files.adapters.pypdf_private import add_object

    pdf = "pypdf", "pypdf_private.py"
    require(pdf[0], callable(getattr(PdfWriter, "_add_object", None)), "PdfWriter._add_object(obj) stores an object", pdf[1])
    writer = PdfWriter()
    reference = add_object(writer, NameObject("/Probe"))
    require(
        pdf[0],
        isinstance(reference, IndirectObject) and reference.get_object() == "/Probe",
        "it returns an IndirectObject",
        pdf[1],
    )
