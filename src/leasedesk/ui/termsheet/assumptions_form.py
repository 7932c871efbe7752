"""The deal's assumptions: analysis start, horizon, discount rate and convention, timing, hours."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QVBoxLayout, QWidget

from leasedesk.core.codec import assumptions_to_data
from leasedesk.core.model import Deal
from leasedesk.core.terms.fields import ASSUMPTION_FIELDS
from leasedesk.core.terms.term import Term
from leasedesk.core.terms.text import get_value, with_value
from leasedesk.core.validation import check_assumptions
from leasedesk.ui.termsheet.field_widgets import INVALID_STYLE, FieldEditor, problem_label


class AssumptionsForm(QWidget):
    """Emits ``assumptions_edited(assumptions, command_text, merge_key)`` for each valid edit."""

    assumptions_edited = Signal(object, str, str)
    pending_changed = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("assumptions_form")
        self.setStyleSheet(INVALID_STYLE)
        self._deal: Deal | None = None
        self._pending: dict[str, str] = {}
        self._messages: dict[str, str] = {}
        box = QGroupBox("Assumptions", self)
        form = QFormLayout(box)
        self.editors: dict[str, FieldEditor] = {}
        for term in ASSUMPTION_FIELDS:
            editor = FieldEditor(term, self)
            editor.edited.connect(lambda text, term=term: self._edited(term, text))
            self.editors[term.flat_key] = editor
            label = f"&{term.label}" + (f" ({term.unit})" if term.unit else "")
            form.addRow(label, editor.widget)
        self._message = problem_label(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self._message)
        layout.addWidget(box)
        layout.addStretch(1)

    def set_deal(self, deal: Deal) -> None:
        """Follow the deal; the fields are read again only when its assumptions changed."""
        previous, self._deal = self._deal, deal
        if previous is not None and previous.assumptions is deal.assumptions:
            return
        self._show_fields(deal)

    def _show_fields(self, deal: Deal) -> None:
        data = assumptions_to_data(deal.assumptions)
        for key, editor in self.editors.items():
            if key not in self._pending:
                editor.show_value(get_value(data, editor.term))
                editor.set_invalid(None)

    def pending_text(self) -> dict[str, str]:
        return dict(self._pending)

    def forget_pending(self) -> None:
        """Another deal was opened: text typed for the last one does not apply."""
        self._pending.clear()
        self._messages.clear()
        self._message.hide()
        if self._deal is not None:
            self._show_fields(self._deal)

    def restore_pending(self, pending: dict[str, str]) -> None:
        """Put typed text back into its fields (after a recovery) and check it again."""
        for key, text in pending.items():
            editor = self.editors.get(key)
            if editor is not None:
                editor.show_raw_text(text)
                self._edited(editor.term, text)

    def problem_messages(self) -> list[str]:
        return list(self._messages.values())

    def _edited(self, term: Term, text: str) -> None:
        if self._deal is None:
            return
        editor = self.editors[term.flat_key]
        try:
            value = editor.value_of(text)
            data = with_value(assumptions_to_data(self._deal.assumptions), term, value)
            assumptions, problems = check_assumptions(data, self._deal.offers)
            if assumptions is None:
                raise ValueError(str(problems[0]))
        except ValueError as error:
            self._pending[term.flat_key] = text
            self._messages[term.flat_key] = f"{term.label}: {error}"
            editor.set_invalid(str(error))
        else:
            self._pending.pop(term.flat_key, None)
            self._messages.pop(term.flat_key, None)
            editor.set_invalid(None)
            if assumptions != self._deal.assumptions:
                self.assumptions_edited.emit(assumptions, f"Change {term.label.lower()}", term.flat_key)
        self._message.setText("\n".join(self._messages.values()))
        self._message.setVisible(bool(self._messages))
        self.pending_changed.emit(dict(self._pending))
