"""The term-sheet form: typing edits the offer, bad values are marked and kept, prices set fees."""

from __future__ import annotations

import dataclasses

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDateEdit, QLineEdit
from pytestqt.qtbot import QtBot

from leasedesk.core.codec import offer_to_data
from leasedesk.core.model import Deal, ExitRight, LeaseOffer, PowerTerms, SelfBuildPlan
from leasedesk.core.terms.kinds import KIND_KEYS, kind_named
from leasedesk.core.terms.text import get_value
from leasedesk.files import load_deal
from leasedesk.resources import sample_deal_path
from leasedesk.ui.termsheet.offer_form import OfferForm


@pytest.fixture
def deal() -> Deal:
    return load_deal(sample_deal_path())


def _form(qtbot: QtBot, deal: Deal, offer_id: str) -> OfferForm:
    offer = deal.offer(offer_id)
    form = OfferForm(offer.kind)
    qtbot.addWidget(form)
    form.set_context(deal.assumptions, deal.currency)
    form.set_offer(offer)
    form.offer_edited.connect(lambda new, _text, _key: form.set_offer(new))
    return form


def _type(qtbot: QtBot, form: OfferForm, key: str, text: str) -> QLineEdit:
    line = form.editors[key].widget if key in form.editors else form.price_edit
    assert isinstance(line, QLineEdit)
    line.selectAll()
    qtbot.keyClick(line, Qt.Key.Key_Delete)
    qtbot.keyClicks(line, text)
    return line


def test_typing_a_fee_with_a_suffix_emits_the_edited_offer(qtbot: QtBot, deal: Deal) -> None:
    form = _form(qtbot, deal, "memphis")
    edits: list[tuple[LeaseOffer, str, str]] = []
    form.offer_edited.connect(lambda *args: edits.append(args))
    _type(qtbot, form, "monthly_fee", "140M")
    offer, text, key = edits[-1]  # each keystroke that reads as a valid fee is an edit: 1, 14, 140, 140M
    assert isinstance(offer, LeaseOffer)
    assert offer.monthly_fee == 140e6
    assert (text, key) == ("Change monthly fee", "monthly_fee")
    assert form.editors["monthly_fee"].text() == "140M"  # the text is not rewritten under the cursor


def test_typing_a_price_per_gpu_hour_sets_the_fee(qtbot: QtBot, deal: Deal) -> None:
    form = _form(qtbot, deal, "memphis")
    edits: list[tuple[LeaseOffer, str, str]] = []
    form.offer_edited.connect(lambda *args: edits.append(args))
    _type(qtbot, form, "price_per_gpu_hour", "3.15")
    offer = edits[-1][0]
    # fee = price x GPUs x hours per month = 3.15 x 60,000 x 730
    assert offer.monthly_fee == pytest.approx(137_970_000)
    assert edits[-1][1] == "Change price per GPU-hour"


def test_a_bad_value_is_marked_kept_and_reported(qtbot: QtBot, deal: Deal) -> None:
    form = _form(qtbot, deal, "memphis")
    edits: list[object] = []
    form.offer_edited.connect(lambda *args: edits.append(args))
    line = _type(qtbot, form, "term_months", "x4")
    assert edits == []
    assert line.text() == "x4"
    assert form.editors["term_months"].is_invalid()
    assert form.pending_text() == {"term_months": "x4"}
    assert any("Term" in message for message in form.problem_messages())
    _type(qtbot, form, "term_months", "36")
    assert not form.editors["term_months"].is_invalid()
    assert form.pending_text() == {}


def test_a_value_that_breaks_a_rule_names_the_rule(qtbot: QtBot, deal: Deal) -> None:
    form = _form(qtbot, deal, "hyperscaler")
    _type(qtbot, form, "gpus", "30,000")  # the ramp delivers 40,000 and 60,000: more than committed
    assert form.editors["gpus"].is_invalid()
    assert "ramp" in form.problem_messages()[0]
    assert "must not exceed" in form.problem_messages()[0]


