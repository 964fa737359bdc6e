"""Shared tools for the integration tests: schema validation, submissions, a local server."""

from __future__ import annotations

import importlib.resources
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jsonschema

from tests.tiny_project import student_notebook

CORRECT = "def double(x):\n    return x * 2"
HALF = "def double(x):\n    return x / 2"


def schema(name: str) -> dict[str, Any]:
    text = (importlib.resources.files("autograder.platforms") / "schemas" / name).read_text()
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def assert_valid(document: Any, schema_name: str) -> None:
    """`document` obeys the JSON Schema written from the platform's spec."""
    spec = schema(schema_name)
    jsonschema.Draft202012Validator.check_schema(spec)
    jsonschema.Draft202012Validator(
        spec, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(document)


def correct_notebook(path: Path) -> Path:
    return student_notebook(path, CORRECT)


def half_notebook(path: Path) -> Path:
    return student_notebook(path, HALF)


def broken_notebook(path: Path) -> Path:
    path.write_text('{"cells": [')
    return path


@contextmanager
def local_server(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """A threaded HTTP server on 127.0.0.1 (an ephemeral port) for one test; yields its URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
