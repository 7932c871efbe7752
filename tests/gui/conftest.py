"""GUI test fixtures: settings and data in tmp_path, message boxes that never block, a window on the sample."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from gui_helpers import ScriptedPrompts
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from leasedesk.resources import sample_deal_path
from leasedesk.ui import settings
from leasedesk.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every GUI test reads and writes settings and data under tmp_path, never the user's."""
    monkeypatch.setenv(settings.DATA_DIR_VARIABLE, str(tmp_path / "isolated" / "data"))
    settings.isolate(tmp_path / "isolated")
    return tmp_path / "isolated"


@pytest.fixture
def message_boxes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str, str]]:
    """Static QMessageBox calls are recorded as (kind, title, text) and answered Ok at once."""
    shown: list[tuple[str, str, str]] = []

    def recorder(kind: str):  # type: ignore[no-untyped-def]
        def show(_parent: object, title: str, text: str, *_args: object, **_kwargs: object) -> object:
            shown.append((kind, title, text))
            return QMessageBox.StandardButton.Ok

        return staticmethod(show)

    for kind in ("warning", "critical", "information", "question", "about"):
        monkeypatch.setattr(QMessageBox, kind, recorder(kind))
    return shown


@pytest.fixture
def window(qtbot: QtBot, message_boxes: list[tuple[str, str, str]]) -> Iterator[MainWindow]:
    """The main window on the bundled sample (as a template, like the first start)."""
    main = MainWindow(prompts=ScriptedPrompts("discard"))
    qtbot.addWidget(main)
    main.document.load(sample_deal_path(), is_sample=True)
    yield main
    main.document.undo_stack.setClean()  # closing at teardown needs no prompt
