"""One input widget per term, chosen by the kind of value, with an invalid state.

A field's text stays as the person typed it until it reads as a different value than
the stored one; so live recalculation never rewrites a field under the cursor.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from leasedesk.core.terms.term import Term
from leasedesk.core.terms.text import read, show

INVALID_PROPERTY = "invalid"
CHANGED_PROPERTY = "changed_since_round"
WARNING_PROPERTY = "implausible"
WARNING_COLOR = "#c27c0e"  # amber: readable as a border on the light and the dark palette
# Later rules win: a rule broken outshows a warning, a warning outshows a change since the last round.
INVALID_STYLE = (
    "*[changed_since_round=\"true\"] { border: 2px solid #3a7bd5; border-radius: 3px; }"
    f"*[implausible=\"true\"] {{ border: 2px solid {WARNING_COLOR}; border-radius: 3px; }}"
    "*[invalid=\"true\"] { border: 2px solid #d13438; border-radius: 3px; }"
)

_PLACEHOLDERS = {
    "money": "e.g. 150M",
    "price": "e.g. 0.068",
    "percent": "e.g. 3%",
    "whole": "e.g. 60,000",
}


def problem_label(parent: QWidget) -> QLabel:
    """The line above a form that names the rules its fields break (hidden while none does)."""
    label = QLabel(parent)
    label.setObjectName("form_message")
    label.setWordWrap(True)
    label.setStyleSheet("color: #d13438; font-weight: 600;")
    label.hide()
    return label


def mark_warning(widget: QWidget, message: str | None, tooltip: str) -> None:
    """Show a plausibility warning on any input widget: an amber border and the warning first in its tooltip."""
    text = "\n\n".join(part for part in (message, tooltip) if part)
    if bool(widget.property(WARNING_PROPERTY)) == (message is not None) and widget.toolTip() == text:
        return
    widget.setProperty(WARNING_PROPERTY, message is not None)
    widget.setToolTip(text)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


class FieldEditor(QObject):
    """Adapts one widget to text in / value out. ``edited`` carries the text typed."""

    edited = Signal(str)

    def __init__(self, term: Term, parent: QWidget) -> None:
        super().__init__(parent)
        self.term = term
        self.currency = "USD"
        self._invalid_message: str | None = None
        self._warning: str | None = None
        self._changed = False
        self.read_as: QLabel | None = None  # a percent field's value as read ("= 99%"), while typing
        self.widget = self._make_widget(parent)
        self.widget.setObjectName(f"field_{term.flat_key}")
        self.widget.setToolTip(term.tooltip)
        self.widget.setAccessibleName(term.label)
        self.field_widget = self.widget  # what a form lays out
        if term.kind == "percent":
            self._add_read_as()

    def _add_read_as(self) -> None:
        """A muted label inside the field's empty left side (the number is right-aligned) that says how
        the typed text reads: "0.99" is "= 99%". Inside, so percent fields line up with the others."""
        line = self.widget
        assert isinstance(line, QLineEdit)
        label = QLabel(line)
        label.setObjectName(f"read_as_{self.term.flat_key}")
        label.setEnabled(False)  # drawn in the palette's muted text colour
        label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # clicks reach the field
        self.read_as = label
        line.textEdited.connect(self._show_read_as)
        layout = QHBoxLayout(line)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.addWidget(label)
        layout.addStretch(1)

    def _show_read_as(self, text: str) -> None:
        if self.read_as is None:
            return
        try:
            value = self.value_of(text)
        except ValueError:
            value = None
        explicit = text.strip().endswith("%")  # "3%" needs no gloss
        self.read_as.setText("" if value is None or explicit else f"= {show(self.term, value)}")

    def _make_widget(self, parent: QWidget) -> QWidget:
        kind = self.term.kind
        if kind == "flag":
            box = QCheckBox(parent)
            box.toggled.connect(lambda on: self.edited.emit("true" if on else "false"))
            return box
        if kind == "choice":
            combo = QComboBox(parent)
            for value, label in self.term.choices:
                combo.addItem(label, value)
            combo.activated.connect(lambda _index: self.edited.emit(str(combo.currentData())))
            return combo
        if kind == "month":
            picker = QDateEdit(parent)
            picker.setDisplayFormat("MMM yyyy")
            picker.setCalendarPopup(True)
            picker.dateChanged.connect(lambda date: self.edited.emit(date.toString("yyyy-MM")))
            return picker
        if self.term.flat_key == "notes":
            notes = QPlainTextEdit(parent)
            notes.setTabChangesFocus(True)
            notes.setMaximumHeight(80)
            notes.textChanged.connect(lambda: self.edited.emit(notes.toPlainText()))
            return notes
        line = QLineEdit(parent)
        line.setPlaceholderText(_PLACEHOLDERS.get(kind, ""))
        if kind in ("money", "price", "percent", "number", "whole"):
            line.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        line.textEdited.connect(self.edited.emit)
        line.editingFinished.connect(self._tidy)
        return line

    def value_of(self, text: str) -> Any:
        """The value ``text`` means for this term; ValueError with a message if none."""
        if self.term.kind == "flag":
            return text == "true"
        if self.term.kind == "choice":
            return text
        return read(self.term, text)

    def text(self) -> str:
        w = self.widget
        if isinstance(w, QCheckBox):
            return "true" if w.isChecked() else "false"
        if isinstance(w, QComboBox):
            return str(w.currentData())
        if isinstance(w, QPlainTextEdit):
            return w.toPlainText()
        if isinstance(w, QDateEdit):
            return w.date().toString("yyyy-MM")
        assert isinstance(w, QLineEdit)
        return w.text()

    def show_value(self, value: Any, *, force: bool = False) -> None:
        """Show the stored value, unless the field's text already means it (``force``: in any case, such as
        after the deal's currency changed)."""
        w = self.widget
        w.blockSignals(True)
        try:
            if isinstance(w, QCheckBox):
                w.setChecked(bool(value))
            elif isinstance(w, QComboBox):
                index = w.findData(value)
                w.setCurrentIndex(max(index, 0))
            elif isinstance(w, QPlainTextEdit):
                if w.toPlainText() != (value or ""):
                    w.setPlainText(value or "")
            elif isinstance(w, QDateEdit):
                date = dt.date.fromisoformat(value) if isinstance(value, str) else value
                w.setDate(QDate(date.year, date.month, 1))
            else:
                assert isinstance(w, QLineEdit)
                if force or not self._means(w.text(), value):
                    w.setText(show(self.term, value, self.currency))
                    w.setCursorPosition(0)
                    if self.read_as is not None:
                        self.read_as.setText("")
        finally:
            w.blockSignals(False)

    def show_raw_text(self, text: str) -> None:
        """Put back text that did not validate (after a crash recovery)."""
        if isinstance(self.widget, QLineEdit):
            self.widget.setText(text)

    def _means(self, text: str, value: Any) -> bool:
        try:
            current = self.value_of(text)
        except ValueError:
            return False
        if isinstance(value, float) or isinstance(current, float):
            try:
                return abs(float(current) - float(value)) <= 1e-12 * max(1.0, abs(float(value)))
            except (TypeError, ValueError):
                return False
        return bool(current == value)

    def _tidy(self) -> None:
        """On leaving a valid field, show its value in the standard form ('150M' -> '150,000,000')."""
        line = self.widget
        if not isinstance(line, QLineEdit) or self.is_invalid():
            return
        try:
            value = self.value_of(line.text())
        except ValueError:
            return
        tidy = show(self.term, value, self.currency)
        if tidy != line.text():
            line.setText(tidy)
        if self.read_as is not None:  # the field now says the percent itself
            self.read_as.setText("")

    def set_invalid(self, message: str | None) -> None:
        """Mark the field with the rule its text breaks (None: valid)."""
        if message == self._invalid_message:
            return
        self._invalid_message = message
        self._restyle()

    def set_changed(self, changed: bool) -> None:
        """Mark a term that differs from the last recorded negotiation round."""
        if changed == self._changed:
            return
        self._changed = changed
        self._restyle()

    def set_warning(self, message: str | None) -> None:
        """Mark a value that applies but is most likely a slip (a plausibility warning; None: none)."""
        if message == self._warning:
            return
        self._warning = message
        self._restyle()

    def warning(self) -> str | None:
        return self._warning

    def is_changed(self) -> bool:
        return self._changed

    def _restyle(self) -> None:
        w = self.widget
        w.setProperty(INVALID_PROPERTY, self._invalid_message is not None)
        w.setProperty(CHANGED_PROPERTY, self._changed)
        # A warning is about the value that applies; while the text breaks a rule, the field shows the rule only.
        warning = self._warning if self._invalid_message is None else None
        w.setProperty(WARNING_PROPERTY, warning is not None)
        notes = [self._invalid_message or "", warning or "",
                 "Changed since the last recorded round." if self._changed else ""]
        w.setToolTip("\n\n".join([n for n in notes if n] + [self.term.tooltip]))
        w.style().unpolish(w)
        w.style().polish(w)

    def is_invalid(self) -> bool:
        return self._invalid_message is not None
