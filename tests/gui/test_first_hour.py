"""A dealmaker's first hour (issue 13, "Done when"), driven as a person drives the window at 1366 x 768.

"A new user types the Memphis lease and a counter without a silent misreading, sees which offer wins and why
without scrolling on a laptop screen, and forwards a workbook whose every figure follows its inputs, except
blocks labelled as computed at export."

Everything goes through the window: File > New, the offer buttons, keystrokes into the term sheet's own
editors, check boxes, the Negotiation tab's "Duplicate as counter-offer", File > Export to Excel. Every value
typed must be read as meant, or be visibly refused (the field marked, its message shown, the comparison marked
as not showing the text typed) and then typed the way the field asks. The figures are checked against values
worked out by hand: with a flat fee, no power and the same availability every month, a lease's levelized cost
per GPU-hour is its fee over GPUs x hours a month x availability, and its break-even fee is the baseline's cost
per GPU-hour times the same.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QCheckBox, QDateEdit, QLineEdit, QMenu, QPushButton
from pytestqt.qtbot import QtBot

from leasedesk.core.comparison import Comparison, compare
from leasedesk.core.headline import headline
from leasedesk.core.metric_info import HEADROOM_KEY
from leasedesk.core.model import Deal, ExitRight, LeaseOffer, SelfBuildPlan
from leasedesk.ui.main_window import MainWindow
from leasedesk.ui.termsheet.field_widgets import FieldEditor
from leasedesk.ui.termsheet.offer_form import OfferForm

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit"))
from excel_support import close, recalculate_with, soffice, summary_rows
from openpyxl import load_workbook

log = logging.getLogger(__name__)
LAPTOP = (1366, 768)
TODAY_NEXT_MONTH = dt.date(2026, 12, 1)  # File > New on 26 Nov 2026: the analysis starts Dec 2026
MEMPHIS_START = dt.date(2026, 7, 1)  # the press reports' start: before that analysis start
GPUS, HOURS, AVAILABILITY = 60_000, 730, 0.99
DECIDING = ["cost_per_gpu_hour", "pv_cost", "breakeven_fee", HEADROOM_KEY, "min_commitment"]


# ----- driving the window as a person does ---------------------------------------------------------------------


def _show_on_a_laptop(window: MainWindow, qtbot: QtBot) -> None:
    window.resize(*LAPTOP)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitActive(window)  # keystrokes into a date field need the focus, as on a desktop
    window.finish_startup()  # the charts drawn and the first split of the table and the charts, as at start-up
    QTest.qWait(0)


def _menu_action(window: MainWindow, menu: str, item: str) -> QAction:
    """The action under ``menu`` > ``item`` of the window's menu bar (titles with their mnemonics)."""
    for top in window.menuBar().actions():
        submenu = top.menu()
        if top.text() == menu and isinstance(submenu, QMenu):
            for action in submenu.actions():
                if action.text() == item:
                    return action
    raise AssertionError(f"no {menu} > {item} in the menu bar")


def _button(window: MainWindow, text: str) -> QPushButton:
    (button,) = [b for b in window.offers.buttons if b.text() == text]
    return button


def _click(qtbot: QtBot, button: QAbstractButton) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _open_tab(qtbot: QtBot, window: MainWindow, title: str) -> None:
    tabs = window.editor.tabs
    (index,) = [i for i in range(tabs.count()) if tabs.tabText(i) == title]
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert tabs.currentIndex() == index


def _form(window: MainWindow, kind: str) -> OfferForm:
    return window.editor.forms[kind]


def _line(window: MainWindow, kind: str, key: str) -> QLineEdit:
    line = _form(window, kind).editors[key].widget
    assert isinstance(line, QLineEdit), key
    return line


