"""Where the window keeps its settings and data: QSettings keys, the data folder, throw-away isolation.

Every part of the window opens its settings through ``open_settings()``: an INI file in
the user scope on every platform, so ``isolate(folder)`` (the smoke test, the GUI tests)
can move all of it into a temporary folder with one ``QSettings.setPath``.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

ORGANIZATION = "LeaseDesk"
APPLICATION = "LeaseDesk"
DATA_DIR_VARIABLE = "LEASEDESK_DATA_DIR"

KEY_GEOMETRY = "window/geometry"
KEY_WINDOW_STATE = "window/state"
KEY_SPLITTERS = "window/splitters"
KEY_RECENT_FILES = "files/recent"
KEY_LAST_FOLDER = "files/last_folder"
KEY_LAST_FILE = "files/last_file"
KEY_APPEARANCE = "view/appearance"


def open_settings() -> QSettings:
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, ORGANIZATION, APPLICATION)


def isolate(folder: Path) -> None:
    """Send settings and data of this process into ``folder`` (nothing of the user's is read or written)."""
    settings_dir = folder / "settings"
    data_dir = folder / "data"
    settings_dir.mkdir(parents=True, exist_ok=True)
    data_dir.mkdir(parents=True, exist_ok=True)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(settings_dir))
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.SystemScope, str(settings_dir / "system"))
    QStandardPaths.setTestModeEnabled(True)
    os.environ[DATA_DIR_VARIABLE] = str(data_dir)


def data_dir() -> Path:
    """The user's data folder for LeaseDesk (logs, autosave): $LEASEDESK_DATA_DIR, else the platform's."""
    override = os.environ.get(DATA_DIR_VARIABLE)
    if override:
        return Path(override)
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location) if location else Path.home() / ".leasedesk"


def string_list(settings: QSettings, key: str) -> list[str]:
    """A list of strings from settings, whatever shape the INI backend hands back."""
    value = settings.value(key, [])
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, list | tuple):
        return [str(item) for item in value if item]
    return []
