"""Reads what a Linux shared library or executable links against (its DT_NEEDED entries), without binutils.

Only 64-bit little-endian ELF files are read (x86-64, aarch64): the build checks the frozen app's own files.
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass
from pathlib import Path

_MAGIC = b"\x7fELF"
_PT_LOAD, _PT_DYNAMIC = 1, 2
_DT_NULL, _DT_NEEDED, _DT_STRTAB, _DT_STRSZ, _DT_RPATH, _DT_RUNPATH = 0, 1, 5, 10, 15, 29
_GLIBC_VERSION = re.compile(rb"GLIBC_(\d+)\.(\d+)")


@dataclass(frozen=True)
class ElfLinks:
    """The libraries a file needs, where it looks for them, and the newest glibc symbol version it asks for."""

    needed: tuple[str, ...]
    glibc: tuple[int, int] | None
    search_paths: tuple[str, ...] = ()  # DT_RPATH and DT_RUNPATH entries


def is_elf(path: Path) -> bool:
    try:
        with path.open("rb") as file:
            return file.read(4) == _MAGIC
    except OSError:
        return False


def read_links(path: Path) -> ElfLinks:
    """DT_NEEDED names and the newest GLIBC_x.y in the dynamic string table; empty for a static file."""
    data = path.read_bytes()
    if data[:4] != _MAGIC:
        raise ValueError(f"{path}: not an ELF file")
    if data[4] != 2 or data[5] != 1:
        raise ValueError(f"{path}: only 64-bit little-endian ELF files are supported")
    phoff = struct.unpack_from("<Q", data, 0x20)[0]
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    loads: list[tuple[int, int, int]] = []  # (vaddr, offset, filesz)
    dynamic: tuple[int, int] | None = None  # (offset, filesz)
    for index in range(phnum):
        p_type, _flags, p_offset, p_vaddr, _paddr, p_filesz = struct.unpack_from(
            "<IIQQQQ", data, phoff + index * phentsize
        )
        if p_type == _PT_LOAD:
            loads.append((p_vaddr, p_offset, p_filesz))
        elif p_type == _PT_DYNAMIC:
            dynamic = (p_offset, p_filesz)
    if dynamic is None:
        return ElfLinks((), None)

    def file_offset(vaddr: int) -> int:
        for start, offset, size in loads:
            if start <= vaddr < start + size:
                return vaddr - start + offset
        raise ValueError(f"{path}: address {vaddr:#x} lies in no loaded segment")

    needed_offsets: list[int] = []
    path_offsets: list[int] = []
    strtab = strsz = 0
    offset, size = dynamic
    for entry in range(offset, offset + size, 16):
        tag, value = struct.unpack_from("<qQ", data, entry)
        if tag == _DT_NULL:
            break
        if tag == _DT_NEEDED:
            needed_offsets.append(value)
        elif tag in (_DT_RPATH, _DT_RUNPATH):
            path_offsets.append(value)
        elif tag == _DT_STRTAB:
            strtab = value
        elif tag == _DT_STRSZ:
            strsz = value
    if not strtab:
        return ElfLinks((), None)
    table = data[file_offset(strtab) : file_offset(strtab) + strsz]

    def string(start: int) -> str:
        return table[start : table.index(b"\0", start)].decode()

    needed = tuple(string(start) for start in needed_offsets)
    search_paths = tuple(entry for start in path_offsets for entry in string(start).split(":"))
    versions = [(int(major), int(minor)) for major, minor in _GLIBC_VERSION.findall(table)]
    return ElfLinks(needed, max(versions) if versions else None, search_paths)
