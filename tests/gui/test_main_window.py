"""The main window: the sample's figures, opening, saving, the unsaved-changes prompt, recent files."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from gui_helpers import ScriptedPrompts
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QAction, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from leasedesk.core.comparison import compare
from leasedesk.core.formatting import format_metric
from leasedesk.core.metric_info import METRICS
from leasedesk.files import load_deal, save_deal
from leasedesk.resources import sample_deal_path
from leasedesk.ui.comparison_model import HEADROOM_KEY
from leasedesk.ui.file_commands import FileCommands
from leasedesk.ui.main_window import MainWindow
from leasedesk.ui.prompts import Prompts, UnsavedAnswer
from leasedesk.ui.settings import KEY_LAST_FILE, KEY_LAST_FOLDER, open_settings


def prompts(window: MainWindow) -> ScriptedPrompts:
    """The window's scripted answers (the ``window`` fixture gives it ``ScriptedPrompts``)."""
    assert isinstance(window.prompts, ScriptedPrompts)
    return window.prompts


def shown(window: MainWindow, key: str, offer_id: str) -> str:
    model = window.comparison_model
    return str(model.index(model.row_of(key), model.column_of(offer_id)).data())


@pytest.fixture
def saved_sample(tmp_path: Path) -> Path:
    path = tmp_path / "deals" / "memphis.leasedeal"
    path.parent.mkdir()
    save_deal(load_deal(sample_deal_path()), path)
    return path


def test_opening_the_sample_shows_its_offers_and_figures(window: MainWindow) -> None:
    expected = compare(load_deal(sample_deal_path()))
    deal = expected.deal
    assert window.offers.model.offer_ids() == ["memphis", "hyperscaler", "build"]
    for info in METRICS:
        for result in expected.results:
            text = format_metric(info.key, result.metrics[info.key], deal.currency, deal.assumptions.analysis_start)
            assert str(shown(window, info.key, result.offer_id)).startswith(text)  # a partial horizon says so too
    assert shown(window, "pv_cost", "memphis") == "$5.4B"
    assert shown(window, "monthly_fee", "memphis") == "$150.0M"
    assert window.offers.current_offer_id == "memphis"
    assert window.summary.values["monthly_fee"] == "$150.0M"
    assert "(sample)" in window.windowTitle() and "[*]" in window.windowTitle()
    assert not window.isWindowModified()


def test_selecting_an_offer_shows_its_terms(window: MainWindow) -> None:
    window.offers.select_offer("build")
    assert window.summary.heading.text() == "Build in Memphis"
    assert "baseline" in window.summary.subheading.text()
    assert "capex" in window.summary.values
    window.comparison_view.offer_activated.emit("hyperscaler")
    assert window.offers.current_offer_id == "hyperscaler"
    assert "180 days' notice" in window.summary.values["lessee_exit"]


def test_a_bad_file_keeps_the_open_deal_and_shows_the_loaders_message(
    window: MainWindow, tmp_path: Path, message_boxes: list[tuple[str, str, str]]
) -> None:
    bad = tmp_path / "bad.leasedeal"
    bad.write_text('{"format": "leasedesk-deal", "schema_version": 1, "name": "x", "assumptions": {}, "offers": []}')
    before = window.document.deal
    assert window.open_file(bad) is False
    assert window.document.deal is before
    assert window.offers.model.offer_ids() == ["memphis", "hyperscaler", "build"]
    assert len(message_boxes) == 1
    kind, title, text = message_boxes[0]
    assert kind == "warning" and title == "Cannot Open Deal"
    assert str(bad) in text and "analysis_start" in text


def test_the_open_error_shows_at_most_about_80_characters_of_a_bad_value(
    window: MainWindow, tmp_path: Path, message_boxes: list[tuple[str, str, str]]
) -> None:
    data = json.loads(sample_deal_path().read_text(encoding="utf-8"))
    data["baseline"] = "z" * 150  # within the id limit of 200, beyond the 80 shown
    bad = tmp_path / "long-baseline.leasedeal"
    bad.write_text(json.dumps(data), encoding="utf-8")
    assert window.open_file(bad) is False
    _kind, _title, text = message_boxes[0]
    assert "baseline" in text and "z" * 80 + "…" in text
    assert len(text) < len(str(bad)) + 200