def _type(qtbot: QtBot, window: MainWindow, kind: str, key: str, text: str, enter: bool = True) -> FieldEditor:
    """Select what the field holds, type ``text`` over it and (``enter``) press Enter."""
    line = _line(window, kind, key)
    qtbot.keyClick(line, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(line, text)
    if enter:
        qtbot.keyClick(line, Qt.Key.Key_Return)
    return _form(window, kind).editors[key]


def _type_or_refused(qtbot: QtBot, window: MainWindow, kind: str, key: str, text: str, value: Callable[[], Any],
                     meant: Any, asked: str) -> None:
    """Type ``text``; it must read as ``meant``, or be refused in sight: the field marked, the message above the
    form naming the field and quoting the text, the banner over the comparison saying its figures are not those
    of the text typed. Then ``asked`` (the form the message asks for) is typed and must read as ``meant``."""
    editor = _type(qtbot, window, kind, key, text)
    if not editor.is_invalid():
        assert value() == pytest.approx(meant), (key, text, value())
        return
    messages = _form(window, kind).problem_messages()
    assert any(m.startswith(f"{editor.term.label}: ") and repr(text) in m for m in messages), messages
    assert window.stale_banner.isVisible()
    assert window.stale_banner.text().startswith("Figures of the last valid terms"), window.stale_banner.text()
    log.info("%r refused (%s); meanwhile the figures use %r", text, messages[0], value())
    _type(qtbot, window, kind, key, asked)
    assert not editor.is_invalid(), _form(window, kind).problem_messages()
    assert value() == pytest.approx(meant), (key, asked, value())


def _tick(qtbot: QtBot, window: MainWindow, key: str) -> None:
    box = _form(window, "lease").editors[key].widget
    assert isinstance(box, QCheckBox)
    _click(qtbot, box)


def _mutual(window: MainWindow) -> QCheckBox:
    box = _form(window, "lease").mutual
    assert box is not None
    return box


def _type_month(qtbot: QtBot, window: MainWindow, kind: str, key: str, month: str, year: str) -> None:
    """Into a month picker ("MMM yyyy"): Tab into it (the month is selected), type the month, then the year."""
    picker = _form(window, kind).editors[key].widget
    assert isinstance(picker, QDateEdit)
    picker.setFocus(Qt.FocusReason.TabFocusReason)
    assert picker.hasFocus()
    qtbot.keyClicks(picker, month)  # a whole month name moves on to the year, selected
    qtbot.keyClicks(picker, year)


def _deal(window: MainWindow) -> Deal:
    deal = window.document.deal
    assert deal is not None
    return deal


def _lease(window: MainWindow, offer_id: str) -> LeaseOffer:
    offer = _deal(window).offer(offer_id)
    assert isinstance(offer, LeaseOffer)
    return offer


def _build(window: MainWindow, offer_id: str) -> SelfBuildPlan:
    offer = _deal(window).offer(offer_id)
    assert isinstance(offer, SelfBuildPlan)
    return offer


def _comparison(window: MainWindow) -> Comparison:
    comparison = window.document.comparison
    assert comparison is not None
    return comparison


# ----- the first hour, step by step ----------------------------------------------------------------------------


def start_a_new_deal(qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("leasedesk.ui.new_offers.first_of_next_month", lambda today=None: TODAY_NEXT_MONTH)
    _show_on_a_laptop(window, qtbot)
    _menu_action(window, "&File", "&New").trigger()
    deal = _deal(window)
    assert deal.offers == () and deal.assumptions.analysis_start == TODAY_NEXT_MONTH


def type_a_self_build(qtbot: QtBot, window: MainWindow) -> str:
    """A self-build plan as its owner would type it. Values differ from a new plan's placeholders (capex
    $50K, 12 months, 6.8¢), so a keystroke that changed nothing could not pass for one read as meant."""
    _click(qtbot, _button(window, "Add Self-&Build"))
    build_id = window.offers.current_offer_id
    assert build_id is not None

    def build() -> SelfBuildPlan:
        return _build(window, build_id)

    _type(qtbot, window, "self_build", "gpus", "60,000")
    _type(qtbot, window, "self_build", "gpu_capex", "$48K")
    _type(qtbot, window, "self_build", "build_months", "10")
    assert (build().gpus, build().gpu_capex, build().build_months) == (GPUS, 48_000, 10)
    _type_or_refused(qtbot, window, "self_build", "electricity_price_per_kwh", "7.2¢",
                     lambda: build().electricity_price_per_kwh, 0.072, "$0.072/kWh")
    return build_id


def type_the_memphis_lease(qtbot: QtBot, window: MainWindow) -> str:
    """The Memphis lease from the press reports: 60,000 GPUs for $150 million a month from Jul 2026 for 42 months,
    99% available; either side may end it on 90 days' notice after 3 months."""
    _click(qtbot, _button(window, "Add &Lease"))
    lease_id = window.offers.current_offer_id
    assert lease_id is not None

    def lease() -> LeaseOffer:
        return _lease(window, lease_id)

    _type(qtbot, window, "lease", "name", "Memphis lease")
    _type(qtbot, window, "lease", "gpus", "60,000")
    _type(qtbot, window, "lease", "monthly_fee", "$150 million")
    assert (lease().name, lease().gpus, lease().monthly_fee) == ("Memphis lease", GPUS, 150_000_000)

    _type_month(qtbot, window, "lease", "start", "Jul", "2026")
    form = _form(window, "lease")
    assert lease().start == TODAY_NEXT_MONTH  # before the analysis start: refused, and one click away
    assert form.move_start_button.text() == "Move the analysis start to Jul 2026"
    _click(qtbot, form.move_start_button)
    assert lease().start == MEMPHIS_START and _deal(window).assumptions.analysis_start == MEMPHIS_START

    _type_or_refused(qtbot, window, "lease", "term_months", "42 months", lambda: lease().term_months, 42, "42")
    availability = _type(qtbot, window, "lease", "availability", "0.99", enter=False)
    assert lease().availability == pytest.approx(AVAILABILITY)  # Excel's reading: below 1, a fraction
    assert availability.read_as is not None and availability.read_as.text() == "= 99%"  # said while typing
    qtbot.keyClick(_line(window, "lease", "availability"), Qt.Key.Key_Return)
    assert _line(window, "lease", "availability").text() == "99%"  # Enter tidies it to what it read

    _tick(qtbot, window, "lessee_exit_allowed")
    assert lease().lessee_exit.allowed and not lease().provider_exit.allowed
    _click(qtbot, _mutual(window))  # either side: the provider gets the lessee's right
    assert lease().provider_exit == lease().lessee_exit
    _type(qtbot, window, "lease", "lessee_exit_notice_days", "90 days")
    _type_or_refused(qtbot, window, "lease", "lessee_exit_lock_in_months", "3 months",
                     lambda: lease().lessee_exit.lock_in_months, 3, "3")

    meant = ExitRight(allowed=True, lock_in_months=3, notice_days=90, termination_fee=0)
    assert lease().lessee_exit == meant and lease().provider_exit == meant
    assert (lease().monthly_fee, lease().availability, lease().term_months) == (150_000_000, 0.99, 42)
    assert _mutual(window).isChecked()
    return lease_id


def type_the_counter(qtbot: QtBot, window: MainWindow, lease_id: str) -> str:
    """Our counter: $127M a month, and only we may leave, on 180 days' notice after 18 months for a $250M fee."""
    _open_tab(qtbot, window, "&Negotiation")
    _click(qtbot, window.editor.negotiation.counter_button)
    counter_id = window.offers.current_offer_id
    assert counter_id is not None and counter_id != lease_id
    _open_tab(qtbot, window, "&Terms")

    def counter() -> LeaseOffer:
        return _lease(window, counter_id)

    assert counter().counter_of == lease_id and counter().name == "Memphis lease (counter)"
    _type(qtbot, window, "lease", "monthly_fee", "127 mln")
    assert counter().monthly_fee == 127_000_000

    _click(qtbot, _mutual(window))  # off: the two sides part
    _tick(qtbot, window, "provider_exit_allowed")  # the provider may not leave
    _type(qtbot, window, "lease", "lessee_exit_notice_days", "180 days")
    _type_or_refused(qtbot, window, "lease", "lessee_exit_lock_in_months", "18 months",
                     lambda: counter().lessee_exit.lock_in_months, 18, "18")
    _type(qtbot, window, "lease", "lessee_exit_termination_fee", "$250m")

    assert counter().lessee_exit == ExitRight(allowed=True, lock_in_months=18, notice_days=180,
                                              termination_fee=250_000_000)
    assert not counter().provider_exit.allowed
    assert not _mutual(window).isChecked()
    # the lease countered keeps its terms
    assert _lease(window, lease_id).monthly_fee == 150_000_000 and _lease(window, lease_id).provider_exit.allowed
    return counter_id


def type_the_first_hour(qtbot: QtBot, window: MainWindow,
                        monkeypatch: pytest.MonkeyPatch) -> tuple[str, str, str]:
    """Steps 1 and 2: a new deal, a self-build, the Memphis lease and our counter; (build, lease, counter) ids."""
    start_a_new_deal(qtbot, window, monkeypatch)
    build_id = type_a_self_build(qtbot, window)
    lease_id = type_the_memphis_lease(qtbot, window)
    counter_id = type_the_counter(qtbot, window, lease_id)
    assert window.editor.problem_messages() == [] and window.editor.pending_text() == {}
    assert window.stale_banner.isHidden()  # the figures shown are those of the terms typed
    return build_id, lease_id, counter_id


def _per_gpu_hour(fee: float) -> float:
    """A flat fee on 60,000 GPUs, 730 hours a month, 99% available: its levelized cost per GPU-hour."""
    return fee / (GPUS * HOURS * AVAILABILITY)


# ----- the tests -----------------------------------------------------------------------------------------------


def test_the_memphis_lease_and_a_counter_are_read_as_meant(qtbot: QtBot, window: MainWindow,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    build_id, lease_id, counter_id = type_the_first_hour(qtbot, window, monkeypatch)
    deal = _deal(window)
    assert [o.id for o in deal.offers] == [build_id, lease_id, counter_id]
    assert deal.resolved_baseline() == build_id
    assert window.warnings_line.isHidden()  # every term is plausible: nothing to warn about
    comparison = _comparison(window)
    for offer_id, fee in ((lease_id, 150e6), (counter_id, 127e6)):
        got = comparison.result(offer_id).metrics["cost_per_gpu_hour"]
        assert got is not None and close(got, _per_gpu_hour(fee)), (offer_id, got)


def test_the_winner_and_the_deciding_figures_show_without_scrolling_on_a_laptop(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_id, lease_id, counter_id = type_the_first_hour(qtbot, window, monkeypatch)
    QTest.qWait(0)  # the table's columns fitted to the figures typed
    comparison = _comparison(window)
    answer = headline(comparison)
    view = window.comparison_view
    label = view.headline
    assert label.isVisible() and label.text() == answer.sentence
    # the build wins: its levelized cost is under the counter's, worked out by hand
    c0 = comparison.result(build_id).metrics["cost_per_gpu_hour"]
    assert c0 is not None and c0 < _per_gpu_hour(127e6) < _per_gpu_hour(150e6)
    assert answer.winner_id == build_id and answer.runner_up_id == counter_id
    assert label.text().startswith("Self-build 1 is cheapest per GPU-hour (levelized)")
    # why: each lease's break-even fee against the build, beside its offered fee
    assert "Break-even fee against Self-build 1: Memphis lease $" in label.text()
    assert "Memphis lease (counter) $" in label.text()
    # above the table, whole, and inside the window
    assert label.geometry().bottom() <= view.stack.geometry().top()
    assert label.visibleRegion().boundingRect().height() >= label.heightForWidth(label.width()) - 1
    top_left = label.mapTo(window, label.rect().topLeft())
    assert window.rect().contains(top_left) and window.rect().contains(
        label.mapTo(window, label.rect().bottomRight()))

    model, table = window.comparison_model, view.table
    assert model.columnCount() == 3
    assert table.verticalScrollBar().value() == 0  # nothing scrolled
    viewport = table.viewport().rect()
    for key in DECIDING:
        row = model.row_of(key)
        assert not table.isRowHidden(row), key
        top = table.rowViewportPosition(row)
        assert top >= 0 and top + table.rowHeight(row) <= viewport.height(), (key, top, viewport.height())
        for column in range(model.columnCount()):
            rect = table.visualRect(model.index(row, column))
            assert rect.isValid() and viewport.contains(rect), (key, column, rect, viewport)
    # the break-even fees shown are those of the build's cost per GPU-hour: F* = c0 x GPUs x hours x availability
    for offer_id in (lease_id, counter_id):
        breakeven = comparison.result(offer_id).metrics["breakeven_fee"]
        assert breakeven is not None and close(breakeven, c0 * GPUS * HOURS * AVAILABILITY)


def test_no_workbook_is_exported_while_a_term_is_refused(qtbot: QtBot, window: MainWindow, tmp_path: Path,
                                                         message_boxes: list[tuple[str, str, str]]) -> None:
    """A field left holding refused text ("5 monthz", which passed through a valid "5 month"): the figures
    are those of the terms before the typing, and a workbook written then would not carry what the person
    sees in the field. Export refuses, as Save does, and says which term to fix."""
    window.offers.select_offer("memphis")
    lock_in = _type(qtbot, window, "lease", "lessee_exit_lock_in_months", "5 monthz")
    assert lock_in.is_invalid()
    lease = window.document.deal.offer("memphis")  # type: ignore[union-attr]
    assert isinstance(lease, LeaseOffer) and lease.lessee_exit.lock_in_months == 3  # the sample's, not 5
    target = tmp_path / "forwarded.xlsx"
    window.prompts.export_to = str(target)  # type: ignore[attr-defined]
    _menu_action(window, "&File", "&Export to Excel…").trigger()
    assert not target.exists()
    assert message_boxes[-1][:2] == ("warning", "Cannot Export to Excel")
    assert "Lock-in: '5 monthz'" in message_boxes[-1][2]
    _type(qtbot, window, "lease", "lessee_exit_lock_in_months", "3")
    _menu_action(window, "&File", "&Export to Excel…").trigger()
    assert target.exists() and len(message_boxes) == 1
    lease = load_workbook(target)["Memphis lease"]
    ((title, reference),) = lease.defined_names["lessee_exit_lock_in_months"].destinations
    assert lease.parent[title][reference.replace("$", "")].value == 3


def _set_named(book: Any, sheet: str, name: str, value: object) -> None:
    ((title, reference),) = book[sheet].defined_names[name].destinations
    book[title][reference.replace("$", "")].value = value


@pytest.mark.libreoffice
def test_the_exported_workbook_follows_a_new_counter_fee(qtbot: QtBot, window: MainWindow,
                                                         monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                         message_boxes: list[tuple[str, str, str]]) -> None:
    soffice()  # skip, or fail where CI requires LibreOffice
    build_id, lease_id, counter_id = type_the_first_hour(qtbot, window, monkeypatch)
    exported = tmp_path / "memphis.xlsx"
    window.prompts.export_to = str(exported)  # type: ignore[attr-defined]  # what the save dialog returns
    export = _menu_action(window, "&File", "&Export to Excel…")
    assert export.isEnabled()
    export.trigger()
    assert message_boxes == [] and exported.exists()

    new_fee = 118_000_000.0  # the recipient tries a lower counter
    book = load_workbook(exported)  # openpyxl keeps no cached result: every figure read back is LibreOffice's
    counter_name = _lease(window, counter_id).display_name
    _set_named(book, counter_name, "monthly_fee", new_fee)
    edited = tmp_path / "edited.xlsx"
    book.save(edited)
    (recalculated,) = recalculate_with("libreoffice", [edited], tmp_path / "libreoffice")

    summary = load_workbook(recalculated, data_only=True)["Summary"]
    columns, rows = summary_rows(recalculated)
    assert set(columns) == {build_id, lease_id, counter_id}

    def shown(key: str, offer_id: str) -> float:
        value = summary.cell(row=rows[key], column=columns[offer_id]).value
        assert isinstance(value, int | float), (key, offer_id, value)
        return float(value)

    deal = _deal(window)
    countered = dataclasses.replace(_lease(window, counter_id), monthly_fee=new_fee)
    offers = tuple(countered if o.id == counter_id else o for o in deal.offers)
    result = compare(dataclasses.replace(deal, offers=offers)).result(counter_id)
    assert close(shown("monthly_fee", counter_id), new_fee)
    assert close(shown("cost_per_gpu_hour", counter_id), _per_gpu_hour(new_fee))  # by hand
    assert close(shown("cost_per_gpu_hour", counter_id), result.metrics["cost_per_gpu_hour"] or 0.0)
    assert result.breakeven_headroom is not None
    assert close(shown(HEADROOM_KEY, counter_id), result.breakeven_headroom)
    # by hand: the build's cost per GPU-hour (unchanged) times the counter's GPU-hours a month, less the new fee
    c0 = shown("cost_per_gpu_hour", build_id)
    assert close(shown(HEADROOM_KEY, counter_id), c0 * GPUS * HOURS * AVAILABILITY - new_fee)
    # the headline's sentence does not follow the fee, and says so: it is text written at export
    assert "as written at export" in str(summary.cell(row=rows["headline_sentence"], column=2).value).lower()
    # the Memphis lease, untouched, keeps its figures
    assert close(shown("monthly_fee", lease_id), 150e6)
    assert close(shown("cost_per_gpu_hour", lease_id), _per_gpu_hour(150e6))