def test_a_start_before_the_analysis_start_is_refused(qtbot: QtBot, deal: Deal) -> None:
    form = _form(qtbot, deal, "build")
    picker = form.editors["start"].widget
    assert isinstance(picker, QDateEdit)
    assert picker.date() == QDate(2026, 7, 1)
    picker.setDate(QDate(2026, 1, 1))  # a month picker: Jan 2026
    assert form.editors["start"].is_invalid()
    assert "analysis start" in form.problem_messages()[0]


def test_self_build_fields_edit_the_plan(qtbot: QtBot, deal: Deal) -> None:
    form = _form(qtbot, deal, "build")
    edits: list[tuple[SelfBuildPlan, str, str]] = []
    form.offer_edited.connect(lambda *args: edits.append(args))
    _type(qtbot, form, "maintenance_pct", "4.5%")
    plan = edits[-1][0]
    assert isinstance(plan, SelfBuildPlan)
    assert plan.maintenance_pct == pytest.approx(0.045)


def test_ramp_steps_edit_the_ramp(qtbot: QtBot, deal: Deal) -> None:
    form = _form(qtbot, deal, "hyperscaler")
    model = form.ramp_model
    assert model is not None
    with qtbot.waitSignal(form.offer_edited) as signal:
        model.setData(model.index(1, 1), "50,000")
    assert [s.gpus for s in signal.args[0].ramp] == [20000, 50000, 60000]


def test_pending_text_is_restored_after_a_recovery(qtbot: QtBot, deal: Deal) -> None:
    form = _form(qtbot, deal, "memphis")
    form.restore_pending({"monthly_fee": "15O M"})
    assert form.editors["monthly_fee"].text() == "15O M"
    assert form.editors["monthly_fee"].is_invalid()


def test_ramp_model_passes_the_model_tester(qtmodeltester, qtbot: QtBot, deal: Deal) -> None:  # type: ignore[no-untyped-def]
    form = _form(qtbot, deal, "hyperscaler")
    assert form.ramp_model is not None
    qtmodeltester.check(form.ramp_model)


def test_the_month_picker_moves_the_start(qtbot: QtBot, deal: Deal) -> None:
    form = _form(qtbot, deal, "hyperscaler")
    edits: list[tuple[LeaseOffer, str, str]] = []
    form.offer_edited.connect(lambda *args: edits.append(args))
    picker = form.editors["start"].widget
    assert isinstance(picker, QDateEdit)
    picker.setDate(QDate(2027, 1, 15))  # any day of the month means that month
    assert edits[-1][0].start.isoformat() == "2027-01-01"
    assert edits[-1][1] == "Change start"


@pytest.mark.parametrize("kind", KIND_KEYS)
def test_every_registered_form_term_has_a_field_that_shows_its_value(qtbot: QtBot, kind: str) -> None:
    """The completeness test's counterpart in the window: a term the registry puts in a form is edited there."""
    offer = next(o for o in load_deal(sample_deal_path()).offers if o.kind == kind)
    form = OfferForm(kind)
    qtbot.addWidget(form)
    missing = {t.flat_key for t in kind_named(kind).terms() if t.in_form} - set(form.editors)
    assert not missing, f"{kind} terms without a field in the form: {missing}"
    form.set_offer(offer)
    data = offer_to_data(offer)
    for key, editor in form.editors.items():
        value = get_value(data, editor.term)
        if editor.term.kind in ("money", "price", "percent", "number", "whole"):
            assert editor.value_of(editor.widget.text()) == pytest.approx(value), key  # type: ignore[attr-defined]


def test_terms_that_a_switch_turns_off_are_greyed_out(qtbot: QtBot, deal: Deal) -> None:
    lease = deal.offer("memphis")
    assert isinstance(lease, LeaseOffer) and lease.power.included and lease.lessee_exit.allowed
    form = _form(qtbot, deal, "memphis")
    assert form.editors["power_included"].widget.isEnabled()
    assert not form.editors["power_pue"].widget.isEnabled()
    assert form.editors["lessee_exit_notice_days"].widget.isEnabled()
    form.set_offer(
        dataclasses.replace(lease, power=PowerTerms(included=False, pue=1.2), lessee_exit=ExitRight(allowed=False))
    )
    assert form.editors["power_pue"].widget.isEnabled()
    assert not form.editors["lessee_exit_notice_days"].widget.isEnabled()
    assert form.editors["lessee_exit_allowed"].widget.isEnabled()