def test_save_then_reopen_gives_the_same_deal(window: MainWindow, tmp_path: Path, qtbot: QtBot) -> None:
    window.offers.add_lease()
    assert window.isWindowModified()
    target = tmp_path / "saved.leasedeal"
    prompts(window).save_to = str(target)
    with qtbot.waitSignal(window.document.file_changed):
        assert window.files.save() is True  # the sample has no file yet: Save asks where
    assert not window.isWindowModified()
    assert window.windowTitle().startswith("saved.leasedeal[*]")
    saved = window.document.deal
    reopened = MainWindow()
    qtbot.addWidget(reopened)
    assert reopened.open_file(target) is True
    assert reopened.document.deal == saved
    assert load_deal(target) == saved
    assert reopened.comparison_model.row_keys() == window.comparison_model.row_keys()
    assert shown(reopened, "pv_cost", "lease") == shown(window, "pv_cost", "lease")


def test_save_as_refuses_an_unwritable_place_and_keeps_the_changes(
    window: MainWindow, tmp_path: Path, message_boxes: list[tuple[str, str, str]]
) -> None:
    window.offers.add_self_build()
    assert window.files.save_as(tmp_path / "missing-folder" / "x.leasedeal") is False
    assert window.isWindowModified()
    assert message_boxes and message_boxes[0][1] == "Cannot Save Deal"


@pytest.mark.parametrize("save_elsewhere", [True, False], ids=["save as", "cancel"])
def test_a_read_only_file_is_not_replaced_and_save_as_is_offered(
    window: MainWindow, saved_sample: Path, tmp_path: Path, save_elsewhere: bool
) -> None:
    window.open_file(saved_sample)
    before = saved_sample.read_bytes()
    saved_sample.chmod(0o444)
    window.offers.add_self_build()
    prompt = prompts(window)
    prompt.save_elsewhere_answer = save_elsewhere
    copy = tmp_path / "copy.leasedeal"
    prompt.save_to = str(copy)
    assert window.files.save() is save_elsewhere
    assert saved_sample.read_bytes() == before
    assert prompt.save_elsewhere_reasons == [f"{saved_sample}: the file is read-only"]
    if save_elsewhere:
        assert window.document.path == copy and load_deal(copy) == window.document.deal
    else:
        assert window.isWindowModified() and window.document.path == saved_sample and not copy.exists()


@pytest.mark.parametrize("answer", ["save", "discard", "cancel"])
def test_the_unsaved_changes_prompt_before_opening(
    window: MainWindow, saved_sample: Path, tmp_path: Path, answer: UnsavedAnswer
) -> None:
    window.offers.add_lease()
    changed = window.document.deal
    prompt = prompts(window)
    prompt.unsaved = answer
    target = tmp_path / "kept.leasedeal"
    prompts(window).save_to = str(target)
    opened = window.open_file(saved_sample)
    assert prompt.asked == 1
    if answer == "cancel":
        assert opened is False and window.document.deal is changed and window.isWindowModified()
        return
    assert opened is True and window.document.path == saved_sample and not window.isWindowModified()
    if answer == "save":
        assert load_deal(target) == changed
    else:
        assert not target.exists()


@pytest.mark.parametrize("answer", ["save", "discard", "cancel"])
def test_the_unsaved_changes_prompt_before_closing(window: MainWindow, saved_sample: Path,
                                                  answer: UnsavedAnswer) -> None:
    assert window.open_file(saved_sample)
    window.show()
    window.offers.select_offer("memphis")
    window.offers.delete()
    prompt = prompts(window)
    prompt.unsaved = answer
    closed = window.close()
    assert prompt.asked == 1
    assert closed is (answer != "cancel")
    assert window.isVisible() is (answer == "cancel")
    ids = [o.id for o in load_deal(saved_sample).offers]
    assert ids == (["hyperscaler", "build"] if answer == "save" else ["memphis", "hyperscaler", "build"])


def test_no_prompt_without_changes(window: MainWindow, saved_sample: Path) -> None:
    prompt = prompts(window)
    prompt.unsaved = "cancel"
    assert window.open_file(saved_sample) is True
    assert window.files.new() is True
    assert prompt.asked == 0
    assert window.document.deal is not None and window.document.deal.offers == ()
    assert window.windowTitle().startswith("Untitled[*]")


