"""The deal document without any widget: signals, undo, modified state, files, reuse of unchanged figures."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from leasedesk.core.model import LeaseOffer
from leasedesk.files import DealFileError, load_deal
from leasedesk.resources import sample_deal_path
from leasedesk.ui.document import DealDocument
from leasedesk.ui.main_window import MainWindow


@pytest.fixture
def document() -> DealDocument:
    doc = DealDocument()
    doc.load(sample_deal_path(), is_sample=True)
    return doc


def test_loading_emits_the_deal_then_the_file_then_the_state(qtbot: QtBot, tmp_path: Path) -> None:
    doc = DealDocument()
    assert doc.deal is None and doc.comparison is None
    with qtbot.waitSignals([doc.deal_changed, doc.file_changed, doc.modified_changed], order="strict"):
        doc.load(sample_deal_path())
    assert doc.path == sample_deal_path() and not doc.is_modified
    assert doc.comparison is not None and doc.comparison.deal is doc.deal


def test_edits_are_undoable_and_mark_the_document_modified(qtbot: QtBot, document: DealDocument) -> None:
    original = document.deal
    assert original is not None
    with qtbot.waitSignal(document.modified_changed, check_params_cb=lambda modified: modified is True):
        document.rename_offer("memphis", "Colossus lease")
    assert document.deal is not None and document.deal.offer("memphis").name == "Colossus lease"
    assert document.comparison is not None and document.comparison.deal is document.deal
    with qtbot.waitSignal(document.modified_changed, check_params_cb=lambda modified: modified is False):
        document.undo_stack.undo()
    assert document.deal == original


def test_an_edit_to_one_offer_reuses_the_others_figures(document: DealDocument) -> None:
    before = document.comparison
    assert before is not None and document.deal is not None
    lease = document.deal.offer("memphis")
    assert isinstance(lease, LeaseOffer)
    document.replace_offer(dataclasses.replace(lease, monthly_fee=140e6), "Change monthly fee", "memphis:monthly_fee")
    after = document.comparison
    assert after is not None
    assert after.result("build").figures is before.result("build").figures
    assert after.result("memphis").figures is not before.result("memphis").figures


def test_deleting_the_named_baseline_clears_it(document: DealDocument) -> None:
    document.remove_offer("build")
    assert document.deal is not None and document.deal.baseline is None
    assert document.comparison is not None and document.comparison.baseline_id is None


def test_a_bad_file_raises_and_changes_nothing(document: DealDocument, tmp_path: Path) -> None:
    before = document.deal
    bad = tmp_path / "bad.leasedeal"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(DealFileError, match=r"bad\.leasedeal"):
        document.load(bad)
    assert document.deal is before and document.path is None and document.is_sample


def test_saving_marks_clean_and_names_the_file(qtbot: QtBot, document: DealDocument, tmp_path: Path) -> None:
    document.add_offer(dataclasses.replace(document.deal.offer("memphis"), id="copy"))  # type: ignore[union-attr]
    target = tmp_path / "deal.leasedeal"
    with qtbot.waitSignals([document.modified_changed, document.file_changed]):
        document.save(target)
    assert document.path == target and not document.is_modified and not document.is_sample
    assert load_deal(target) == document.deal


def test_a_window_with_unsaved_changes_is_destroyed_without_errors(qtbot: QtBot) -> None:
    window = MainWindow()
    window.document.load(sample_deal_path(), is_sample=True)
    window.ensure_charts()
    window.offers.add_lease()
    assert window.document.is_modified
    with qtbot.waitSignal(window.destroyed):
        window.deleteLater()
