"""The main window: offers, the selected offer's term sheet, the comparison and the charts of the open deal.

It only arranges and connects the parts: the deal lives in ``DealDocument``, the selected
offer in ``OfferSelection``, file work in ``FileCommands``, the menus in ``menus``. The charts
(QtCharts) are created by ``ensure_charts`` after the first paint, so the window shows before
that module loads; their refreshes while typing are rate limited.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QIcon
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from leasedesk import __version__
from leasedesk.files.recovery import Recovery
from leasedesk.ui import theme
from leasedesk.ui.autosave import Autosaver
from leasedesk.ui.comparison_model import ComparisonModel
from leasedesk.ui.comparison_view import ComparisonView
from leasedesk.ui.document import DealDocument
from leasedesk.ui.file_commands import FileCommands
from leasedesk.ui.import_preview import WorkbookImporter
from leasedesk.ui.menus import MenuCallbacks, PanelActions, build_menus
from leasedesk.ui.offer_summary import OfferSummary
from leasedesk.ui.offers_panel import OffersPanel
from leasedesk.ui.prompts import Prompts
from leasedesk.ui.recent_files import RecentFiles
from leasedesk.ui.refresh import RateLimiter
from leasedesk.ui.selection import OfferSelection
from leasedesk.ui.settings import KEY_APPEARANCE, KEY_GEOMETRY, KEY_SPLITTERS, KEY_WINDOW_STATE, open_settings
from leasedesk.ui.termsheet.editor_panel import TermSheetEditor
from leasedesk.ui.warnings_line import WarningsLine

if TYPE_CHECKING:
    from leasedesk.ui.charts_panel import ChartsPanel

log = logging.getLogger(__name__)
APP_TITLE = "LeaseDesk"
CHART_REFRESH_MS = 50  # keystrokes faster than this redraw the charts once, when the interval ends


class MainWindow(QMainWindow):
    """``startup_finished`` once the first deal is open and the charts exist."""

    startup_finished = Signal()

    def __init__(self, document: DealDocument | None = None, icon: QIcon | None = None,
                 prompts: Prompts | None = None) -> None:
        """``prompts``: who answers the window's questions (dialogs unless given)."""
        super().__init__()
        self.setObjectName("main_window")
        if icon is not None:
            self.setWindowIcon(icon)
        self.document = document if document is not None else DealDocument(self)
        self.selection = OfferSelection(self.document, self)  # first: it moves before the panels follow
        self.recent = RecentFiles(self)
        self.prompts = prompts if prompts is not None else Prompts(self)
        self.files = FileCommands(self, self.document, self.recent, prompts=self.prompts,
                                  blocking_problems=lambda: self.editor.problem_messages())
        self.importer = WorkbookImporter(self, self.document, prompts=self.prompts)  # File > Import Workbook…
        self.comparison_model = ComparisonModel()
        self.charts: ChartsPanel | None = None
        self._refresh_charts = RateLimiter(self._show_comparison_in_charts, CHART_REFRESH_MS, self)
        self._splitters_restored = False  # set from the settings in _restore_settings

        self._build_layout()
        self.commands = build_menus(self, self._menu_callbacks(), self._panel_actions(), self.document.undo_stack,
                                    self.recent)
        self.file_label = QLabel(self)
        self.file_label.setObjectName("file_label")
        self.statusBar().addPermanentWidget(self.file_label)
        # The term sheet's fields follow its tab bar in creation order, then the comparison table.
        chain = [self.offers.list, *self.offers.buttons, self.editor.tabs]
        for before, after in itertools.pairwise(chain):
            self.setTabOrder(before, after)
        self.setAcceptDrops(True)
        self._default_size()

        self.document.deal_changed.connect(self._deal_changed)
        self.document.modified_changed.connect(lambda _modified: self._update_title())
        self.document.file_changed.connect(lambda _path: self._update_title())
        self.selection.changed.connect(self._offer_selected)
        self.editor.offer_created.connect(self.offers.select_offer)
        self.editor.pending_changed.connect(self._pending_changed)
        self.autosave = Autosaver(self.document, self.editor.pending_text, parent=self)
        self.editor.pending_changed.connect(self.autosave.schedule)
        self.autosave.failed.connect(lambda message: self.statusBar().showMessage(message, 10000))
        self.comparison_view.offer_activated.connect(self.offers.select_offer)
        self.warnings_line.offer_requested.connect(self.offers.select_offer)
        self.warnings_line.assumptions_requested.connect(self.editor.show_assumptions)
        self.files.status.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.importer.status.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self._restore_settings()
        self._deal_changed(self.document.comparison)
        self._update_title()

    def _build_layout(self) -> None:
        """Offers over the selected offer's term sheet on the left; the comparison over the charts on the right.

        The term sheet (``terms_box``) holds the editor's tabs; its Overview tab is ``terms_area``,
        the read-only ``OfferSummary``."""
        self.offers = OffersPanel(self.document, self.selection, self, ask_name=self.prompts.offer_name)
        self.summary = OfferSummary(self.document, self.selection)
        self.terms_area = QScrollArea(self)
        self.terms_area.setObjectName("terms_area")
        self.terms_area.setWidgetResizable(True)
        self.terms_area.setWidget(self.summary)
        self.terms_area.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.editor = TermSheetEditor(self.document, self, selection=self.selection)
        self.editor.tabs.addTab(self.terms_area, "O&verview")
        terms_title = QLabel("Te&rm Sheet of the Selected Offer", self)
        terms_title.setObjectName("panel_title")
        terms_title.setBuddy(self.editor.tabs)
        self.terms_box = terms_box = QWidget(self)
        terms_layout = QVBoxLayout(terms_box)
        terms_layout.setContentsMargins(0, 0, 0, 0)
        terms_layout.addWidget(terms_title)
        terms_layout.addWidget(self.editor, 1)
        self.comparison_view = ComparisonView(self.comparison_model, self)
        self.stale_banner = QLabel(self)
        self.stale_banner.setObjectName("stale_banner")
        self.stale_banner.setWordWrap(True)
        self.stale_banner.setStyleSheet(
            "background: #fff4ce; color: #5c4400; border: 1px solid #e0c060; padding: 4px;"
        )
        self.stale_banner.hide()
        comparison_box = QWidget(self)
        comparison_layout = QVBoxLayout(comparison_box)
        comparison_layout.setContentsMargins(0, 0, 0, 0)
        comparison_layout.addWidget(self.stale_banner)
        comparison_layout.addWidget(self.comparison_view, 1)
        self.warnings_line = WarningsLine(self)  # plausibility warnings, hidden while there are none
        comparison_layout.addWidget(self.warnings_line)
        self.charts_host = QStackedWidget(self)
        self.charts_host.setObjectName("charts_host")
        self._charts_placeholder = QLabel("Drawing the charts…", self.charts_host)
        self._charts_placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.charts_host.addWidget(self._charts_placeholder)

        self.left_splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.left_splitter.addWidget(self.offers)
        self.left_splitter.addWidget(terms_box)
        self.left_splitter.setStretchFactor(0, 1)
        self.left_splitter.setStretchFactor(1, 2)
        self.right_splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.right_splitter.addWidget(comparison_box)
        self.right_splitter.addWidget(self.charts_host)
        self.right_splitter.setStretchFactor(0, 1)
        self.right_splitter.setStretchFactor(1, 1)
        self.main_splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.main_splitter.setObjectName("main_splitter")
        self.main_splitter.addWidget(self.left_splitter)
        self.main_splitter.addWidget(self.right_splitter)
        self.main_splitter.setStretchFactor(0, 0)
        self.main_splitter.setStretchFactor(1, 1)
        self.main_splitter.setChildrenCollapsible(False)
        em = self.fontMetrics().horizontalAdvance("M")
        self.main_splitter.setSizes([em * 40, em * 80])
        self.right_splitter.setSizes([em * 40, em * 36])
        self.left_splitter.setSizes([em * 14, em * 50])
        for splitter in (self.left_splitter, self.right_splitter, self.main_splitter):
            splitter.setHandleWidth(max(6, em // 2))
        central = QWidget(self)
        layout = QVBoxLayout(central)
        margin = max(6, em // 2)
        layout.setContentsMargins(margin, margin // 2, margin, 0)
        layout.addWidget(self.main_splitter)
        self.setCentralWidget(central)

    def _menu_callbacks(self) -> MenuCallbacks:
        files = self.files

        def focus(widget: QWidget) -> Callable[[], None]:
            return lambda: widget.setFocus(Qt.FocusReason.ShortcutFocusReason)

        return MenuCallbacks(
            new=files.new, open_dialog=files.open_dialog, open_file=self.open_file, save=files.save,
            save_as=files.save_as, export=files.export, import_workbook=self.importer.import_workbook,
            quit=self.close,
            focus_offers=focus(self.offers.list), focus_terms=self.focus_terms,
            focus_comparison=focus(self.comparison_view.table), focus_charts=self.focus_charts,
            set_appearance=self.set_appearance, show_about=self.show_about,
        )

    def _panel_actions(self) -> PanelActions:
        offers, view = self.offers, self.comparison_view
        return PanelActions(
            add_lease=offers.add_lease_action, add_build=offers.add_build_action, rename=offers.rename_action,
            baseline=offers.baseline_action, delete=offers.delete_action, copy_table=view.copy_table_action,
            copy_raw=view.copy_raw_action, restore_order=view.restore_order_action,
        )

    # ----- start-up work after the first paint -----
    def ensure_charts(self) -> ChartsPanel:
        """Create the charts (imports QtCharts) and show them in place of the placeholder."""
        if self.charts is None:
            from leasedesk.ui.charts_panel import ChartsPanel

            self.charts = ChartsPanel(self.charts_host)
            self.charts_host.addWidget(self.charts)
            self.charts_host.setCurrentWidget(self.charts)
            self.setTabOrder(self.comparison_view.table, self.charts.tabBar())
        self._refresh_charts.flush()
        if self.charts.comparison is not self.document.comparison:
            self.charts.set_comparison(self.document.comparison, self.selection.offer_id)
        return self.charts

    def finish_startup(self) -> None:
        self.ensure_charts()
        if not self._splitters_restored:
            self._balance_split()
        self._splitters_restored = True
        self.startup_finished.emit()

    def _balance_split(self) -> None:
        """First run: the side column at most 34% of the width; the table tall enough for every row,
        unless the charts would get under half the height; never too short for the deciding figures."""
        width = sum(self.main_splitter.sizes())
        side = min(self.main_splitter.sizes()[0], int(width * 0.34))
        self.main_splitter.setSizes([side, width - side])
        total = sum(self.right_splitter.sizes())
        if total <= 0:
            return
        view = self.comparison_view
        table = max(min(view.content_height(), int(total * 0.5)), view.answer_height())
        self.right_splitter.setSizes([table, total - table])

    # ----- files -----
    def open_file(self, path: Path | str) -> bool:
        return self.files.open_path(path)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            # Open after the drop returns, so no dialog runs inside the drag-and-drop loop.
            QTimer.singleShot(0, lambda: self.open_file(paths[0]))

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.files.maybe_keep_work():
            event.ignore()
            return
        self._save_settings()
        self.autosave.clean_exit()
        event.accept()

    # ----- reacting to the document -----
    def _deal_changed(self, comparison: object) -> None:
        self.comparison_model.set_comparison(self.document.comparison)
        self.warnings_line.set_deal(self.document.deal)
        if self.charts is not None:
            self._refresh_charts()
        deal = self.document.deal
        for action in (self.commands.save, self.commands.save_as):
            action.setEnabled(deal is not None)
        self.commands.export.setEnabled(deal is not None and bool(deal.offers))

    def _pending_changed(self, pending: dict[str, str]) -> None:
        """While a term does not validate, the figures shown are those of the last valid terms."""
        problems = self.editor.problem_messages()
        if pending and problems:
            self.stale_banner.setText(f"Figures of the last valid terms. To update them, fix: {problems[0]}")
        self.stale_banner.setVisible(bool(pending))

    def ask_recover(self, recovery: Recovery) -> bool:
        """Whether to recover unsaved work found at start-up."""
        return self.prompts.recover(recovery)

    def recover_from(self, recovery: Recovery) -> None:
        """Show the deal an unclean exit left behind, with the text that did not validate yet."""
        self.document.reset(recovery.deal, recovery.source_path)
        self.document.undo_stack.resetClean()  # unsaved work: the file (if any) does not hold it
        for key in recovery.pending_text:
            if key.startswith("offers[") and "]" in key:
                self.offers.select_offer(key[len("offers["):key.index("]")])
                break
        self.editor.restore_pending(recovery.pending_text)
        self.statusBar().showMessage("Recovered the work of a session that did not end cleanly", 10000)

    def _show_comparison_in_charts(self) -> None:
        if self.charts is not None:
            self.charts.set_comparison(self.document.comparison, self.selection.offer_id)

    def refresh_pending(self) -> bool:
        """Whether a refresh is held back (the charts' rate limit, the table's column fit)."""
        return self._refresh_charts.pending() or self.comparison_view.refit_pending()

    def _offer_selected(self, offer_id: str | None) -> None:
        if self.charts is not None:
            self._refresh_charts.flush()  # the exit curve of the lease selected, in the figures of now
            self.charts.set_selected_offer(offer_id)

    def _update_title(self) -> None:
        document = self.document
        name = document.display_name() if document.deal is not None else "No deal open"
        self.setWindowTitle(f"{name}[*] — {APP_TITLE}")
        self.setWindowModified(document.is_modified)
        self.setWindowFilePath(str(document.path) if document.path else "")
        if document.deal is None:
            state = "No deal open"
        elif document.path is None:
            where = "Sample deal" if document.is_sample else "New deal"
            state = f"{where}, not saved to a file yet" + (" (changed)" if document.is_modified else "")
        else:
            state = f"{document.path} · " + ("unsaved changes" if document.is_modified else "saved")
        self.file_label.setText(state)

    def focus_terms(self) -> None:
        """Ctrl+2: the term sheet's tab bar, whichever page of it shows."""
        self.editor.tabs.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def focus_charts(self) -> None:
        (self.charts or self.charts_host).setFocus(Qt.FocusReason.ShortcutFocusReason)

    # ----- appearance, about -----
    def set_appearance(self, appearance: str) -> None:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            theme.apply_appearance(app, appearance)
        open_settings().setValue(KEY_APPEARANCE, appearance)
        self.commands.appearance[appearance].setChecked(True)

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            f"About {APP_TITLE}",
            f"<b>{APP_TITLE} {__version__}</b><p>Compare AI compute lease offers with each other and with "
            "building the cluster: present value, level monthly cost, cost per GPU-hour, exit commitments "
            "and the break-even fee.</p>",
        )

    # ----- settings -----
    def _default_size(self) -> None:
        """Most of the screen the first time (before any saved geometry)."""
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        em = self.fontMetrics().horizontalAdvance("M")
        width, height = em * 130, em * 80
        if screen is not None and screen.width() > 0:
            width, height = min(width, int(screen.width() * 0.92)), min(height, int(screen.height() * 0.92))
            self.resize(width, height)
            frame = self.frameGeometry()
            frame.moveCenter(screen.center())
            self.move(frame.topLeft())
        else:
            self.resize(width, height)

    def _restore_settings(self) -> None:
        settings = open_settings()
        geometry = settings.value(KEY_GEOMETRY)
        if isinstance(geometry, QByteArray | bytes):
            self.restoreGeometry(QByteArray(geometry))
        state = settings.value(KEY_WINDOW_STATE)
        if isinstance(state, QByteArray | bytes):
            self.restoreState(QByteArray(state))
        splitters = settings.value(KEY_SPLITTERS)
        self._splitters_restored = isinstance(splitters, list) and len(splitters) == 3
        if isinstance(splitters, list) and len(splitters) == 3:
            for splitter, saved in zip((self.main_splitter, self.left_splitter, self.right_splitter), splitters,
                                       strict=True):
                if isinstance(saved, QByteArray | bytes):
                    splitter.restoreState(QByteArray(saved))
        chosen = theme.chosen_appearance(str(settings.value(KEY_APPEARANCE, "system")))
        self.commands.appearance[chosen].setChecked(True)

    def _save_settings(self) -> None:
        settings = open_settings()
        settings.setValue(KEY_GEOMETRY, self.saveGeometry())
        settings.setValue(KEY_WINDOW_STATE, self.saveState())
        settings.setValue(KEY_SPLITTERS, [s.saveState() for s in (self.main_splitter, self.left_splitter,
                                                                  self.right_splitter)])
        settings.sync()
