"""The recently opened deal files, newest first, kept in QSettings, and the Open Recent menu."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from leasedesk.ui.settings import KEY_RECENT_FILES, open_settings, string_list

MAX_RECENT = 10


def _normal(path: Path | str) -> str:
    return os.path.normcase(os.path.abspath(os.fspath(path)))


class RecentFiles(QObject):
    changed = Signal()

    def paths(self) -> list[str]:
        return string_list(open_settings(), KEY_RECENT_FILES)

    def add(self, path: Path | str) -> None:
        full = os.path.abspath(os.fspath(path))
        paths = [full, *(p for p in self.paths() if _normal(p) != _normal(full))]
        self._store(paths[:MAX_RECENT])

    def remove(self, path: Path | str) -> None:
        self._store([p for p in self.paths() if _normal(p) != _normal(path)])

    def clear(self) -> None:
        self._store([])

    def _store(self, paths: list[str]) -> None:
        settings = open_settings()
        settings.setValue(KEY_RECENT_FILES, paths)
        settings.sync()
        self.changed.emit()


class RecentFilesMenu(QMenu):
    """Numbered entries (Alt+1 ..), the full path as status tip; ``open_requested(path)`` on choice."""

    open_requested = Signal(str)

    def __init__(self, recent: RecentFiles, parent: QWidget | None = None) -> None:
        super().__init__("Open &Recent", parent)
        self.setObjectName("recent_menu")
        self.recent = recent
        self.clear_action = QAction("&Clear Menu", self)
        self.clear_action.triggered.connect(recent.clear)
        recent.changed.connect(self.rebuild)
        self.rebuild()

    def rebuild(self) -> None:
        for action in self.actions():  # not clear(): that would delete clear_action too
            self.removeAction(action)
            if action is not self.clear_action:
                action.deleteLater()
        paths = self.recent.paths()
        for number, path in enumerate(paths, start=1):
            name = Path(path).name.replace("&", "&&")
            action = self.addAction(f"&{number} {name}" if number < 10 else f"{number} {name}")
            action.setStatusTip(path)
            action.setToolTip(path)
            action.setData(path)
            action.triggered.connect(lambda _checked=False, path=path: self.open_requested.emit(path))
        if paths:
            self.addSeparator()
        self.addAction(self.clear_action)
        self.clear_action.setEnabled(bool(paths))
        self.setEnabled(True)

    def file_actions(self) -> list[QAction]:
        return [a for a in self.actions() if a.data()]
