"""Autosave and crash recovery: the working state kept in the user's data folder.

The autosave holds the last valid deal, the file it came from, and the raw text of
any field that does not validate yet, so nothing typed is lost. A clean exit removes
it; finding one at start-up means the last session did not end cleanly.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from leasedesk.atomic import write_bytes_atomically
from leasedesk.core.codec import deal_to_data
from leasedesk.core.model import Deal
from leasedesk.files.document import DealFileError, absolute_path, deal_from_data

log = logging.getLogger(__name__)

AUTOSAVE_NAME = "autosave.leasedesk-recovery"
RECOVERY_FORMAT = "leasedesk-recovery"
UNREADABLE_SUFFIX = ".unreadable"


def _trusted_source(source: object) -> Path | None:
    """The file the recovered deal came from. A relative path (older autosaves kept it as typed) would
    point at another file from another folder: the work comes back as an untitled deal instead."""
    if not isinstance(source, str) or not source:
        return None
    path = Path(source)
    if not path.is_absolute():
        log.warning("the autosave names its file by a relative path (%s): recovering it as an untitled deal", source)
        return None
    return path


@dataclass(frozen=True)
class Recovery:
    deal: Deal
    source_path: Path | None
    pending_text: dict[str, str] = field(default_factory=dict)  # field path -> what was typed
    saved_at: str = ""


class RecoveryStore:
    """One autosave file in ``folder``."""

    def __init__(self, folder: Path, name: str = AUTOSAVE_NAME) -> None:
        self.folder = Path(folder)
        self.path = self.folder / name

    def save(self, deal: Deal, source_path: Path | None, pending_text: dict[str, str] | None = None) -> None:
        """Write the working state. The source path is stored absolute and resolved, so a session started
        from another folder finds the same file; the JSON is ASCII, so any typed text (even a lone
        surrogate pasted from elsewhere) can be written and read back."""
        payload: dict[str, Any] = {
            "format": RECOVERY_FORMAT,
            "saved_at": dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds"),
            "source_path": str(absolute_path(source_path)) if source_path is not None else None,
            "pending_text": dict(pending_text or {}),
            "deal": deal_to_data(deal),
        }
        self.folder.mkdir(parents=True, exist_ok=True)
        write_bytes_atomically(self.path, json.dumps(payload, ensure_ascii=True, allow_nan=False).encode("ascii"))

    def load(self) -> Recovery | None:
        """The autosave left by a session that did not exit cleanly, or None (also when unreadable)."""
        if not self.path.is_file():
            return None
        try:
            payload = json.loads(self.path.read_bytes())
            if not isinstance(payload, dict) or payload.get("format") != RECOVERY_FORMAT:
                raise ValueError("not a LeaseDesk autosave")
            deal = deal_from_data(payload.get("deal"), self.path)
            source = payload.get("source_path")
            pending = payload.get("pending_text") or {}
            if not isinstance(pending, dict):
                raise ValueError("pending_text is not an object")
            return Recovery(
                deal=deal,
                source_path=_trusted_source(source),
                pending_text={str(k): str(v) for k, v in pending.items()},
                saved_at=str(payload.get("saved_at", "")),
            )
        except (OSError, ValueError, DealFileError) as error:
            log.warning("ignoring an unreadable autosave %s: %s", self.path, error)
            return None

    def set_aside(self) -> Path | None:
        """Keep an autosave that cannot be read under another name (never offered again, never lost)."""
        kept = self.path.with_name(self.path.name + UNREADABLE_SUFFIX)
        try:
            self.path.replace(kept)
        except OSError as error:
            log.warning("could not set aside the unreadable autosave %s: %s", self.path, error)
            return None
        log.warning("kept the unreadable autosave as %s", kept)
        return kept

    def clear(self) -> None:
        """Called on a clean exit, and once a recovery was accepted or declined."""
        try:
            self.path.unlink(missing_ok=True)
        except OSError as error:
            log.warning("could not remove the autosave %s: %s", self.path, error)
