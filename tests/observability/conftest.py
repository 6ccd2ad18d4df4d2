import contextlib
import io
import json
import logging

import pytest


@contextlib.contextmanager
def console_output():
    """What the project's console log handler writes meanwhile, as parsed JSON lines (the real handler,
    formatter and filters; only its stream is swapped)."""
    handler = next(h for h in logging.getLogger().handlers if h.name == "console")
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    lines = []
    try:
        yield lines
    finally:
        handler.setStream(previous)
        lines.extend(json.loads(line) for line in buffer.getvalue().splitlines() if line.strip())


@pytest.fixture
def log_lines():
    return console_output