def test_recent_files_and_last_folder(window: MainWindow, tmp_path: Path, saved_sample: Path) -> None:
    other = tmp_path / "other.leasedeal"
    save_deal(dataclasses.replace(load_deal(sample_deal_path()), name="Other"), other)
    assert window.open_file(saved_sample) and window.open_file(other)
    assert window.recent.paths() == [str(other.resolve()), str(saved_sample.resolve())]
    menu = window.commands.recent_menu
    entries = menu.file_actions()
    assert [a.text() for a in entries] == ["&1 other.leasedeal", "&2 memphis.leasedeal"]
    entries[1].trigger()  # open from the menu
    assert window.document.path == Path(str(saved_sample.resolve()))
    assert window.recent.paths()[0] == str(saved_sample.resolve())
    settings = open_settings()
    assert settings.value(KEY_LAST_FOLDER) == str(saved_sample.parent.resolve())
    assert settings.value(KEY_LAST_FILE) == str(saved_sample.resolve())
    saved_sample.unlink()
    assert window.open_file(saved_sample) is False  # a file gone since: the entry goes too
    assert window.recent.paths() == [str(other.resolve())]
    menu.clear_action.trigger()
    assert window.recent.paths() == [] and menu.file_actions() == []


def test_offers_can_be_added_renamed_made_baseline_deleted_and_undone(window: MainWindow) -> None:
    panel = window.offers
    panel.add_self_build()
    assert panel.current_offer_id == "build-2"
    assert window.comparison_model.offer_ids()[-1] == "build-2"
    prompts(window).new_name = "Build in Texas"
    panel.rename()
    assert window.document.deal is not None and window.document.deal.offer("build-2").name == "Build in Texas"
    assert window.summary.heading.text() == "Build in Texas"
    panel.set_baseline()
    assert window.document.comparison is not None and window.document.comparison.baseline_id == "build-2"
    assert window.comparison_model.headerData(3, Qt.Orientation.Horizontal).endswith("Self-build · baseline")
    panel.delete()
    assert "build-2" not in window.comparison_model.offer_ids()
    assert window.document.deal.baseline is None
    assert window.document.comparison.baseline_id == "build"
    assert window.document.undo_stack.undoText() == "Delete Build in Texas"
    window.commands.undo.trigger()
    assert window.comparison_model.offer_ids()[-1] == "build-2"
    for _ in range(4):
        window.commands.undo.trigger()
    assert not window.isWindowModified()


def test_a_dropped_file_is_opened(window: MainWindow, saved_sample: Path, qtbot: QtBot) -> None:
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(saved_sample))])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier)
    window.dragEnterEvent(enter)  # the handlers themselves: Qt delivers drops only within a real drag
    assert enter.isAccepted()
    drop = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.NoButton,
                      Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.document.file_changed):
        window.dropEvent(drop)
    assert window.document.path == saved_sample


def test_copy_table_puts_tab_separated_text_on_the_clipboard(window: MainWindow) -> None:
    window.comparison_view.copy_table_action.trigger()
    text = QApplication.clipboard().text()
    assert text.splitlines()[1] == "id\tmemphis\thyperscaler\tbuild"
    assert any(line.startswith("Headroom vs offered fee\t") for line in text.splitlines())
    assert HEADROOM_KEY in window.comparison_model.row_keys()


def test_export_action_follows_the_deal_and_writes_through_the_workbook_writer(window: MainWindow,
                                                                               tmp_path: Path) -> None:
    assert window.commands.export.isEnabled()  # the sample has offers
    window.document.new()
    assert not window.commands.export.isEnabled()  # nothing to compare yet
    window.document.load(sample_deal_path(), is_sample=True)
    written: list[Path] = []
    files = FileCommands(window, window.document, window.recent,
                         export_workbook=lambda deal, path, **_: written.append(path))  # given progress=
    assert files.export(tmp_path / "deal.xlsx") is True
    assert written == [tmp_path / "deal.xlsx"]


def test_settings_keep_the_window_geometry(window: MainWindow, qtbot: QtBot) -> None:
    window.show()
    window.resize(720, 520)  # inside the offscreen screen (800 x 600)
    window.close()
    again = MainWindow()
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (720, 520)


