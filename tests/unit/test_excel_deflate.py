"""The schedules' deflate: ISA-L's when the optional package is installed, else zlib; any inflater reads it."""

from __future__ import annotations

import importlib
import zlib

import pytest

from leasedesk.excel import deflate

TEXT = b'<row r="7"><c r="A7" t="n"><v>1</v></c></row>' * 5000 + "é — \u4e2d".encode()


def test_a_part_deflated_in_pieces_inflates_to_the_text_with_zlibs_crc() -> None:
    stream = deflate.compressor(1)
    data = stream.compress(TEXT[:1000]) + stream.compress(TEXT[1000:]) + stream.flush()
    assert zlib.decompress(data, -15) == TEXT
    assert deflate.crc32(TEXT[1000:], deflate.crc32(TEXT[:1000])) == zlib.crc32(TEXT)


def test_without_isal_it_is_zlib(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.import_module

    def refuse(name: str, package: str | None = None) -> object:
        if name.startswith("isal"):
            raise ImportError(f"No module named {name!r}")
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", refuse)
    assert deflate._fastest() is zlib


def test_the_engine_is_isal_exactly_when_it_can_be_imported() -> None:
    try:
        importlib.import_module("isal.isal_zlib")
    except ImportError:
        assert deflate.ENGINE == "zlib"
    else:
        assert deflate.ENGINE == "isal"
