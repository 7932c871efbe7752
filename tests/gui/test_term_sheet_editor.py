"""The term-sheet editor wired to the document: edits recalculate, undo, rounds, counters, recovery."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from leasedesk.core.model import LeaseOffer
from leasedesk.files import DealFileError, load_deal
from leasedesk.resources import sample_deal_path
from leasedesk.ui.autosave import Autosaver
from leasedesk.ui.document import DealDocument
from leasedesk.ui.termsheet.editor_panel import TermSheetEditor


@pytest.fixture
def document() -> Iterator[DealDocument]:
    doc = DealDocument()
    doc.load(sample_deal_path(), is_sample=True)
    yield doc
    doc.undo_stack.clear()


@pytest.fixture
def editor(qtbot: QtBot, document: DealDocument) -> TermSheetEditor:
    widget = TermSheetEditor(document)
    qtbot.addWidget(widget)
    widget.show_offer("memphis")
    return widget


def _type(qtbot: QtBot, editor: TermSheetEditor, key: str, text: str) -> QLineEdit:
    line = editor.forms["lease"].editors[key].widget
    assert isinstance(line, QLineEdit)
    line.selectAll()
    qtbot.keyClick(line, Qt.Key.Key_Delete)
    qtbot.keyClicks(line, text)
    return line


def _fee(document: DealDocument) -> float:
    offer = document.deal.offer("memphis")  # type: ignore[union-attr]
    assert isinstance(offer, LeaseOffer)
    return offer.monthly_fee


def test_typing_a_fee_changes_the_comparison(
    qtbot: QtBot, editor: TermSheetEditor, document: DealDocument
) -> None:
    before = document.comparison.result("memphis").metrics["pv_cost"]  # type: ignore[union-attr]
    assert before is not None
    _type(qtbot, editor, "monthly_fee", "120M")
    after = document.comparison.result("memphis").metrics["pv_cost"]  # type: ignore[union-attr]
    # pv_cost is linear in the fee with no other cost: it scales by 120 / 150
    assert after == pytest.approx(before * 120 / 150, rel=1e-12)
    assert document.is_modified


def test_keystrokes_in_one_field_are_one_undo_step(
    qtbot: QtBot, editor: TermSheetEditor, document: DealDocument
) -> None:
    _type(qtbot, editor, "monthly_fee", "120M")
    _type(qtbot, editor, "term_months", "36")
    stack = document.undo_stack
    assert [stack.text(i) for i in range(stack.count())] == ["Change monthly fee", "Change term"]
    stack.undo()
    stack.undo()
    assert _fee(document) == 150e6
    assert editor.forms["lease"].editors["monthly_fee"].text() == "$150,000,000"
    stack.redo()
    assert _fee(document) == 120e6
    assert editor.forms["lease"].editors["monthly_fee"].text() == "$120,000,000"


def test_a_bad_value_keeps_the_last_valid_figures(
    qtbot: QtBot, editor: TermSheetEditor, document: DealDocument
) -> None:
    comparison = document.comparison
    _type(qtbot, editor, "term_months", "forty")
    assert document.comparison is comparison
    assert editor.pending_text() == {"offers[memphis].term_months": "forty"}
    assert "Term" in editor.problem_messages()[0]


def test_record_a_round_counter_and_restore(
    qtbot: QtBot, editor: TermSheetEditor, document: DealDocument
) -> None:
    editor.negotiation.label_edit.setText("Provider ask 1")
    editor.negotiation.record_button.click()
    _type(qtbot, editor, "monthly_fee", "135M")
    offer = document.deal.offer("memphis")  # type: ignore[union-attr]
    assert [r.label for r in offer.revisions] == ["Provider ask 1"]
    assert "monthly fee" in editor.negotiation.changes.text()

    editor.negotiation.rounds.setCurrentRow(0)
    editor.negotiation.restore_button.click()
    assert _fee(document) == 150e6
    assert document.undo_stack.text(document.undo_stack.index() - 1) == "Restore Provider ask 1"

    with qtbot.waitSignal(editor.offer_created) as created:
        editor.negotiation.counter_button.click()
    counter = document.deal.offer(created.args[0])  # type: ignore[union-attr]
    assert counter.counter_of == "memphis"
    document.undo_stack.undo()
    assert [o.id for o in document.deal.offers] == ["memphis", "hyperscaler", "build"]  # type: ignore[union-attr]


def test_assumptions_edit_recalculates_and_undoes(
    qtbot: QtBot, editor: TermSheetEditor, document: DealDocument
) -> None:
    line = editor.assumptions.editors["discount_rate"].widget
    assert isinstance(line, QLineEdit)
    line.selectAll()
    qtbot.keyClick(line, Qt.Key.Key_Delete)
    qtbot.keyClicks(line, "0%")
    metrics = document.comparison.result("memphis").metrics  # type: ignore[union-attr]
    assert metrics["pv_cost"] == pytest.approx(metrics["total_cost"], rel=1e-12)  # no discounting
    document.undo_stack.undo()
    assert document.deal.assumptions.discount_rate == 0.10  # type: ignore[union-attr]


def test_recovery_after_a_crash_and_none_after_a_clean_exit(
    qtbot: QtBot, tmp_path: Path, document: DealDocument, editor: TermSheetEditor
) -> None:
    autosave = Autosaver(document, editor.pending_text, folder=tmp_path / "data")
    _type(qtbot, editor, "monthly_fee", "140M")
    _type(qtbot, editor, "term_months", "4O")
    autosave.save_now()
    del autosave  # the session dies: no clean exit

    fresh = DealDocument()
    revived = Autosaver(fresh, dict, folder=tmp_path / "data")
    [session] = revived.crashed_sessions()
    recovery = session.recovery
    assert recovery.deal.offer("memphis").monthly_fee == 140e6  # type: ignore[union-attr]
    assert recovery.pending_text == {"offers[memphis].term_months": "4O"}
    fresh.reset(recovery.deal)
    second = TermSheetEditor(fresh)
    qtbot.addWidget(second)
    second.show_offer("memphis")
    second.restore_pending(recovery.pending_text)
    assert second.forms["lease"].editors["term_months"].text() == "4O"
    fresh.undo_stack.resetClean()  # recovered work is unsaved work
    assert revived.recovered(session)  # now in the revived session's own autosave

    revived.clean_exit()
    assert Autosaver(DealDocument(), dict, folder=tmp_path / "data").crashed_sessions() == []
    sample_lease = load_deal(sample_deal_path()).offer("memphis")
    assert isinstance(sample_lease, LeaseOffer) and sample_lease.monthly_fee == 150e6  # the sample is untouched


def test_terms_changed_since_the_last_round_are_marked_in_the_form(
    qtbot: QtBot, editor: TermSheetEditor, document: DealDocument
) -> None:
    form = editor.forms["lease"]
    editor.negotiation.record_button.click()
    assert not any(e.is_changed() for e in form.editors.values())
    _type(qtbot, editor, "monthly_fee", "135M")
    assert [key for key, e in form.editors.items() if e.is_changed()] == ["monthly_fee"]
    assert "Changed since the last recorded round" in form.editors["monthly_fee"].widget.toolTip()
    document.undo_stack.undo()
    assert not form.editors["monthly_fee"].is_changed()


def test_bad_text_survives_selecting_another_offer(qtbot: QtBot, editor: TermSheetEditor) -> None:
    _type(qtbot, editor, "monthly_fee", "1,500,000 per month??")
    editor.show_offer("hyperscaler")
    assert editor.pending_text() == {"offers[memphis].monthly_fee": "1,500,000 per month??"}
    assert editor.problem_messages()[0].startswith("Memphis lease: Monthly fee")
    editor.show_offer("memphis")
    fee = editor.forms["lease"].editors["monthly_fee"]
    assert fee.text() == "1,500,000 per month??"
    assert fee.is_invalid()


def test_opening_another_deal_drops_what_was_typed_for_the_last(
    qtbot: QtBot, editor: TermSheetEditor, document: DealDocument
) -> None:
    _type(qtbot, editor, "monthly_fee", "oops")
    horizon = editor.assumptions.editors["horizon_months"].widget
    assert isinstance(horizon, QLineEdit)
    horizon.selectAll()
    qtbot.keyClick(horizon, Qt.Key.Key_Delete)
    qtbot.keyClicks(horizon, "ten years")
    assert len(editor.pending_text()) == 2
    document.new()
    assert editor.pending_text() == {}
    assert editor.assumptions.editors["horizon_months"].text() != "ten years"


def test_recovery_restores_assumption_text_and_text_of_several_offers(
    qtbot: QtBot, editor: TermSheetEditor, document: DealDocument
) -> None:
    pending = {
        "assumptions.horizon_months": "36 monthz",
        "offers[memphis].monthly_fee": "1.2 mil",
        "offers[build].gpu_capex": "50k each",
    }
    editor.restore_pending(pending)
    assert editor.pending_text() == pending
    assert editor.assumptions.editors["horizon_months"].text() == "36 monthz"
    assert editor.current_offer().id == "memphis"  # type: ignore[union-attr]


def test_restoring_a_round_that_no_longer_fits_is_refused(
    qtbot: QtBot, editor: TermSheetEditor, document: DealDocument
) -> None:
    deal = document.deal
    assert deal is not None
    document.reset(dataclasses.replace(deal, offers=deal.offers[:1], baseline=None))  # the lease alone
    editor.show_offer("memphis")
    editor.negotiation.record_button.click()  # the lease starts 2026-07
    start = editor.forms["lease"].editors["start"].widget
    start.setDate(QDate(2026, 10, 1))  # type: ignore[attr-defined]
    analysis_start = editor.assumptions.editors["analysis_start"].widget
    analysis_start.setDate(QDate(2026, 9, 1))  # type: ignore[attr-defined]
    assert document.deal.assumptions.analysis_start.isoformat() == "2026-09-01"  # type: ignore[union-attr]
    steps = document.undo_stack.count()
    editor.negotiation.rounds.setCurrentRow(0)
    editor.negotiation.restore_button.click()
    assert document.undo_stack.count() == steps
    assert "cannot be restored" in editor.negotiation.changes.text()
    assert "analysis start" in editor.negotiation.changes.text()


def test_an_invalid_deal_is_never_saved(tmp_path: Path, document: DealDocument) -> None:
    deal = document.deal
    assert deal is not None
    broken = dataclasses.replace(deal.offers[0], id=deal.offers[1].id)  # two offers with one id
    document.change(dataclasses.replace(deal, offers=(broken, *deal.offers[1:])), "Break it")
    with pytest.raises(DealFileError, match="duplicates the id"):
        document.save(tmp_path / "broken.leasedeal")
    assert not (tmp_path / "broken.leasedeal").exists()


def test_a_recorded_round_reads_as_a_term_sheet(qtbot: QtBot, editor: TermSheetEditor) -> None:
    editor.negotiation.label_edit.setText("Provider ask 1")
    editor.negotiation.record_button.click()
    _type(qtbot, editor, "monthly_fee", "135M")
    mutual = editor.forms["lease"].mutual
    assert mutual is not None and mutual.isChecked()  # the sample's exit rights are equal
    mutual.click()  # off: the lessee's notice alone changes
    _type(qtbot, editor, "lessee_exit_notice_days", "60")
    editor.negotiation.rounds.setCurrentRow(0)
    sheet = editor.negotiation.round_terms
    assert sheet.isVisibleTo(editor.negotiation)
    assert sheet.values["monthly_fee"] == "$150.0M"  # labels, units and clauses in words, never JSON
    assert "{" not in sheet.table.text()
    assert sheet.heading.text() == "Provider ask 1: Memphis lease"
    assert sheet.subheading.text() == "Differs from now: Monthly fee, Our exit: notice"