def test_tab_goes_from_the_offers_through_their_buttons_to_terms_comparison_and_charts(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.show()
    window.ensure_charts()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.offers.list.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.offers.list)
    seen = []
    for _ in range(80):
        window.focusNextChild()
        seen.append(QApplication.focusWidget())
    panel = window.offers
    enabled_buttons = [b for b in panel.buttons if b.isEnabled()]
    assert seen[: len(enabled_buttons)] == enabled_buttons
    rest = seen[len(enabled_buttons):]
    form = window.editor.forms["lease"]
    assert rest[:2] == [window.editor.tabs.tabBar(), form.editors["name"].widget]
    # through the term sheet, then the comparison, then the charts
    after_form = rest[rest.index(form.editors["name"].widget):]
    table = after_form.index(window.comparison_view.table)
    assert after_form[table + 1] == window.charts.tabBar()  # type: ignore[union-attr]
    assert form.editors["monthly_fee"].widget in after_form[:table]


def test_menus_have_mnemonics_and_the_usual_shortcuts(window: MainWindow) -> None:
    titles = [action.text() for action in window.menuBar().actions()]
    assert titles == ["&File", "&Edit", "&Deal", "&View", "&Help"]
    actions = window.commands
    assert actions.new.shortcut() == QKeySequence(QKeySequence.StandardKey.New)
    assert actions.save.shortcut() == QKeySequence(QKeySequence.StandardKey.Save)
    assert actions.open.shortcut() == QKeySequence(QKeySequence.StandardKey.Open)
    assert actions.save_as.shortcut() == QKeySequence("Ctrl+Shift+S")
    assert actions.quit.shortcut() == QKeySequence(QKeySequence.StandardKey.Quit)
    letters = [text[text.index("&") + 1].lower() for text in titles]
    widget_mnemonics = [window.offers.title.text(), window.comparison_view.title.text(),
                        *(b.text() for b in window.offers.buttons if b.text() != "Rename…")]  # F2; N: Negotiation
    letters += [text[text.index("&") + 1].lower() for text in widget_mnemonics]
    assert len(letters) == len(set(letters)), letters


def test_go_to_terms_focuses_the_term_sheet_that_shows(window: MainWindow, qtbot: QtBot) -> None:
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    go_to_terms = next(a for a in window.findChildren(QAction) if a.shortcut() == QKeySequence("Ctrl+2"))
    go_to_terms.trigger()
    focused = QApplication.focusWidget()
    assert focused is window.editor.tabs.tabBar()
    assert focused.isVisible() and not window.terms_area.isVisible()  # not the hidden Overview


def test_the_delete_key_deletes_an_offer_only_from_the_list(window: MainWindow, qtbot: QtBot) -> None:
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    table = window.comparison_view.table
    table.setFocus()
    qtbot.waitUntil(table.hasFocus)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert window.offers.model.offer_ids() == ["memphis", "hyperscaler", "build"]
    window.offers.list.setFocus()
    qtbot.waitUntil(window.offers.list.hasFocus)
    qtbot.keyClick(window.offers.list, Qt.Key.Key_Delete)
    assert window.offers.model.offer_ids() == ["hyperscaler", "build"]
    assert window.offers.current_offer_id == "hyperscaler"


@pytest.mark.parametrize(("button", "answer"), [("Save", "save"), ("Discard", "discard"), ("Cancel", "cancel")])
def test_the_real_prompt_maps_its_buttons(window: MainWindow, monkeypatch: pytest.MonkeyPatch, button: str,
                                          answer: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    asked: list[str] = []

    def exec_(box: QMessageBox) -> int:
        asked.append(box.text())
        return int(getattr(QMessageBox.StandardButton, button).value)

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    assert Prompts(window).unsaved_changes(window.document.display_name()) == answer
    assert asked == ["Save the changes to Memphis capacity, 2026 (sample)?"]


def test_the_export_error_names_the_file_once(window: MainWindow, tmp_path: Path,
                                              message_boxes: list[tuple[str, str, str]]) -> None:
    target = tmp_path / "no such folder" / "deal.xlsx"
    assert window.files.export(target) is False
    kind, title, text = message_boxes[0]
    assert (kind, title) == ("warning", "Cannot Export to Excel")
    assert text.count(str(target)) == 1 and "does not exist" in text
