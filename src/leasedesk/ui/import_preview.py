"""File > Import Workbook…: the counterparty's edited workbook, previewed, then taken as one undoable step.

The preview shows, per offer, each changed term (exported, current, workbook; conflicts marked, each with a
box to take the workbook's value; refused values with their rule), and the bridge of what the changes are
worth; the person picks round or counter and the side, and whether to apply changed assumptions; what the
import ignores is listed. Nothing changes until Import is pressed. Every question and every error goes
through the injected ``Prompts`` (``ask_*``, ``show_error``), so tests answer them without a dialog blocking.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QRadioButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from leasedesk.core.formatting import format_money
from leasedesk.core.model import Deal, Side
from leasedesk.core.negotiation.bridge import MetricBridge, bridge
from leasedesk.core.negotiation.copies import NegotiationError
from leasedesk.core.negotiation.import_apply import ImportAs, ImportOutcome, apply_import
from leasedesk.core.negotiation.import_plan import ImportPlan, OfferPlan, TermChange
from leasedesk.messages import shorten_values
from leasedesk.ui.document import DealDocument
from leasedesk.ui.prompts import Prompts

log = logging.getLogger(__name__)

STATUS_WORDS = {"changed": "Changed", "conflict": "Conflict: changed on both sides", "refused": "Refused"}
SIDES: tuple[tuple[str, Side | None], ...] = (
    ("Each offer's other side (else the provider)", None),
    ("The provider", "provider"),
    ("The lessee", "lessee"),
)
# The bridged metrics shown (DESIGN.md 8.1); the market's only with a market view (exit terms are priced there).
BRIDGE_WORDS = {"pv_cost": "Present cost", "market_value_pv": "Value against the market"}


def shown(value: Any) -> str:
    """A deal-file value in a cell: numbers with separators, the ramp as month: GPUs steps."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return f"{value:,}" if float(value).is_integer() else f"{value:,.6g}"
    if isinstance(value, list):
        return ", ".join(f"month {m}: {g:,}" for m, g in value) if value else "none"
    return str(value)


