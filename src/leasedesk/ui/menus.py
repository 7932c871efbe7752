"""The window's menus and toolbar: File, Edit, Deal, View and Help, with mnemonics and the usual shortcuts.

``build_menus`` gets what the menus trigger (the window's callbacks, the panels' own actions,
the undo stack, the recent files), not the window itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QSize, Qt, SignalInstance
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QUndoStack
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu, QStyle, QToolBar

from leasedesk.ui import theme
from leasedesk.ui.recent_files import RecentFiles, RecentFilesMenu


@dataclass(frozen=True)
class MenuCallbacks:
    """What the window's own menu items do."""

    new: Callable[[], object]
    open_dialog: Callable[[], object]
    open_file: Callable[[str], object]
    save: Callable[[], object]
    save_as: Callable[[], object]
    export: Callable[[], object]
    import_workbook: Callable[[], object]
    quit: Callable[[], object]
    focus_offers: Callable[[], None]
    focus_terms: Callable[[], None]
    focus_comparison: Callable[[], None]
    focus_charts: Callable[[], None]
    set_appearance: Callable[[str], None]
    show_about: Callable[[], None]


@dataclass(frozen=True)
class PanelActions:
    """Actions the panels own (with their shortcuts), shown in the menus and the toolbar too."""

    add_lease: QAction
    add_build: QAction
    rename: QAction
    baseline: QAction
    delete: QAction
    copy_table: QAction
    copy_raw: QAction
    restore_order: QAction


@dataclass
class WindowActions:
    new: QAction
    open: QAction
    save: QAction
    save_as: QAction
    export: QAction
    import_workbook: QAction
    quit: QAction
    undo: QAction
    redo: QAction
    recent_menu: RecentFilesMenu
    appearance: dict[str, QAction]
    toolbar: QToolBar


def _action(window: QMainWindow, text: str, shortcut: QKeySequence | QKeySequence.StandardKey | str | None,
            tip: str, slot: object, icon: QStyle.StandardPixmap | None = None) -> QAction:
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.setStatusTip(tip)
    keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    action.setToolTip(f"{tip} ({keys})" if keys else tip)
    if icon is not None:
        action.setIcon(window.style().standardIcon(icon))
    action.triggered.connect(slot)
    return action


def _follow_stack(action: QAction, verb: str, can_changed: SignalInstance, text_changed: SignalInstance,
                  can: bool, text: str) -> None:
    """Enabled while there is something to undo (redo); the tooltip names it ("Undo Add Lease 1").

    Only the signals' values are used: the stack emits them while it is being destroyed too."""
    state = {"can": can, "text": text}

    def update() -> None:
        action.setEnabled(bool(state["can"]))
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        what = f"{verb} {state['text']}" if state["text"] else f"Nothing to {verb.lower()}"
        action.setToolTip(f"{what} ({keys})")
        action.setStatusTip(what)

    def can_now(value: bool) -> None:
        if state["can"] != value:  # the stack repeats it on every merged keystroke
            state.update(can=value)
            update()

    def text_now(value: str) -> None:
        if state["text"] != value:
            state.update(text=value)
            update()

    can_changed.connect(can_now)
    text_changed.connect(text_now)
    update()


