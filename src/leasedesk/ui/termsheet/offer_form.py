"""The term-sheet form of one offer: grouped fields, live checks, the ramp and the exit clause.

The form edits nothing itself: a valid edit is emitted as a whole new offer
(``offer_edited``) for the window to apply through its undo stack; a field that does
not validate is marked with the message and its text kept (``pending_changed``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from leasedesk.core.codec import offer_to_data, terms_of_offer_data
from leasedesk.core.edits import (
    ends_placeholder_fee,
    exit_mirror,
    exits_are_mutual,
    with_exits_mutual,
    with_gpus,
    with_term,
)
from leasedesk.core.formatting import (
    currency_prefix,
    exit_right_words,
    fee_for_price_per_gpu_hour,
    implied_price_per_gpu_hour,
)
from leasedesk.core.json_reader import Problem
from leasedesk.core.model import Assumptions, LeaseOffer, Offer, SelfBuildPlan, add_months
from leasedesk.core.negotiation import changed_terms
from leasedesk.core.parsing import parse_price
from leasedesk.core.plausibility import offer_warnings
from leasedesk.core.terms.fields import field_by_key, fields_for, in_group_order
from leasedesk.core.terms.kinds import kind_named
from leasedesk.core.terms.term import Term, object_of
from leasedesk.core.terms.text import get_value, with_value
from leasedesk.core.validation import check_offer
from leasedesk.ui.termsheet.field_widgets import INVALID_STYLE, FieldEditor, mark_warning, problem_label
from leasedesk.ui.termsheet.ramp_model import RampModel

PRICE_KEY = "price_per_gpu_hour"
PRICE_TOOLTIP = "What the provider quotes: monthly fee / (GPUs x hours per month). Typing a price sets the fee."
RAMP_KEY = "ramp"
MUTUAL_KEY = "mutual_exit"
LEFT_GROUPS = ("Parties", "Capacity", "Term", "Fee", "Build", "Capex")


class OfferForm(QWidget):
    """Edits one lease or self-build plan. ``offer_edited(offer, command_text, merge_key)``."""

    offer_edited = Signal(object, str, str)
    typing_refused = Signal(str, str)  # offer id, field key: its text stopped validating
    pending_changed = Signal(dict)
    # (the earlier start): "Move the analysis start to <month>" was clicked; the shown offer is to start then
    analysis_start_move_requested = Signal(object)

    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.setObjectName(f"offer_form_{kind}")
        self.setStyleSheet(INVALID_STYLE)
        self._offer: Offer | None = None
        self._data: dict[str, Any] = {}  # the shown offer as data: what an edit changes
        self._round_changes: list[str] = []  # its terms that differ from its newest recorded round
        self._shown_context: tuple[Assumptions | None, str] | None = None  # assumptions and currency shown with
        self._assumptions: Assumptions | None = None
        self._currency = "USD"
        self._new_currency = False  # the offer is being shown in another currency than before
        # Text that does not validate yet, and its message, per offer: switching offers keeps it.
        self._pending_by_offer: dict[str, dict[str, str]] = {}
        self._messages_by_offer: dict[str, dict[str, str]] = {}
        self._pending: dict[str, str] = {}
        self._messages: dict[str, str] = {}
        self.editors: dict[str, FieldEditor] = {}
        self._message = problem_label(self)
        # An offer start typed before the analysis start, per offer: (field key, the start). Only these: a click
        # applies the start to the offer as it is then, with every edit made since.
        self._start_moves: dict[str, tuple[str, dt.date]] = {}
        # Leases whose fee is still the placeholder of a new lease (this session's knowledge, never the file's):
        # the window's set, shared; a lease leaves it once its fee or price is typed.
        self.placeholder_fees: set[str] = set()
        self.move_start_button = QPushButton(self)
        self.move_start_button.setObjectName("move_analysis_start")
        self.move_start_button.setToolTip("Start the comparison at this offer's start (one step; Undo takes it back).")
        self.move_start_button.clicked.connect(self._move_start_clicked)
        self.move_start_button.hide()
        self._hints: dict[str, QLabel] = {}
        self.price_edit: QLineEdit | None = None
        self.ramp_model: RampModel | None = None
        self.mutual: QCheckBox | None = None
        self._mutual_off: set[str] = set()  # leases whose equal exit rights were switched apart by hand
        self._mutual_on: set[str] = set()  # leases switched mutual by hand (or edited so): on while equal
        self._build()

    # ----- building -----
    def _build(self) -> None:
        groups: dict[str, QFormLayout] = {}
        boxes: dict[str, QGroupBox] = {}
        for term in in_group_order(fields_for(self.kind)):
            group = term.group
            assert group is not None  # fields_for gives the terms with a form group
            if group not in groups:
                box = QGroupBox(group, self)
                boxes[group] = box
                groups[group] = QFormLayout(box)
                groups[group].setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
                groups[group].setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
            editor = FieldEditor(term, self)
            editor.edited.connect(lambda text, term=term: self._field_edited(term, text))
            self.editors[term.flat_key] = editor
            label = f"{term.label} ({term.unit})" if term.unit and term.kind not in ("flag",) else term.label
            groups[group].addRow(f"&{label}" if term.kind != "flag" else "", editor.field_widget)
            if term.kind == "flag":
                editor.widget.setText(f"&{term.label}")  # type: ignore[attr-defined]
            if term.flat_key == "monthly_fee":
                self._add_price_row(groups[group])
            if term.flat_key == kind_named(self.kind).span_key:
                self._add_hint(groups[group], "end")
        if self.kind == "lease":
            self._add_hint(groups["Lessee exit"], "lessee_exit")
            self._add_hint(groups["Provider exit"], "provider_exit")
            self._add_ramp(groups["Capacity"])
            self._add_mutual(groups["Provider exit"])
        self._boxes = boxes
        self._grid = QGridLayout()
        self._columns = 0
        self.set_columns(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self._message)
        move_row = QHBoxLayout()
        move_row.addWidget(self.move_start_button)
        move_row.addStretch(1)
        layout.addLayout(move_row)
        layout.addLayout(self._grid)

    def set_columns(self, columns: int) -> None:
        """Lay the groups out in one column (a narrow panel) or two (a wide one)."""
        if columns == self._columns:
            return
        self._columns = columns
        for box in self._boxes.values():
            self._grid.removeWidget(box)
        if columns == 1:
            stacks = [list(self._boxes.values())]
        else:
            stacks = [
                [b for g, b in self._boxes.items() if g in LEFT_GROUPS],
                [b for g, b in self._boxes.items() if g not in LEFT_GROUPS],
            ]
        for row in range(self._grid.rowCount()):
            self._grid.setRowStretch(row, 0)
        for column, column_boxes in enumerate(stacks):
            for row, box in enumerate(column_boxes):
                self._grid.addWidget(box, row, column)
        self._grid.setRowStretch(max(len(stack) for stack in stacks), 1)

    def one_column_width(self) -> int:
        """The width the widest group needs: twice this (and some) fits two columns."""
        return max(box.sizeHint().width() for box in self._boxes.values())

    def _add_price_row(self, form: QFormLayout) -> None:
        self.price_edit = QLineEdit(self)
        self.price_edit.setObjectName("field_price_per_gpu_hour")
        self.price_edit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.price_edit.setToolTip(PRICE_TOOLTIP)
        self.price_edit.setPlaceholderText("e.g. 3.42")
        self.price_edit.textEdited.connect(self._price_edited)
        form.addRow("Price per &GPU-hour", self.price_edit)

    def _add_mutual(self, form: QFormLayout) -> None:
        """The "mutual" switch: on, an edit of either side's exit right is made to both (nothing in the file:
        it shows on whenever both rights are equal)."""
        box = QCheckBox("Either side may exit on the same terms", self)
        box.setObjectName("mutual_exit")
        box.setToolTip("On: the provider's exit right follows the lessee's, and the other way round. "
                       "Turning it on copies the lessee's right to the provider; off leaves both as they are.")
        box.clicked.connect(self._mutual_clicked)
        form.insertRow(0, "", box)  # in the fields' column, like the side's own switch below it
        self.mutual = box

    def _add_hint(self, form: QFormLayout, key: str) -> None:
        hint = QLabel(self)
        hint.setObjectName(f"hint_{key}")
        hint.setWordWrap(True)
        hint.setEnabled(False)  # drawn in the palette's muted text colour
        form.addRow("", hint)
        self._hints[key] = hint

    def _add_ramp(self, form: QFormLayout) -> None:
        self.ramp_model = RampModel()
        self.ramp_model.ramp_edited.connect(self._ramp_edited)
        view = QTableView(self)
        view.setObjectName("ramp_table")
        view.setModel(self.ramp_model)
        view.horizontalHeader().setStretchLastSection(True)
        view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        view.verticalHeader().hide()
        view.setMaximumHeight(110)
        view.setToolTip("Delivery ramp: GPUs delivered from each lease month on. Empty: all GPUs from the start.")
        add, remove = QPushButton("Add ste&p", self), QPushButton("Remove step", self)
        model = self.ramp_model
        add.clicked.connect(lambda: model.add_step(self._offer.gpus if self._offer else 0))
        remove.clicked.connect(lambda: model.remove_step(view.currentIndex().row()))
        buttons = QHBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        box = QVBoxLayout()
        box.addWidget(view)
        box.addLayout(buttons)
        form.addRow("Ramp", box)
        self._ramp_view = view

    # ----- showing -----
    def set_context(self, assumptions: Assumptions, currency: str) -> None:
        """The deal's assumptions and currency; shown from the next ``set_offer``."""
        self._assumptions = assumptions
        self._currency = currency
        for editor in self.editors.values():
            editor.currency = currency

    def set_offer(self, offer: Offer) -> None:
        """Show the offer; fields holding text that does not validate yet keep it.

        The offer is converted to data once; of the same offer, only the fields whose value
        changed are shown again (the field being typed in reads as its value already)."""
        previous, previous_data = self._offer, self._data
        context = (self._assumptions, self._currency)
        switched = previous is None or offer.id != previous.id or self._shown_context != context
        new_currency = self._new_currency = self._shown_context is not None and self._shown_context[1] != self._currency
        self._offer = offer
        self._data = data = offer_to_data(offer)
        self._shown_context = context
        self._pending = self._pending_by_offer.setdefault(offer.id, {})
        self._messages = self._messages_by_offer.setdefault(offer.id, {})
        for key, editor in self.editors.items():
            if key in self._pending:
                if switched:  # back to an offer whose field still holds bad text: show it again
                    editor.show_raw_text(self._pending[key])
                    editor.set_invalid(self._messages.get(key, ""))
                continue
            value = get_value(data, editor.term)
            if switched or editor.is_invalid() or value != get_value(previous_data, editor.term):
                editor.show_value(value, force=new_currency and editor.term.kind in ("money", "price"))
            editor.set_invalid(None)
        if isinstance(offer, LeaseOffer):
            self._show_lease_extras(offer, previous if not switched else None)
        elif isinstance(offer, SelfBuildPlan):
            self._hints["end"].setText(f"online {add_months(offer.start, offer.build_months):%b %Y}")
        self._update_enabled(data)
        self._show_warnings(offer)
        self._round_changes = self._changes_from(offer, data)
        changed = set(self._round_changes)
        for key, editor in self.editors.items():
            editor.set_changed(key in changed)
        self._show_message()

    def _show_warnings(self, offer: Offer) -> None:
        """Plausibility warnings on their fields (the price per GPU-hour's on the fee and the price)."""
        found = offer_warnings(offer, self._assumptions, self._currency) if self._assumptions else []
        by_key: dict[str, str] = {}
        for warning in found:
            by_key.setdefault(warning.key, warning.message)
        for key, editor in self.editors.items():
            editor.set_warning(by_key.get(key))
        if self.price_edit is not None:
            mark_warning(self.price_edit, by_key.get("monthly_fee"), PRICE_TOOLTIP)

    def warnings(self) -> dict[str, str]:
        """The shown offer's plausibility warnings by field key."""
        return {key: message for key, editor in self.editors.items() if (message := editor.warning())}

    def changes_since_last_round(self) -> list[str]:
        """The shown offer's terms that differ from its newest recorded round."""
        return list(self._round_changes)

    @staticmethod
    def _changes_from(offer: Offer, data: dict[str, Any]) -> list[str]:
        if not offer.revisions:
            return []
        return changed_terms(offer.revisions[-1].terms, terms_of_offer_data(data))

    def _show_lease_extras(self, lease: LeaseOffer, previous: Offer | None) -> None:
        hours = self._assumptions.hours_per_month if self._assumptions else 730.0
        same_price = isinstance(previous, LeaseOffer) and (previous.monthly_fee, previous.gpus) == (
            lease.monthly_fee, lease.gpus)
        price_edit = self.price_edit
        if price_edit is not None and PRICE_KEY not in self._pending and not price_edit.hasFocus() and not same_price:
            price = implied_price_per_gpu_hour(lease, hours)
            if self._new_currency or not self._price_means(price):
                digits = f"{price:,.4f}"
                digits = digits[:-2] + digits[-2:].rstrip("0")  # $2.90, $3.4247: cents always shown
                price_edit.setText(f"{currency_prefix(self._currency)}{digits}")
        self._hints["end"].setText(
            f"runs {lease.start:%b %Y} to {add_months(lease.start, lease.term_months - 1):%b %Y}"
        )
        for side in ("lessee_exit", "provider_exit"):
            right = getattr(lease, side)
            self._hints[side].setText(exit_right_words(right, self._currency) if right.allowed else "no early exit")
        self._show_mutual(lease)
        unchanged_ramp = isinstance(previous, LeaseOffer) and previous.ramp == lease.ramp
        if self.ramp_model is not None and RAMP_KEY not in self._pending and not unchanged_ramp:
            self.ramp_model.set_steps(lease.ramp)

    def _show_mutual(self, lease: LeaseOffer) -> None:
        if self.mutual is None:
            return
        equal = lease.lessee_exit == lease.provider_exit
        if not equal:  # switched on by hand, then apart: equal again later shows it as the rights say
            self._mutual_on.discard(lease.id)
        # Switched off by hand, it stays off for this lease until switched on by hand: a refused keystroke
        # that takes the typing back (equal rights again) must not turn it on under the person's hands.
        by_hand = lease.id in self._mutual_on
        self.mutual.setChecked(equal and (by_hand or (exits_are_mutual(lease) and lease.id not in self._mutual_off)))

    def _price_means(self, price: float) -> bool:
        assert self.price_edit is not None
        try:
            return abs(parse_price(self.price_edit.text()) - price) <= 1e-9 * max(1.0, price)
        except ValueError:
            return False

    def _update_enabled(self, data: dict[str, Any]) -> None:
        """Grey out the terms a switch turns off (power in the fee, no exit right)."""
        schema = kind_named(self.kind).schema
        for editor in self.editors.values():
            term = editor.term
            holder = object_of(schema, term)
            if holder is not None and holder.switch is not None and term.key != holder.switch.key:
                editor.widget.setEnabled(holder.applies(data[holder.key], term))

    # ----- editing -----
    def _field_edited(self, term: Term, text: str) -> None:
        editor = self.editors[term.flat_key]
        try:
            value = editor.value_of(text)
        except ValueError as error:
            self._mark(term.flat_key, text, f"{term.label}: {error}", editor)
            return
        command = f"Change {term.label.lower()}"
        mutual = self._mutual_on_now()
        mirror = exit_mirror(term) if mutual else None
        if ends_placeholder_fee(term.flat_key) and self._offer is not None:
            self.placeholder_fees.discard(self._offer.id)  # the fee is the person's own from now on
        hours = self._assumptions.hours_per_month if self._assumptions else 0.0
        follow_fee = term.flat_key == "gpus" and self._fee_follows_gpus()
        if term.flat_key == "gpus" and isinstance(value, int):
            def change(data: dict[str, Any]) -> dict[str, Any]:
                return with_gpus(data, value, hours, fee_is_placeholder=follow_fee)
        else:
            def change(data: dict[str, Any]) -> dict[str, Any]:
                return with_term(data, term, value, mutual=mutual)

        if follow_fee and isinstance(value, int) and value > 0:
            command += " (and the fee)"
        if mirror is not None:
            command += " (both sides)"
            self._pending.pop(mirror.flat_key, None)
            if self._offer is not None:
                self._mutual_on.add(self._offer.id)  # stays on while both rights are equal
        self._try(term.flat_key, text, change, command, editor)

    def _mutual_on_now(self) -> bool:
        return self.mutual is not None and self.mutual.isChecked()

    def _fee_follows_gpus(self) -> bool:
        """A new lease's fee not typed yet, and no fee text waiting: changing the GPUs changes the fee at the
        same price per GPU-hour."""
        if not isinstance(self._offer, LeaseOffer) or self._offer.id not in self.placeholder_fees:
            return False
        return "monthly_fee" not in self._pending and PRICE_KEY not in self._pending

    def _mutual_clicked(self, on: bool) -> None:
        lease = self._offer
        if not isinstance(lease, LeaseOffer):
            return
        if not on:
            self._mutual_off.add(lease.id)  # both rights stay as they are
            self._mutual_on.discard(lease.id)
            return
        self._mutual_off.discard(lease.id)
        self._mutual_on.add(lease.id)
        if lease.lessee_exit == lease.provider_exit:
            return
        for term in fields_for(self.kind):
            if term.path[0] == "provider_exit":
                self._pending.pop(term.flat_key, None)
        self._try(MUTUAL_KEY, "true", with_exits_mutual, "Make the exit rights mutual", None)

    def _price_edited(self, text: str) -> None:
        if not isinstance(self._offer, LeaseOffer):
            return
        hours = self._assumptions.hours_per_month if self._assumptions else 730.0
        try:
            price = parse_price(text)
        except ValueError as error:
            self._mark(PRICE_KEY, text, f"Price per GPU-hour: {error}", None)
            return
        self.placeholder_fees.discard(self._offer.id)  # the fee is the person's own from now on
        fee_term = field_by_key("lease", "monthly_fee")
        assert fee_term is not None
        fee = fee_for_price_per_gpu_hour(price, self._offer.gpus, hours)
        self._try(PRICE_KEY, text, lambda data: with_value(data, fee_term, fee), "Change price per GPU-hour", None)

    def _ramp_edited(self, steps: list[dict[str, Any]]) -> None:
        self._try(RAMP_KEY, repr(steps), lambda data: {**data, "ramp": steps}, "Change ramp", None)

    def _try(self, key: str, text: str, change: Any, command: str, editor: FieldEditor | None) -> None:
        if self._offer is None or self._assumptions is None:
            return
        candidate = change(self._data)
        offer, problems = check_offer(candidate, self._assumptions)
        if offer is None:
            earlier = self._earlier_start(candidate, problems)
            if earlier is not None:
                self._start_moves[self._offer.id] = (key, earlier)
            self._mark(key, text, _problem_message(problems), editor)
            return
        self._pending.pop(key, None)
        if editor is not None:
            editor.set_invalid(None)
        self._show_message()
        self.pending_changed.emit(dict(self._pending))
        if offer != self._offer:
            self.offer_edited.emit(offer, command, key)

    def _mark(self, key: str, text: str, message: str, editor: FieldEditor | None) -> None:
        self._pending[key] = text
        self._messages[key] = message
        if editor is not None:
            editor.set_invalid(message)
        self._show_message()
        self.pending_changed.emit(dict(self._pending))
        if self._offer is not None:
            self.typing_refused.emit(self._offer.id, key)

    def _show_message(self) -> None:
        for key in list(self._messages):
            if key not in self._pending:
                del self._messages[key]
        if self._messages:
            self._message.setText("  \n".join(self._messages.values()))
            self._message.show()
        else:
            self._message.hide()
        move = self._start_moves.get(self._offer.id) if self._offer is not None else None
        if move is not None and move[0] not in self._pending:
            move = None
            self._start_moves.pop(self._offer.id if self._offer is not None else "", None)
        if move is not None:
            self.move_start_button.setText(f"Move the analysis start to {move[1]:%b %Y}")
        self.move_start_button.setVisible(move is not None)

    def _earlier_start(self, candidate: dict[str, Any], problems: list[Problem]) -> dt.date | None:
        """The offer's start, when the problem is that it lies before the analysis start."""
        if self._assumptions is None or not any(problem.field == "start" for problem in problems):
            return None
        try:
            start = dt.date.fromisoformat(str(candidate.get("start")))
        except ValueError:
            return None
        return start if start < self._assumptions.analysis_start else None

    def _move_start_clicked(self) -> None:
        move = self._start_moves.get(self._offer.id) if self._offer is not None else None
        if move is not None:
            self.analysis_start_move_requested.emit(move[1])

    def show_note(self, text: str) -> None:
        """A one-off message above the fields (why a one-click fix could not be made)."""
        self._message.setText(text)
        self._message.show()

    def start_moved(self) -> None:
        """The analysis start moved to the shown offer's start: its start text applies now."""
        if self._offer is None:
            return
        move = self._start_moves.pop(self._offer.id, None)
        if move is not None:
            self._pending.pop(move[0], None)
            self._show_message()
            self.pending_changed.emit(dict(self._pending))

    # ----- what the window asks -----
    def pending_text(self) -> dict[str, str]:
        """Fields of the shown offer whose text does not validate yet: key -> the text as typed."""
        return dict(self._pending)

    def problem_messages(self) -> list[str]:
        return list(self._messages.values())

    def all_pending(self) -> dict[str, dict[str, str]]:
        """Text that does not validate yet, of every offer this form has shown: offer id -> key -> text."""
        return {offer_id: dict(p) for offer_id, p in self._pending_by_offer.items() if p}

    def all_messages(self) -> dict[str, list[str]]:
        return {offer_id: list(m.values()) for offer_id, m in self._messages_by_offer.items() if m}

    def forget_pending(self, keep_offer_ids: set[str] | None = None) -> None:
        """Drop pending text: all of it (another deal was opened), or that of offers no longer there."""
        for offer_id in list(self._pending_by_offer):
            if keep_offer_ids is None or offer_id not in keep_offer_ids:
                self._start_moves.pop(offer_id, None)
                self._pending_by_offer.pop(offer_id).clear()
                self._messages_by_offer.pop(offer_id, {}).clear()
        if keep_offer_ids is None:
            self._offer = None  # the next set_offer shows every field afresh
            self._mutual_on.clear()  # ids of another deal
            self._mutual_off.clear()

    def restore_pending(self, pending: dict[str, str]) -> None:
        """Put typed text back into its fields (after a recovery) and check it again."""
        for key, text in pending.items():
            editor = self.editors.get(key)
            if editor is not None:
                editor.show_raw_text(text)
                self._field_edited(editor.term, text)
            elif key == PRICE_KEY and self.price_edit is not None:
                self.price_edit.setText(text)
                self._price_edited(text)


def _problem_message(problems: list[Problem]) -> str:
    first = problems[0]
    label = first.field.replace("_", " ").replace(".", " ")
    return f"{label}: {first.message}"
