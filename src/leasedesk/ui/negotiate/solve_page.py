"""The solve page: "make this offer match another offer (or a value) on a metric by changing a term",
the answer or the reason there is none, and a button that applies the answer as one undoable edit."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from leasedesk.core.metric_info import METRIC_KEYS
from leasedesk.core.model import Deal, LeaseOffer, Offer
from leasedesk.core.negotiation.copies import deal_market, with_term
from leasedesk.core.negotiation.evaluate import KNOWN_METRIC_KEYS
from leasedesk.core.negotiation.report import format_term, format_value
from leasedesk.core.negotiation.solve import DEFAULT_METRIC
from leasedesk.core.negotiation.term_values import is_valid
from leasedesk.core.negotiation.terms import solve_ranges_for
from leasedesk.core.parsing import parse_number
from leasedesk.ui.negotiate.page import AnalysisPage, Request
from leasedesk.ui.negotiate.words import in_sentence, metric_label, term_label

VALUE_TARGET = "__value__"


def solvable_terms(offer: Offer) -> list[str]:
    """The offer's solvable terms that move a figure: exit terms while the right exists, power while
    it is passed through."""
    terms = []
    for rule in solve_ranges_for(offer.kind):
        owner = rule.term.split(".", 1)[0]
        exits = ("lessee_exit", "provider_exit")
        if isinstance(offer, LeaseOffer) and owner in exits and not getattr(offer, owner).allowed:
            continue
        if isinstance(offer, LeaseOffer) and owner == "power" and offer.power.included:
            continue
        terms.append(rule.term)
    return terms


class SolvePage(AnalysisPage):
    """``apply_requested(offer, undo text)``: the offer with the answer, for the document to take."""

    apply_requested = Signal(object, str)
    slot = "solve"
    title = "S&olve"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.offer_label = QLabel(self)
        self.target_combo = QComboBox(self)
        self.target_combo.setObjectName("solve_target")
        self.target_combo.currentIndexChanged.connect(self._target_changed)
        self.value_edit = QLineEdit(self)
        self.value_edit.setObjectName("solve_value")
        self.value_edit.setPlaceholderText("a value, e.g. 1.85 or 4.2B")
        self.value_edit.hide()
        self.metric_combo = QComboBox(self)
        self.metric_combo.setObjectName("solve_metric")
        self.term_combo = QComboBox(self)
        self.term_combo.setObjectName("solve_term")
        self.solve_button = QPushButton("&Solve", self)
        self.solve_button.setObjectName("solve_button")
        self.solve_button.clicked.connect(self._solve_clicked)
        self.answer = QLabel(self)
        self.answer.setObjectName("solve_answer")
        self.answer.setWordWrap(True)
        self.apply_button = QPushButton(self)
        self.apply_button.setObjectName("solve_apply")
        self.apply_button.hide()
        self.apply_button.clicked.connect(self._apply)
        self._asked = False
        self._answer: tuple[str, float] | None = None  # (term, value) the apply button would set
        target_row = QHBoxLayout()
        target_row.addWidget(self.target_combo, 1)
        target_row.addWidget(self.value_edit, 1)
        form = QFormLayout()
        form.addRow("Make", self.offer_label)
        form.addRow("match", target_row)
        form.addRow("on", self.metric_combo)
        form.addRow("by changing", self.term_combo)
        buttons = QHBoxLayout()
        buttons.addWidget(self.solve_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        layout.addWidget(self.answer)
        layout.addWidget(self.apply_button)
        layout.addStretch(1)

    def set_context(self, deal: Deal | None, offer: Offer | None) -> None:
        same_offer = offer is not None and self.offer is not None and offer.id == self.offer.id
        super().set_context(deal, offer)
        if not same_offer:
            self._asked = False
            self._show_answer(None)
        if deal is None or offer is None:
            self.offer_label.setText("—")
            return
        self.offer_label.setText(f"<b>{offer.display_name}</b>")
        _refill(self.target_combo, _targets(deal, offer))
        self._target_changed()
        metrics = [k for k in KNOWN_METRIC_KEYS if k in METRIC_KEYS or deal_market(deal) is not None]
        _refill(self.metric_combo, [(metric_label(k), k) for k in metrics], default=DEFAULT_METRIC)
        _refill(self.term_combo, [(term_label(offer.kind, t), t) for t in solvable_terms(offer)])

    def request(self) -> Request | None:
        if self.offer is None or not self._asked:
            return None
        params: dict[str, Any] = {"offer": self.offer.id, "term": self.term_combo.currentData(),
                                  "metric": self.metric_combo.currentData()}
        if self.target_combo.currentData() == VALUE_TARGET:
            try:
                params["value"] = parse_number(self.value_edit.text())
            except ValueError as error:
                self._show_answer(None)
                self.say(f"The target value: {error}")
                return None
        else:
            params["match"] = self.target_combo.currentData()
        self.answer.setText("Solving…")
        return "solve", params

    def show_result(self, data: dict[str, Any]) -> None:
        if "error" in data or self.deal is None or self.offer is None:
            self._show_answer(None)
            self.say(data.get("error", ""))
            return
        currency, metric, term = self.deal.currency, data["metric"], data["term"]
        label = in_sentence(term_label(self.offer.kind, term))
        target = format_value(metric, data["target"], currency)
        if data["value"] is None:
            self._show_answer(None)
            metric_words = in_sentence(metric_label(metric))
            self.answer.setText(f"No {label} makes {metric_words} meet {target}: {data['reason']}.")
            return
        value = format_term(term, data["value"], currency)
        at = format_value(metric, data["metric_at_value"], currency)
        self._show_answer((term, float(data["value"])))
        self.answer.setText(f"{term_label(self.offer.kind, term)} of {value} makes {in_sentence(metric_label(metric))} "
                            f"{at}, the target {target}.")
        self.apply_button.setText(f"&Apply: set {label} to {value}")

    # ----- internals -----
    def _solve_clicked(self) -> None:
        self._asked = True
        self.request_changed.emit()

    def _target_changed(self) -> None:
        self.value_edit.setVisible(self.target_combo.currentData() == VALUE_TARGET)

    def _show_answer(self, answer: tuple[str, float] | None) -> None:
        self._answer = answer
        self.apply_button.setVisible(answer is not None)
        if answer is None:
            self.answer.clear()

    def _apply(self) -> None:
        if self._answer is None or self.offer is None or self.deal is None:
            return
        term, value = self._answer
        changed = with_term(self.offer, term, value, self.deal.assumptions)
        if not is_valid(changed, self.deal.assumptions):
            self.say("The answer breaks a rule of the offer's terms, so it cannot be applied as it is.")
            return
        label = in_sentence(term_label(self.offer.kind, term))
        self.apply_requested.emit(changed, f"Set {label} to {format_term(term, value, self.deal.currency)}")


def _targets(deal: Deal, offer: Offer) -> list[tuple[str, str]]:
    """Other offers, the baseline first (the command line's default target), then a value."""
    baseline = deal.resolved_baseline()
    others = sorted((o for o in deal.offers if o.id != offer.id), key=lambda o: o.id != baseline)
    items = [(o.display_name + (" (baseline)" if o.id == baseline else ""), o.id) for o in others]
    return [*items, ("a value…", VALUE_TARGET)]


def _refill(combo: QComboBox, items: list[tuple[str, str]], default: str | None = None) -> None:
    """Replace a combo's items, keeping the choice when it is still there."""
    chosen = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for text, key in items:
        combo.addItem(text, key)
    index = combo.findData(chosen) if chosen is not None else -1
    combo.setCurrentIndex(index if index >= 0 else max(0, combo.findData(default) if default else 0))
    combo.blockSignals(False)