class ImportPreview(QDialog):
    """The preview of one import; ``choices()`` says what the person picked."""

    def __init__(self, deal: Deal, plan: ImportPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.deal = deal
        self.plan = plan
        self.conflict_boxes: dict[tuple[str, str], QCheckBox] = {}
        self.setWindowTitle(f"Import {plan.file_name}")
        self.resize(820, 640)
        layout = QVBoxLayout(self)
        intro = QLabel(f"What {plan.file_name} changed, against the deal as exported and as it is now.")
        intro.setTextFormat(Qt.TextFormat.PlainText)  # a file name is never markup
        layout.addWidget(intro)
        content = QWidget()
        body = QVBoxLayout(content)
        offers = [offer for offer in plan.offers if offer.changes]
        for offer_plan in offers:
            body.addWidget(self._offer_box(offer_plan))
        if not offers:
            body.addWidget(QLabel("The workbook changed no offer's terms."))
        self.apply_assumptions = QCheckBox("Apply these assumptions to the deal (they are your own view)")
        assumptions = [c for c in plan.assumptions if c.status != "refused"]
        if assumptions:
            box = QGroupBox("Assumptions changed in the workbook (not applied unless you say so)")
            inner = QVBoxLayout(box)
            inner.addWidget(self._changes_table(assumptions, None))
            inner.addWidget(self.apply_assumptions)
            body.addWidget(box)
        self.ignored = QListWidget()
        ignored = [*plan.ignored, *plan.refusals()]
        self.ignored.addItems([shorten_values(text) for text in ignored])
        if ignored:
            box = QGroupBox("Ignored or refused")
            QVBoxLayout(box).addWidget(self.ignored)
            body.addWidget(box)
        body.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        layout.addWidget(scroll, 1)
        layout.addLayout(self._choices_form())
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(bool(offers or assumptions))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    # ----- parts -----
    def _offer_box(self, offer_plan: OfferPlan) -> QGroupBox:
        offer = self.deal.offer(offer_plan.offer_id)
        box = QGroupBox(f"{offer.display_name} ({offer.id}), sheet {offer_plan.sheet}")
        inner = QVBoxLayout(box)
        inner.addWidget(self._changes_table(list(offer_plan.changes), offer.id))
        inner.addWidget(self._bridge_label(offer_plan))
        return box

    def _changes_table(self, changes: list[TermChange], offer_id: str | None) -> QTableWidget:
        headers = ["Term", "Exported", "Current", "Workbook", "Status"]
        table = QTableWidget(len(changes), len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, change in enumerate(changes):
            values = [change.key, shown(change.exported), shown(change.current), shown(change.workbook)]
            for column, text in enumerate(values):
                table.setItem(row, column, QTableWidgetItem(text))
            status = STATUS_WORDS[change.status]
            if change.status == "refused" and change.problem:
                status = f"Refused: {shorten_values(change.problem)}"
            item = QTableWidgetItem(status)
            item.setToolTip(change.problem or status)
            table.setItem(row, 4, item)
            if change.status == "conflict" and offer_id is not None:
                take = QCheckBox("Conflict: take the workbook's value")
                take.setToolTip("Changed in the deal and in the workbook since the export; the deal's value is "
                                "kept unless this is ticked.")
                self.conflict_boxes[(offer_id, change.key)] = take
                item.setText("")  # the box says it
                table.setCellWidget(row, 4, take)
        table.resizeColumnsToContents()
        table.resizeRowsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        rows_height = sum(table.rowHeight(row) for row in range(table.rowCount()))
        table.setFixedHeight(table.horizontalHeader().sizeHint().height() + rows_height + 2 * table.frameWidth() + 2)
        return table

    def _bridge_label(self, offer_plan: OfferPlan) -> QLabel:
        """What the changes (conflicts left out) are worth: the Shapley bridge of 8.1 on present cost."""
        label = QLabel()
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        try:
            outcome = apply_import(self.deal, _only(self.plan, offer_plan))
            if not outcome.offers or not outcome.offers[0].changed:
                label.setText("No change to take without a conflict's value.")
                return label
            result = bridge(outcome.deal, offer_plan.offer_id)
        except (NegotiationError, ValueError) as error:
            label.setText(f"What the changes are worth cannot be shown: {shorten_values(str(error))}")
            return label
        lines = [
            f"{BRIDGE_WORDS[metric.key]}: {_contributions(metric, self.deal.currency)}"
            for metric in result.metrics
            if metric.key in BRIDGE_WORDS
        ]
        label.setText("What the changes are worth, by clause (order-free):\n" + "\n".join(lines))
        label.setObjectName(f"bridge_{offer_plan.offer_id}")
        return label

    def _choices_form(self) -> QFormLayout:
        form = QFormLayout()
        self.as_round = QRadioButton("As a round of each offer (its current terms are recorded first)")
        self.as_counter = QRadioButton("As a counter-offer beside each offer")
        self.as_round.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.as_round)
        group.addButton(self.as_counter)
        row = QHBoxLayout()
        row.addWidget(self.as_round)
        row.addWidget(self.as_counter)
        form.addRow("Take the changes", row)
        self.side = QComboBox()
        for text, value in SIDES:
            self.side.addItem(text, value)
        form.addRow("Whose terms the workbook holds", self.side)
        return form

    # ----- the answer -----
    def choices(self) -> dict[str, Any]:
        taken_as: ImportAs = "counter" if self.as_counter.isChecked() else "round"
        return {
            "taken_as": taken_as,
            "side": self.side.currentData(),
            "take_conflicts": {key for key, box in self.conflict_boxes.items() if box.isChecked()},
            "apply_assumptions": self.apply_assumptions.isChecked(),
        }


def _contributions(metric: MetricBridge, currency: str) -> str:
    parts = [
        f"{clause} {'—' if value is None else format_money(value, currency)}"
        for clause, value in metric.contributions.items()
    ]
    before, after = metric.before, metric.after
    total = "—" if before is None or after is None else format_money(after - before, currency)
    return f"{'; '.join(parts)} (in all {total})"


def _only(plan: ImportPlan, offer_plan: OfferPlan) -> ImportPlan:
    return ImportPlan(plan.file_name, (offer_plan,), (), ())


class WorkbookImporter(QObject):
    """The File > Import Workbook… command; ``status(text)`` reports what was done."""

    status = Signal(str)

    def __init__(self, window: QWidget, document: DealDocument, prompts: Prompts | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.document = document
        self.prompts = prompts if prompts is not None else Prompts(window)
        self.last_preview: ImportPreview | None = None

    # ----- questions, asked through the prompts -----
    def ask_workbook_path(self) -> str | None:
        return self.prompts.workbook_path()

    def ask_preview(self, preview: ImportPreview) -> bool:
        return self.prompts.import_preview(preview)

    def show_error(self, title: str, message: str) -> None:
        self.prompts.error(title, shorten_values(message))

    # ----- the command -----
    def import_workbook(self, path: Path | str | None = None) -> bool:
        deal = self.document.deal
        if deal is None:
            return False
        if path is None:
            path = self.ask_workbook_path()
            if path is None:
                return False
        plan = self._plan(deal, Path(path))
        if plan is None:
            return False
        preview = ImportPreview(deal, plan, self.window)
        self.last_preview = preview
        if not self.ask_preview(preview):
            return False
        try:
            outcome = apply_import(deal, plan, **preview.choices())
        except NegotiationError as error:
            self.show_error("Cannot Import Workbook", str(error))
            return False
        self.document.change(outcome.deal, f"Import {plan.file_name}")
        self.status.emit(_summary(outcome, plan.file_name))
        return True

    def _plan(self, deal: Deal, path: Path) -> ImportPlan | None:
        try:
            from leasedesk.core.negotiation.import_plan import plan_import
            from leasedesk.excel.import_.guard import WorkbookRefused
            from leasedesk.excel.import_.reader import read_returned_workbook
        except ImportError as error:
            self.show_error("Cannot Import Workbook", f"workbook import is not available: {error}")
            return None
        with _wait_cursor():
            try:
                return plan_import(deal, read_returned_workbook(path, deal))
            except WorkbookRefused as error:
                log.info("refused %s: %s", path, error)
                self.show_error("Workbook Refused", str(error))
            except Exception as error:  # whatever a hostile file does, the deal stays as it was
                log.exception("reading %s failed", path)
                self.show_error("Cannot Import Workbook", f"{path.name}: cannot be read: {error}")
        return None


def _summary(outcome: ImportOutcome, file_name: str) -> str:
    taken = sum(1 for offer in outcome.offers if offer.changed)
    applied = " and its assumptions" if outcome.assumptions_applied and outcome.assumptions_changed else ""
    return f"Imported {file_name}: {taken} offer{'s' if taken != 1 else ''} changed{applied}"


@contextlib.contextmanager
def _wait_cursor() -> Iterator[None]:
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()
