"""The deal's assumptions: analysis start, horizon, discount rate and convention, timing, hours; and the
optional market (its own group: empty without one, filled from the sample or removed in one step)."""

from __future__ import annotations

import dataclasses
import logging
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QLineEdit, QVBoxLayout, QWidget

from leasedesk.core.codec import assumptions_to_data
from leasedesk.core.json_reader import Problem
from leasedesk.core.market.assumptions import MarketAssumptions
from leasedesk.core.model import Assumptions, Deal
from leasedesk.core.plausibility import assumption_warnings
from leasedesk.core.terms.assumption_terms import MARKET_GROUP
from leasedesk.core.terms.fields import ASSUMPTION_FIELDS
from leasedesk.core.terms.term import Term
from leasedesk.core.terms.text import get_value, with_value
from leasedesk.core.validation import check_assumptions
from leasedesk.ui.termsheet.field_widgets import INVALID_STYLE, FieldEditor, problem_label
from leasedesk.ui.termsheet.market_group import MarketGroup, required_gpus_placeholder, sample_market

log = logging.getLogger(__name__)
NO_MARKET_PRICE = "e.g. 4.50"  # the note says a price starts the market


class AssumptionsForm(QWidget):
    """Emits ``assumptions_edited(assumptions, command_text, merge_key)`` for each valid edit
    (an empty merge key: a step of its own, such as filling the market from the sample)."""

    assumptions_edited = Signal(object, str, str)
    typing_refused = Signal(str)  # field key: its text stopped validating
    pending_changed = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("assumptions_form")
        self.setStyleSheet(INVALID_STYLE)
        self._deal: Deal | None = None
        self._pending: dict[str, str] = {}
        self._messages: dict[str, str] = {}
        self._filled_from_sample: MarketAssumptions | None = None
        box = QGroupBox("Assumptions", self)
        form = QFormLayout(box)
        self.market = MarketGroup(self)
        self.market.use_sample_requested.connect(self.use_sample_market)
        self.market.remove_requested.connect(self.remove_market)
        self.editors: dict[str, FieldEditor] = {}
        for term in ASSUMPTION_FIELDS:
            editor = FieldEditor(term, self)
            editor.edited.connect(lambda text, term=term: self._edited(term, text))
            self.editors[term.flat_key] = editor
            label = f"&{term.label}" + (f" ({term.unit})" if term.unit else "")
            (self.market.form if term.group == MARKET_GROUP else form).addRow(label, editor.field_widget)
        self._message = problem_label(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self._message)
        layout.addWidget(box)
        layout.addWidget(self.market)
        layout.addStretch(1)

    def set_deal(self, deal: Deal) -> None:
        """Follow the deal; the fields are read again only when its assumptions changed."""
        previous, self._deal = self._deal, deal
        if previous is not None and previous.assumptions is deal.assumptions:
            return
        self._show_fields(deal)

    def _show_fields(self, deal: Deal) -> None:
        data = assumptions_to_data(deal.assumptions)
        warnings = {w.key: w.message for w in assumption_warnings(deal.assumptions)}
        for key, editor in self.editors.items():
            if key not in self._pending:
                editor.show_value(get_value(data, editor.term))
                editor.set_invalid(None)
            editor.set_warning(warnings.get(key))
        self._show_market_state(deal)

    # ----- the market (DESIGN.md 7) -----
    def use_sample_market(self) -> None:
        """Fill every market field from the bundled sample's market: one undoable step."""
        try:
            self._filled_from_sample = sample_market()
        except (ValueError, OSError, LookupError) as error:  # a damaged installation: say so, change nothing
            log.warning("the sample's market could not be read: %s", error)
            self.market.show_unavailable(f"The sample's market could not be read: {error}")
            return
        self._replace_market(self._filled_from_sample, "Use sample market")

    def remove_market(self) -> None:
        """No market: the market view goes, offers rank by cost per GPU-hour. One undoable step."""
        self._replace_market(None, "Remove market")

    def _replace_market(self, market: MarketAssumptions | None, text: str) -> None:
        if self._deal is None:
            return
        for key, editor in self.editors.items():  # text typed in a market field no longer applies
            if editor.term.group == MARKET_GROUP:
                self._pending.pop(key, None)
                self._messages.pop(key, None)
                editor.set_invalid(None)
        self._show_problems()
        self.pending_changed.emit(dict(self._pending))
        assumptions = dataclasses.replace(self._deal.assumptions, market=market)
        if assumptions != self._deal.assumptions:
            self.assumptions_edited.emit(assumptions, text, "")
        else:
            self._show_fields(self._deal)  # the dropped text goes: the fields show the market as it is

    def _show_market_state(self, deal: Deal) -> None:
        self.market.show_state(deal, self._filled_from_sample)
        has_market = deal.assumptions.market is not None
        for editor in self.editors.values():
            if editor.term.group != MARKET_GROUP or not isinstance(editor.widget, QLineEdit):
                continue
            if editor.term.key == "required_gpus":
                editor.widget.setPlaceholderText(required_gpus_placeholder(deal))
            elif editor.term.key == "price_per_gpu_hour":
                editor.widget.setPlaceholderText("" if has_market else NO_MARKET_PRICE)
            else:
                editor.widget.setPlaceholderText("0 (the default)" if has_market else "")

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
            assumptions = self._assumptions_with(term, editor.value_of, text)
        except ValueError as error:
            self._pending[term.flat_key] = text
            self._messages[term.flat_key] = f"{term.label}: {error}"
            editor.set_invalid(str(error))
            self.typing_refused.emit(term.flat_key)
        else:
            self._pending.pop(term.flat_key, None)
            self._messages.pop(term.flat_key, None)
            editor.set_invalid(None)
            if assumptions != self._deal.assumptions:
                self.assumptions_edited.emit(assumptions, f"Change {term.label.lower()}", term.flat_key)
        self._show_problems()
        self.pending_changed.emit(dict(self._pending))

    def _show_problems(self) -> None:
        self._message.setText("\n".join(self._messages.values()))
        self._message.setVisible(bool(self._messages))

    def _assumptions_with(self, term: Term, value_of: Any, text: str) -> Assumptions:
        """The assumptions with ``text`` typed into ``term``; ValueError naming the rule it breaks.

        A market field left empty means its default (Required GPUs: the largest offer); without a market,
        an empty field changes nothing and only a price starts one."""
        assert self._deal is not None
        current = self._deal.assumptions
        if term.group == MARKET_GROUP:
            if not text.strip():
                if current.market is None:
                    return current
                if term.required:
                    raise ValueError("is required while there is a market (Remove Market drops the market)")
                value = term.default
            else:
                value = value_of(text)
                if current.market is None and term.key != "price_per_gpu_hour":
                    raise ValueError("type the market price first, or use the sample market")
        else:
            value = value_of(text)
        data = with_value(assumptions_to_data(current), term, value)
        assumptions, problems = check_assumptions(data, self._deal.offers)
        if assumptions is None:
            raise ValueError(_problem_words(problems, term))
        return assumptions


def _problem_words(problems: list[Problem], term: Term) -> str:
    """The problem of the edited field in its own words; another field's, with the field named."""
    own = next((p for p in problems if p.field == term.dotted_key), None)
    return own.message if own is not None else str(problems[0])
