"""The comparison on screen: the headline sentence over the table; copy as tab-separated text, order offers
by a row, click to select, fold a group of rows.

The headline is ``core.headline``'s sentence (the same in the CLI table and the workbook), redrawn
after every change of the comparison.

Ordering offers by a row only moves the header's sections (best first, in the row's
direction from ``core.metric_info``); the model and the deal keep their order. A group's
heading row (Terms, More figures, Market view) folds the group: a click on it, Space or Enter
on it, or its context menu; the folded groups are kept in the settings.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from leasedesk.core.formatting import format_percent
from leasedesk.core.headline import headline
from leasedesk.core.market.metric_info import MARKET_METRIC_BY_KEY
from leasedesk.core.metric_info import METRIC_BY_KEY
from leasedesk.core.model import Deal
from leasedesk.ui.comparison_labels import ElidedLabel, HeadlineText
from leasedesk.ui.comparison_layout import GROUPS, HIDDEN_KEYS
from leasedesk.ui.comparison_model import OFFER_ID_ROLE, RAW_VALUE_ROLE, ROW_KEY_ROLE, ComparisonModel, table_as_tsv
from leasedesk.ui.settings import open_settings, string_list

MAX_COLUMN_CHARS = 28  # average characters: longer terms wrap when the columns do not all fit
KEY_FOLDED_GROUPS = "comparison/folded_groups"


def deal_words(deal: Deal) -> str:
    """'Memphis capacity, 2026 · USD · 42 months from Jul 2026 · discount rate 10.0% (effective), in advance'."""
    a = deal.assumptions
    return (f"{deal.name} · {deal.currency} · {a.horizon_months} months from {a.analysis_start:%b %Y} · "
            f"discount rate {format_percent(a.discount_rate)} ({a.rate_convention}), paid in {a.payment_timing}")


class ComparisonView(QWidget):
    """``offer_activated(offer id)`` when a cell or an offer's header is clicked."""

    offer_activated = Signal(str)

    def __init__(self, model: ComparisonModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("comparison_view")
        self.model = model
        self.sort_key: str | None = None
        self.title = QLabel("&Comparison", self)
        self.title.setObjectName("panel_title")
        self.table = QTableView(self)
        self.table.setObjectName("comparison_table")
        self.table.setModel(model)
        self.table.setAccessibleName("Comparison of the offers")
        self.table.setWordWrap(True)
        self.table.setAlternatingRowColors(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.setCornerButtonEnabled(False)
        self.title.setBuddy(self.table)
        columns = self.table.horizontalHeader()
        columns.setSectionsMovable(True)
        columns.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.AlignmentFlag.AlignVCenter)
        columns.setHighlightSections(False)
        columns.sectionClicked.connect(self._header_clicked)
        rows = self.table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        rows.customContextMenuRequested.connect(self._row_menu)
        rows.setHighlightSections(False)
        rows.sectionClicked.connect(self._toggle_heading)
        self.table.clicked.connect(self._cell_clicked)
        self.table.installEventFilter(self)

        self.copy_selection_action = QAction("&Copy", self)
        self.copy_selection_action.setShortcut(QKeySequence.StandardKey.Copy)
        self.copy_selection_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.copy_selection_action.triggered.connect(self.copy_selection)
        self.table.addAction(self.copy_selection_action)
        self.copy_table_action = QAction("Copy &Table as Text", self)
        self.copy_table_action.setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.copy_table_action.setStatusTip("Copy the whole comparison as tab-separated text, as shown")
        self.copy_table_action.triggered.connect(lambda: self.copy_table(raw=False))
        self.copy_raw_action = QAction("Copy Table with &Raw Values", self)
        self.copy_raw_action.setStatusTip("Copy the whole comparison as tab-separated unformatted numbers")
        self.copy_raw_action.triggered.connect(lambda: self.copy_table(raw=True))
        self.restore_order_action = QAction("&Original Order of Offers", self)
        self.restore_order_action.triggered.connect(lambda: self.order_offers_by(None))
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._cell_menu)

        self.deal_line = ElidedLabel(self)
        self.deal_line.setObjectName("deal_line")
        self.empty = QLabel("No offers to compare yet.\nAdd a lease or a self-build plan (Deal menu).", self)
        self.empty.setObjectName("empty_comparison")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        self.headline = HeadlineText(self)
        self.headline.setObjectName("headline")
        self.headline.setAccessibleName("The answer")
        self.headline.hide()
        heading = QHBoxLayout()
        heading.addWidget(self.title)
        heading.addWidget(self.deal_line, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(heading)
        layout.addWidget(self.headline)
        layout.addWidget(self.stack, 1)
        model.comparison_changed.connect(self._show_headline)
        model.modelReset.connect(self._after_reset)
        model.columnsInserted.connect(lambda *_args: self._after_reset())
        model.columnsRemoved.connect(lambda *_args: self._after_reset())
        # Cells changed in place (typing): fit their columns once the model has announced all of them.
        self._natural_widths: dict[int, int] = {}  # column -> its width before long terms wrap
        self._columns_to_fit: set[int] = set()
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)
        self._refit.timeout.connect(self._fit_changed_columns)
        model.dataChanged.connect(self._cells_changed)
        for group in string_list(open_settings(), KEY_FOLDED_GROUPS):
            if group in GROUPS:
                model.set_folded(group, True)
        model.folding_changed.connect(self._folding_changed)

    def _show_headline(self) -> None:
        comparison = self.model.comparison
        sentence = headline(comparison).sentence if comparison is not None and comparison.results else ""
        self.headline.set_text(sentence)
        self.headline.setVisible(bool(sentence))

    # ----- folding groups of rows -----
    def _toggle_heading(self, row: int) -> bool:
        """Fold or unfold the group whose heading is ``row``; False when ``row`` is no heading."""
        group = self.model.group_of_heading(row)
        if group is None:
            return False
        self.model.set_folded(group, not self.model.is_folded(group))
        return True

    def _cell_clicked(self, index: QModelIndex) -> None:
        if not self._toggle_heading(index.row()):
            self.offer_activated.emit(index.data(OFFER_ID_ROLE))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Space or Enter on a heading's cell folds or unfolds its group."""
        if watched is self.table and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            keys = (Qt.Key.Key_Space, Qt.Key.Key_Return, Qt.Key.Key_Enter)
            current = self.table.currentIndex()
            if event.key() in keys and current.isValid() and self._toggle_heading(current.row()):
                return True
        return super().eventFilter(watched, event)

    def _folding_changed(self) -> None:
        self._show_unfolded_rows()
        settings = open_settings()
        settings.setValue(KEY_FOLDED_GROUPS, sorted(self.model.folded_groups()))

    def _show_unfolded_rows(self) -> None:
        table = self.table
        for row, key in enumerate(self.model.row_keys()):
            table.setRowHidden(row, key in HIDDEN_KEYS or self.model.row_is_folded(row))

    # ----- copying -----
    def copy_table(self, raw: bool = False) -> str:
        text = table_as_tsv(self.model, raw=raw)
        QGuiApplication.clipboard().setText(text)
        return text

    def copy_selection(self) -> str:
        indexes = self.table.selectionModel().selectedIndexes()
        if len(indexes) <= 1:
            return self.copy_table(raw=False)
        header = self.table.horizontalHeader()
        rows = sorted({i.row() for i in indexes})
        columns = sorted({i.column() for i in indexes}, key=header.visualIndex)
        chosen = {(i.row(), i.column()) for i in indexes}
        lines = ["\t".join(["", *(self.model.offer_names()[c] for c in columns)])]
        for r in rows:
            label = str(self.model.headerData(r, Qt.Orientation.Vertical)).strip()
            cells = [str(self.model.index(r, c).data()) if (r, c) in chosen else "" for c in columns]
            lines.append("\t".join([label, *cells]))
        text = "\n".join(lines) + "\n"
        QGuiApplication.clipboard().setText(text)
        return text

    # ----- ordering offers by a row -----
    def order_offers_by(self, row_key: str | None) -> None:
        """Show the offers ordered by a row's raw values (best first); None restores the deal's order."""
        self.sort_key = row_key
        header = self.table.horizontalHeader()
        count = self.model.columnCount()
        order = list(range(count))
        if row_key is not None and row_key in self.model.row_keys():
            row = self.model.row_of(row_key)
            info = METRIC_BY_KEY.get(row_key) or MARKET_METRIC_BY_KEY.get(row_key)
            descending = info is not None and info.better == "higher"

            def sort_key(column: int) -> tuple[int, object]:
                value = self.model.index(row, column).data(RAW_VALUE_ROLE)
                if isinstance(value, int | float):
                    return (0, -value if descending else value)
                return (1 if value is None or value == "" else 0, str(value) if value is not None else "")

            order.sort(key=sort_key)
        for visual, logical in enumerate(order):
            header.moveSection(header.visualIndex(logical), visual)

    def _row_menu(self, point: QPoint) -> None:
        row = self.table.verticalHeader().logicalIndexAt(point)
        menu = QMenu(self)
        if self.model.group_of_heading(row) is not None:
            self._add_fold_action(menu, row)
        elif row >= 0:
            key = self.model.headerData(row, Qt.Orientation.Vertical, ROW_KEY_ROLE)
            label = str(self.model.headerData(row, Qt.Orientation.Vertical)).strip()
            menu.addAction(f"Order Offers by {label}", lambda: self.order_offers_by(key))
        menu.addAction(self.restore_order_action)
        menu.addSeparator()
        menu.addActions([self.copy_table_action, self.copy_raw_action])
        menu.popup(self.table.verticalHeader().mapToGlobal(point))

    def _add_fold_action(self, menu: QMenu, row: int) -> None:
        group = self.model.group_of_heading(row)
        if group is not None:
            words = "&Unfold" if self.model.is_folded(group) else "&Fold"
            menu.addAction(f"{words} {self.model.row_label(row)}", lambda: self._toggle_heading(row))
            menu.addSeparator()

    def _cell_menu(self, point: QPoint) -> None:
        menu = QMenu(self)
        self._add_fold_action(menu, self.table.rowAt(point.y()))
        menu.addActions([self.copy_selection_action, self.copy_table_action, self.copy_raw_action])
        menu.addSeparator()
        menu.addAction(self.restore_order_action)
        menu.popup(self.table.viewport().mapToGlobal(point))

    # ----- layout -----
    def _header_clicked(self, column: int) -> None:
        offer_id = self.model.headerData(column, Qt.Orientation.Horizontal, OFFER_ID_ROLE)
        if offer_id:
            self.offer_activated.emit(offer_id)

    def _after_reset(self) -> None:
        comparison = self.model.comparison
        self.deal_line.set_full_text(deal_words(comparison.deal) if comparison is not None else "")
        showing = comparison is None or self.model.columnCount() > 0
        self.stack.setCurrentWidget(self.table if showing else self.empty)
        self.fit_columns()
        if self.sort_key is not None:
            self.order_offers_by(self.sort_key)

    def fit_columns(self) -> None:
        """Columns as wide as their text when they all fit; otherwise long terms wrap."""
        self._refit.stop()
        self._columns_to_fit.clear()
        table = self.table
        self._show_unfolded_rows()
        table.resizeColumnsToContents()
        columns = range(self.model.columnCount())
        self._natural_widths = {c: table.columnWidth(c) for c in columns}
        if self._wraps():
            widest = self._widest()
            for column in columns:
                if table.columnWidth(column) > widest:
                    table.setColumnWidth(column, widest)
        table.resizeRowsToContents()

    def refit_pending(self) -> bool:
        """Whether columns changed by an edit wait to be fitted."""
        return self._refit.isActive()

    def _wraps(self) -> bool:
        room = self.table.viewport().width() if self.table.isVisible() else 0
        return sum(self._natural_widths.values()) > room

    def _widest(self) -> int:
        return self.table.fontMetrics().averageCharWidth() * MAX_COLUMN_CHARS

    def _cells_changed(self, top_left: QModelIndex, bottom_right: QModelIndex) -> None:
        self._columns_to_fit.update(range(top_left.column(), bottom_right.column() + 1))
        self._refit.start()

    def _fit_changed_columns(self) -> None:
        """Fit only the columns whose cells changed; all of them if that starts or stops the wrapping."""
        table = self.table
        wrapped = self._wraps()
        columns = sorted(c for c in self._columns_to_fit if c < self.model.columnCount())
        self._columns_to_fit.clear()
        for column in columns:
            self._natural_widths[column] = max(table.sizeHintForColumn(column),
                                               table.horizontalHeader().sectionSizeHint(column))
        if self._wraps() != wrapped:
            self.fit_columns()
            return
        widest = self._widest()
        for column in columns:
            natural = self._natural_widths[column]
            width = min(natural, widest) if wrapped else natural
            if width != table.columnWidth(column):
                table.setColumnWidth(column, width)
                if wrapped:
                    table.resizeRowsToContents()

    def content_height(self) -> int:
        """Height the table needs to show every row (for the window's first split)."""
        return self._height_for(range(self.model.rowCount()))

    def answer_height(self) -> int:
        """Height the table needs to show the deciding figures, which lead it, and the heading after them."""
        keys = self.model.row_keys()
        first_heading = next((row for row in range(len(keys)) if self.model.group_of_heading(row) is not None),
                             len(keys) - 1)
        return self._height_for(range(first_heading + 1))

    def _height_for(self, rows: range) -> int:
        table = self.table
        shown = sum(table.rowHeight(r) for r in rows if not table.isRowHidden(r))
        frame = table.frameWidth() * 2 + table.horizontalScrollBar().sizeHint().height()
        above = self.stack.geometry().top() if self.stack.geometry().top() > 0 else self.title.sizeHint().height()
        return shown + table.horizontalHeader().height() + frame + above

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_columns()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.fit_columns()
