"""The offers of the deal as a list, with add lease, add self-build, rename, delete and set baseline.

The panel owns these actions (the window's Deal menu and toolbar show the same ones) and
asks the document to make each change. The selected offer belongs to ``OfferSelection``:
the list shows it and moves it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, QSize, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QLabel,
    QListView,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from leasedesk.ui.document import DealDocument
from leasedesk.ui.new_offers import new_lease, new_self_build
from leasedesk.ui.offer_list_model import OFFER_ID_ROLE, OfferListModel
from leasedesk.ui.prompts import Prompts
from leasedesk.ui.selection import OfferSelection


def _button_for(action: QAction, parent: QWidget) -> QPushButton:
    """A push button that triggers ``action`` and follows its state; unlike a tool button it keeps
    the action's mnemonic (Alt+L for "Add &Lease")."""
    button = QPushButton(action.text(), parent)
    button.setAutoDefault(False)
    button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def follow() -> None:
        button.setEnabled(action.isEnabled())
        button.setToolTip(action.toolTip())

    action.changed.connect(follow)
    button.clicked.connect(action.trigger)
    follow()
    return button


class OffersPanel(QWidget):
    """The list of offers, showing and moving the selection."""

    def __init__(self, document: DealDocument, selection: OfferSelection, parent: QWidget | None = None,
                 ask_name: Callable[[str], str | None] | None = None) -> None:
        """``ask_name(current name)``: the new name for an offer, None when cancelled (a dialog unless given)."""
        super().__init__(parent)
        self.setObjectName("offers_panel")
        self.document = document
        self.selection = selection
        self.ask_name = ask_name if ask_name is not None else Prompts(self).offer_name
        swatch = round(self.fontMetrics().height() * 0.75)
        self.model = OfferListModel(swatch_size=swatch)

        self.title = QLabel("&Offers", self)
        self.title.setObjectName("panel_title")
        self.list = QListView(self)
        self.list.setObjectName("offers_list")
        self.list.setModel(self.model)
        self.list.setIconSize(QSize(swatch, swatch))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setAlternatingRowColors(True)
        self.list.setAccessibleName("Offers")
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.title.setBuddy(self.list)
        self.empty_hint = QLabel("No offers yet: add a lease or a self-build plan.", self)
        self.empty_hint.setWordWrap(True)
        self.empty_hint.setObjectName("empty_hint")

        self.add_lease_action = self._action("Add &Lease", "Add a lease offer with placeholder terms",
                                             QKeySequence("Ctrl+Shift+L"), self.add_lease)
        self.add_build_action = self._action("Add Self-&Build", "Add a plan to build the cluster yourself",
                                             QKeySequence("Ctrl+Shift+B"), self.add_self_build)
        self.rename_action = self._action("Rename…", "Rename the selected offer (F2)", QKeySequence("F2"), self.rename)
        self.delete_action = self._action("Dele&te", "Delete the selected offer (Undo brings it back)",
                                          QKeySequence.StandardKey.Delete, self.delete)
        self.baseline_action = self._action("Set as Ba&seline",
                                            "Compare every offer with the selected one (break-even fees)",
                                            QKeySequence("Ctrl+Shift+E"), self.set_baseline)
        for action in (self.rename_action, self.delete_action):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.list.addActions([self.rename_action, self.baseline_action, self.delete_action])

        buttons = QGridLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        self.buttons: list[QPushButton] = []
        for position, action in enumerate(
            (self.add_lease_action, self.add_build_action, self.rename_action, self.baseline_action, self.delete_action)
        ):
            button = _button_for(action, self)
            buttons.addWidget(button, position // 2, position % 2)
            self.buttons.append(button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty_hint)
        layout.addLayout(buttons)

        self.list.selectionModel().currentChanged.connect(lambda *_: self._list_moved())
        document.deal_changed.connect(lambda _comparison: self._deal_changed())
        selection.changed.connect(self._selection_changed)
        self._deal_changed()
        self._selection_changed(selection.offer_id)

    def _action(self, text: str, tip: str, shortcut: QKeySequence | QKeySequence.StandardKey, slot: object) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{tip} ({keys})")
        action.setStatusTip(tip)
        action.triggered.connect(slot)
        return action

    # ----- selection -----
    @property
    def current_offer_id(self) -> str | None:
        return self.selection.offer_id

    def select_offer(self, offer_id: str | None) -> None:
        self.selection.select(offer_id)

    def _list_moved(self) -> None:
        index = self.list.currentIndex()
        if index.isValid():
            self.selection.select(index.data(OFFER_ID_ROLE))

    def _selection_changed(self, _offer_id: str | None) -> None:
        self._show_selection()
        self._update_actions()

    def _show_selection(self) -> None:
        """The selected offer as the list's current row (nothing to do when it already is)."""
        row = self.model.row_of(self.selection.offer_id)
        selection = self.list.selectionModel()
        if row < 0:
            selection.clearSelection()
        elif self.list.currentIndex().row() != row or not selection.isRowSelected(row):
            index = self.model.index(row, 0)
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
            self.list.scrollTo(index)

    def _deal_changed(self) -> None:
        deal = self.document.deal
        self.model.set_deal(deal)
        self.empty_hint.setVisible(deal is not None and not self.model.rowCount())
        self._show_selection()
        self._update_actions()

    def _update_actions(self) -> None:
        has_deal = self.document.deal is not None
        current = self.selection.offer_id
        has_offer = current is not None
        self.add_lease_action.setEnabled(has_deal)
        self.add_build_action.setEnabled(has_deal)
        for action in (self.rename_action, self.delete_action):
            action.setEnabled(has_offer)
        deal = self.document.deal
        is_baseline = deal is not None and has_offer and deal.resolved_baseline() == current
        self.baseline_action.setEnabled(has_offer and not is_baseline)

    # ----- commands -----
    def add_lease(self) -> None:
        if self.document.deal is not None:
            offer = new_lease(self.document.deal)
            self.document.placeholder_fees.add(offer.id)  # its fee follows its GPUs until typed
            self.document.add_offer(offer)
            self.select_offer(offer.id)

    def add_self_build(self) -> None:
        if self.document.deal is not None:
            offer = new_self_build(self.document.deal)
            self.document.add_offer(offer)
            self.select_offer(offer.id)

    def rename(self) -> None:
        offer = self.selection.offer()
        if offer is None:
            return
        name = self.ask_name(offer.display_name)
        if name is not None and name.strip() and name.strip() != offer.name:
            self.document.rename_offer(offer.id, name)

    def delete(self) -> None:
        current = self.selection.offer_id
        if current is not None:
            ids = self.model.offer_ids()
            row = ids.index(current)
            neighbours = ids[row + 1:row + 2] or ids[row - 1:row]
            self.select_offer(neighbours[0] if neighbours else None)  # first, so the selection moves once
            self.document.remove_offer(current)

    def set_baseline(self) -> None:
        if self.selection.offer_id is not None:
            self.document.set_baseline(self.selection.offer_id)
