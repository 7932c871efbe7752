"""Loading and saving .leasedeal files (JSON, schema_version 1, DESIGN.md 3).

Loading never trusts the file: size, encoding, JSON syntax, nesting, duplicate keys,
non-finite numbers, format and version are checked here; every field by
``core.validation``. Any problem becomes one ``DealFileError`` naming the file.
"""

from __future__ import annotations

import json
import logging
import math
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from leasedesk.atomic import ReadOnlyError, WriteError, write_bytes_atomically
from leasedesk.core.codec import FORMAT, SCHEMA_VERSION, deal_to_data
from leasedesk.core.model import Deal
from leasedesk.core.validation import DealError, offer_path, read_deal

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_NESTING = 64


class DealFileError(ValueError):
    """A deal file that cannot be read or written; the message is one line for the user."""

    def __init__(self, path: Path | str | None, message: str) -> None:
        self.path = None if path is None else Path(path)
        self.detail = message
        super().__init__(f"{path}: {message}" if path is not None else message)


class ReadOnlyDealFileError(DealFileError):
    """The file to save to is read-only and was left as it was: the deal may be saved elsewhere."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"the key {key!r} appears twice in one object")
        result[key] = value
    return result


def _nesting_depth(text: str) -> int:
    """Deepest bracket nesting outside strings (checked before parsing, so no recursion error)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def _first_non_finite(data: Any, path: str = "") -> str | None:
    """The path of the first NaN or infinite number (JSON readers accept them; LeaseDesk does not).

    Offers are named by id, as validation names them, so the message points at the field.
    """
    if isinstance(data, float) and not math.isfinite(data):
        return path or "(top level)"
    if isinstance(data, Mapping):
        for key, value in data.items():
            if key == "offers" and not path and isinstance(value, list):
                for index, offer in enumerate(value):
                    found = _first_non_finite(offer, offer_path(index, offer))
                    if found:
                        return found
                continue
            found = _first_non_finite(value, f"{path}.{key}" if path else str(key))
            if found:
                return found
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found = _first_non_finite(value, f"{path}[{index}]")
            if found:
                return found
    return None


def parse_deal(content: bytes, path: Path | str | None = None) -> Deal:
    """A validated deal from the bytes of a .leasedeal file."""
    if not content.strip():
        raise DealFileError(path, "the file is empty")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DealFileError(path, f"is not UTF-8 text (byte {error.start})") from None
    if _nesting_depth(text) > MAX_NESTING:
        raise DealFileError(path, f"the JSON is nested more than {MAX_NESTING} levels deep")
    try:
        data = json.loads(text, object_pairs_hook=_unique_keys)
    except json.JSONDecodeError as error:
        raise DealFileError(
            path, f"is not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        ) from None
    except (ValueError, RecursionError) as error:
        raise DealFileError(path, f"is not valid JSON: {error}") from None
    non_finite = _first_non_finite(data)
    if non_finite is not None:
        raise DealFileError(path, f"{non_finite}: must be a finite number (NaN and Infinity are not numbers)")
    return deal_from_data(data, path)


def deal_from_data(data: Any, path: Path | str | None = None) -> Deal:
    if not isinstance(data, Mapping):
        raise DealFileError(path, "is not a LeaseDesk deal (the JSON is not an object)")
    if data.get("format") != FORMAT:
        raise DealFileError(path, f'is not a LeaseDesk deal (format must be "{FORMAT}")')
    version = data.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int):
        raise DealFileError(path, "schema_version: must be a whole number")
    if version > SCHEMA_VERSION:
        raise DealFileError(
            path,
            f"was saved by a newer LeaseDesk (schema_version {version}; this version reads up to "
            f"{SCHEMA_VERSION}): update LeaseDesk to open it",
        )
    if version < 1:
        raise DealFileError(path, f"schema_version: {version} is not a version LeaseDesk ever wrote")
    data = migrate(data, version)
    try:
        return read_deal(data)
    except DealError as error:
        raise DealFileError(path, str(error)) from None


def migrate(data: Mapping[str, Any], version: int) -> Mapping[str, Any]:
    """Bring an older file up to SCHEMA_VERSION, one version at a time (none exist yet)."""
    for older in range(version, SCHEMA_VERSION):
        log.info("migrating deal from schema_version %d", older)
    return data


def absolute_path(path: Path | str) -> Path:
    """``path`` made absolute and resolved (links, ``..``), as far as the file system allows."""
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError):  # a loop of links
        return Path(os.path.abspath(path))


def load_deal(path: Path | str) -> Deal:
    path = Path(path)
    try:
        if path.is_dir():
            raise DealFileError(path, "is a folder, not a deal file")
        if path.exists() and not path.is_file():
            raise DealFileError(path, "is not a regular file (a device or a pipe?)")
        with path.open("rb") as handle:
            content = handle.read(MAX_FILE_BYTES + 1)
        if len(content) > MAX_FILE_BYTES:
            raise DealFileError(path, f"is too large for a deal file (over {MAX_FILE_BYTES:,} bytes)")
    except FileNotFoundError:
        raise DealFileError(path, "no such file") from None
    except PermissionError:
        raise DealFileError(path, "permission denied") from None
    except OSError as error:
        raise DealFileError(path, f"cannot be read: {error.strerror or error}") from None
    return parse_deal(content, path)


def serialize_deal(deal: Deal) -> bytes:
    return (json.dumps(deal_to_data(deal), indent=2, ensure_ascii=False, allow_nan=False) + "\n").encode("utf-8")


def save_deal(deal: Deal, path: Path | str) -> None:
    """Write the deal atomically. Raises DealFileError with a user-readable message."""
    path = Path(path)
    try:
        content = serialize_deal(deal)
    except ValueError as error:
        raise DealFileError(path, f"the deal holds a value that cannot be saved: {error}") from None
    try:
        write_bytes_atomically(path, content)
    except ReadOnlyError as error:
        raise ReadOnlyDealFileError(None, str(error)) from None
    except WriteError as error:
        raise DealFileError(None, str(error)) from None
    except OSError as error:
        raise DealFileError(path, f"cannot be saved: {error.strerror or error}") from None
    log.info("saved %s", path)