def build_menus(window: QMainWindow, do: MenuCallbacks, panels: PanelActions, stack: QUndoStack,
                recent: RecentFiles) -> WindowActions:
    px = QStyle.StandardPixmap
    new = _action(window, "&New", QKeySequence.StandardKey.New, "Start a new, empty deal", do.new, px.SP_FileIcon)
    open_ = _action(window, "&Open…", QKeySequence.StandardKey.Open, "Open a .leasedeal file", do.open_dialog,
                    px.SP_DialogOpenButton)
    save = _action(window, "&Save", QKeySequence.StandardKey.Save, "Save the deal", do.save, px.SP_DialogSaveButton)
    save_as = _action(window, "Save &As…", QKeySequence("Ctrl+Shift+S"), "Save the deal to a new file",
                      lambda: do.save_as())
    export = _action(window, "&Export to Excel…", QKeySequence("Ctrl+E"),
                     "Write the comparison as a live Excel workbook", lambda: do.export())
    export.setEnabled(False)  # until a deal with offers is open
    export.setToolTip(export.statusTip())
    import_workbook = _action(window, "&Import Workbook…", None, "Take the other side's edited workbook as a round "
                              "or a counter, after a preview", lambda: do.import_workbook())
    quit_ = _action(window, "&Quit", QKeySequence.StandardKey.Quit, "Close LeaseDesk", do.quit)
    quit_.setMenuRole(QAction.MenuRole.QuitRole)

    recent_menu = RecentFilesMenu(recent, window)
    recent_menu.open_requested.connect(do.open_file)

    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    file_menu.addActions([new, open_])
    file_menu.addMenu(recent_menu)
    file_menu.addSeparator()
    file_menu.addActions([save, save_as])
    file_menu.addSeparator()
    file_menu.addActions([export, import_workbook])
    file_menu.addSeparator()
    file_menu.addAction(quit_)
    file_menu.setToolTipsVisible(True)

    undo = _action(window, "&Undo", QKeySequence.StandardKey.Undo, "Undo the last change", stack.undo)
    redo = _action(window, "&Redo", QKeySequence.StandardKey.Redo, "Redo the change undone last", stack.redo)
    _follow_stack(undo, "Undo", stack.canUndoChanged, stack.undoTextChanged, stack.canUndo(), stack.undoText())
    _follow_stack(redo, "Redo", stack.canRedoChanged, stack.redoTextChanged, stack.canRedo(), stack.redoText())
    edit_menu = bar.addMenu("&Edit")
    edit_menu.addActions([undo, redo])
    edit_menu.addSeparator()
    edit_menu.addActions([panels.copy_table, panels.copy_raw])

    deal_menu = bar.addMenu("&Deal")
    deal_menu.addActions([panels.add_lease, panels.add_build])
    deal_menu.addSeparator()
    deal_menu.addActions([panels.rename, panels.baseline, panels.delete])

    view_menu = bar.addMenu("&View")
    view_menu.addAction(_action(window, "Go to &Offers", "Ctrl+1", "Move the focus to the list of offers",
                                do.focus_offers))
    view_menu.addAction(_action(window, "Go to &Terms", "Ctrl+2", "Move the focus to the selected offer's terms",
                                do.focus_terms))
    view_menu.addAction(_action(window, "Go to &Comparison", "Ctrl+3", "Move the focus to the comparison table",
                                do.focus_comparison))
    view_menu.addAction(_action(window, "Go to C&harts", "Ctrl+4", "Move the focus to the charts", do.focus_charts))
    view_menu.addSeparator()
    view_menu.addAction(panels.restore_order)
    appearance_menu = QMenu("&Appearance", window)
    group = QActionGroup(window)
    appearance: dict[str, QAction] = {}
    for key, label in (("system", "Follow the &System"), ("light", "&Light"), ("dark", "&Dark")):
        action = QAction(label, window)
        action.setCheckable(True)
        action.triggered.connect(lambda _checked=False, key=key: do.set_appearance(key))
        group.addAction(action)
        appearance_menu.addAction(action)
        appearance[key] = action
    view_menu.addMenu(appearance_menu)

    help_menu = bar.addMenu("&Help")
    about = _action(window, "&About LeaseDesk", None, "Version and what LeaseDesk does", do.show_about)
    about.setMenuRole(QAction.MenuRole.AboutRole)
    help_menu.addAction(about)

    toolbar = QToolBar("Main", window)
    toolbar.setObjectName("main_toolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    size = QApplication.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
    toolbar.setIconSize(QSize(size, size))
    toolbar.addActions([new, open_, save, export])
    toolbar.addSeparator()
    toolbar.addActions([panels.add_lease, panels.add_build])
    toolbar.addSeparator()
    toolbar.addActions([undo, redo])
    window.addToolBar(toolbar)
    for key, action in appearance.items():
        action.setChecked(key == theme.APPEARANCES[0])
    return WindowActions(
        new, open_, save, save_as, export, import_workbook, quit_, undo, redo, recent_menu, appearance, toolbar
    )
