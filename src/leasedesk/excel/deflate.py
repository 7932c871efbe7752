"""Raw deflate for the schedules' parts: ISA-L's (the package isal, a dependency) where it imports, about four
times quicker than zlib at level 1 for about 3% more bytes, else zlib (a platform without its wheel). The parts'
text is the same either way; only their deflated bytes differ (any inflater reads both)."""

from __future__ import annotations

import importlib
import zlib
from typing import Any, Protocol


class Compressor(Protocol):
    def compress(self, data: bytes, /) -> bytes: ...

    def flush(self, mode: int = ..., /) -> bytes: ...


def _fastest() -> Any:
    try:
        return importlib.import_module("isal.isal_zlib")
    except ImportError:  # not installed, or no wheel for this platform
        return zlib


_DEFLATE: Any = _fastest()
ENGINE: str = "isal" if _DEFLATE is not zlib else "zlib"


def compressor(level: int) -> Compressor:
    """A raw deflate stream (no zlib header) at ``level`` (1: quick; both engines take 0-3 alike)."""
    found: Compressor = _DEFLATE.compressobj(level, zlib.DEFLATED, -15)
    return found


def crc32(data: bytes, value: int = 0) -> int:
    """zlib.crc32, by the quicker engine."""
    return int(_DEFLATE.crc32(data, value))
