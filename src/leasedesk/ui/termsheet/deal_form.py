"""The Deal tab: the deal's name, currency and notes, each edit undoable like any other.

The analysis start, horizon and rates stay on the Assumptions tab (one field per value); a link here
goes there. Like the other forms, it edits nothing itself: a valid edit is emitted as a whole new deal.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from leasedesk.core.edits import tidy_currency
from leasedesk.core.model import Deal
from leasedesk.core.terms.deal_terms import DEAL_SCHEMA
from leasedesk.core.terms.term import Term, flat_terms
from leasedesk.core.validation import validate_deal
from leasedesk.ui.termsheet.field_widgets import INVALID_PROPERTY, INVALID_STYLE, problem_label

TERMS: dict[str, Term] = {term.key: term for term in flat_terms(DEAL_SCHEMA)}
FIELDS = tuple(TERMS)
# Letters free on the whole window while the tab shows (N: the Negotiation tab, O: the Offers list, T: the Terms
# tab, E: the Edit menu). "Notes" has no free letter, so none: Tab reaches it from the currency.
MNEMONICS = {"name": "Deal na&me", "currency": "C&urrency", "notes": "Notes"}


class DealForm(QWidget):
    """``deal_edited(deal, command_text, merge_key)``; ``assumptions_requested()`` from the link."""

    deal_edited = Signal(object, str, str)
    assumptions_requested = Signal()
    pending_changed = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deal_form")
        self.setStyleSheet(INVALID_STYLE)
        self._deal: Deal | None = None
        self._messages: dict[str, str] = {}
        self.name = QLineEdit(self)
        self.name.setObjectName("deal_name")
        self.name.setMaxLength(TERMS["name"].max_length or 0)
        self.currency = QLineEdit(self)
        self.currency.setObjectName("deal_currency")
        self.currency.setMaxLength(TERMS["currency"].max_length or 0)
        self.currency.setPlaceholderText("e.g. USD")
        self.notes = QPlainTextEdit(self)
        self.notes.setObjectName("deal_notes")
        self.notes.setTabChangesFocus(True)
        self.name.textEdited.connect(lambda text: self._edited("name", text))
        self.currency.textEdited.connect(lambda text: self._edited("currency", _normal("currency", text)))
        self.currency.editingFinished.connect(self._tidy_currency)
        self.notes.textChanged.connect(lambda: self._edited("notes", self.notes.toPlainText()))
        box = QGroupBox("Deal", self)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key in FIELDS:
            widget = self._widget(key)
            widget.setToolTip(TERMS[key].tooltip)
            widget.setAccessibleName(TERMS[key].label)
            form.addRow(MNEMONICS[key], widget)
        self.assumptions_link = QLabel(
            'The analysis start, horizon and discount rate are on the <a href="assumptions">Assumptions</a> tab.',
            self,
        )
        self.assumptions_link.setObjectName("assumptions_link")
        self.assumptions_link.setWordWrap(True)
        self.assumptions_link.linkActivated.connect(lambda _link: self.assumptions_requested.emit())
        form.addRow("", self.assumptions_link)
        self._message = problem_label(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self._message)
        layout.addWidget(box)
        layout.addStretch(1)

    def set_deal(self, deal: Deal) -> None:
        """Show the deal's fields; a field whose text is not valid yet keeps it."""
        self._deal = deal
        values = {"name": deal.name, "currency": deal.currency, "notes": deal.notes}
        for key in FIELDS:
            if key in self._messages:
                continue
            widget = self._widget(key)
            widget.blockSignals(True)
            try:
                if isinstance(widget, QPlainTextEdit):
                    if widget.toPlainText() != values[key]:
                        widget.setPlainText(values[key])
                elif _normal(key, widget.text()) != values[key]:
                    widget.setText(values[key])
            finally:
                widget.blockSignals(False)

    def problem_messages(self) -> list[str]:
        return list(self._messages.values())

    def pending_text(self) -> dict[str, str]:
        """Fields whose text is not valid yet: key -> the text as typed (the autosave keeps it)."""
        return {key: self._text(key) for key in self._messages}

    def restore_pending(self, pending: dict[str, str]) -> None:
        """Put typed text back into its fields (after a recovery) and check it again."""
        for key, text in pending.items():
            if key not in FIELDS:
                continue
            widget = self._widget(key)
            if isinstance(widget, QPlainTextEdit):
                widget.setPlainText(text)  # textChanged checks it
            else:
                widget.setText(text)
                self._edited(key, _normal(key, text))

    def _text(self, key: str) -> str:
        widget = self._widget(key)
        return str(widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text())

    def forget_pending(self) -> None:
        self._messages.clear()
        for key in FIELDS:
            self._mark(key, None)
        self._show_messages()

    def _widget(self, key: str) -> Any:
        return {"name": self.name, "currency": self.currency, "notes": self.notes}[key]

    def _edited(self, key: str, value: str) -> None:
        deal = self._deal
        if deal is None:
            return
        changes: dict[str, Any] = {key: value}
        candidate = dataclasses.replace(deal, **changes)
        problems = [p for p in validate_deal(candidate) if p.field == key]
        if problems:
            self._messages[key] = f"{TERMS[key].label}: {problems[0].message}"
            self._mark(key, problems[0].message)
        else:
            self._messages.pop(key, None)
            self._mark(key, None)
            if candidate != deal:
                self.deal_edited.emit(candidate, f"Change the deal's {TERMS[key].label.lower().removeprefix('deal ')}",
                                      key)
        self._show_messages()
        self.pending_changed.emit(self.pending_text())

    def _tidy_currency(self) -> None:
        """On leaving a valid currency, the field shows it as the deal holds it ("eur" -> "EUR")."""
        if "currency" not in self._messages and self._deal is not None and self.currency.text() != self._deal.currency:
            self.currency.setText(self._deal.currency)

    def _mark(self, key: str, message: str | None) -> None:
        widget = self._widget(key)
        widget.setProperty(INVALID_PROPERTY, message is not None)
        widget.style().unpolish(widget)
        widget.style().polish(widget)

    def _show_messages(self) -> None:
        self._message.setText("\n".join(self._messages.values()))
        self._message.setVisible(bool(self._messages))


def _normal(key: str, text: str) -> str:
    return tidy_currency(text) if key == "currency" else text
