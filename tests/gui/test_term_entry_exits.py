"""The mutual exit switch (issue 13): on while both exit rights are equal; on, an edit of one side is made to
both in one undo step; off, both stay as they are; nothing of it goes into the file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLineEdit
from pytestqt.qtbot import QtBot

from leasedesk.core.model import ExitRight, LeaseOffer
from leasedesk.ui.main_window import MainWindow


def _lease(window: MainWindow, offer_id: str) -> LeaseOffer:
    offer = window.document.deal.offer(offer_id)  # type: ignore[union-attr]
    assert isinstance(offer, LeaseOffer)
    return offer


def _mutual(window: MainWindow) -> QCheckBox:
    box = window.editor.forms["lease"].mutual
    assert box is not None
    return box


def _type(qtbot: QtBot, window: MainWindow, key: str, text: str) -> None:
    line = window.editor.forms["lease"].editors[key].widget
    assert isinstance(line, QLineEdit)
    line.selectAll()
    qtbot.keyClick(line, Qt.Key.Key_Delete)
    qtbot.keyClicks(line, text)


def test_the_switch_is_on_where_both_rights_are_equal(window: MainWindow) -> None:
    window.offers.select_offer("memphis")  # both sides: 90 days' notice after month 3, no fee
    assert _mutual(window).isChecked()
    assert _mutual(window).text() == "Either side may exit on the same terms"
    window.offers.select_offer("hyperscaler")  # only the lessee may exit
    assert not _mutual(window).isChecked()


def test_while_on_editing_the_lessees_exit_edits_the_providers_in_one_undo_step(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.offers.select_offer("memphis")
    stack = window.document.undo_stack
    steps = stack.count()
    _type(qtbot, window, "lessee_exit_notice_days", "60")
    lease = _lease(window, "memphis")
    assert (lease.lessee_exit.notice_days, lease.provider_exit.notice_days) == (60, 60)
    assert window.editor.forms["lease"].editors["provider_exit_notice_days"].text() == "60"
    _type(qtbot, window, "lessee_exit_termination_fee", "5M")
    lease = _lease(window, "memphis")
    assert lease.lessee_exit.termination_fee == lease.provider_exit.termination_fee == 5_000_000
    assert stack.count() == steps + 2  # one step per field edited, both sides in it
    assert "both sides" in stack.undoText()
    stack.undo()
    lease = _lease(window, "memphis")
    assert lease.lessee_exit.termination_fee == lease.provider_exit.termination_fee == 0
    assert lease.lessee_exit.notice_days == lease.provider_exit.notice_days == 60
    stack.undo()
    lease = _lease(window, "memphis")
    assert lease.lessee_exit.notice_days == lease.provider_exit.notice_days == 90
    assert _mutual(window).isChecked()


def test_the_providers_side_edits_the_lessees_too_and_the_flag_switches_both(window: MainWindow) -> None:
    window.offers.select_offer("memphis")
    allowed = window.editor.forms["lease"].editors["provider_exit_allowed"].widget
    assert isinstance(allowed, QCheckBox)
    allowed.click()  # neither side may exit now
    lease = _lease(window, "memphis")
    assert not lease.lessee_exit.allowed and not lease.provider_exit.allowed
    assert _mutual(window).isChecked()


def test_turning_it_off_leaves_both_and_then_the_sides_part(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    window.offers.select_offer("memphis")
    stack = window.document.undo_stack
    before, steps = _lease(window, "memphis"), stack.count()
    _mutual(window).click()
    assert not _mutual(window).isChecked()
    assert _lease(window, "memphis") == before and stack.count() == steps  # no edit
    _type(qtbot, window, "lessee_exit_notice_days", "30")
    lease = _lease(window, "memphis")
    assert (lease.lessee_exit.notice_days, lease.provider_exit.notice_days) == (30, 90)
    assert not _mutual(window).isChecked()
    stack.undo()  # equal again, but the switch stays as the person left it: off, until switched on by hand
    assert not _mutual(window).isChecked()
    target = tmp_path / "mutual.leasedeal"
    window.document.save(target)
    assert "mutual" not in target.read_text(encoding="utf-8")  # derived, never stored


def test_turning_it_on_copies_the_lessees_right_to_the_provider_in_one_step(window: MainWindow) -> None:
    window.offers.select_offer("hyperscaler")
    stack = window.document.undo_stack
    before = _lease(window, "hyperscaler")
    assert before.lessee_exit != before.provider_exit
    _mutual(window).click()
    lease = _lease(window, "hyperscaler")
    # the sample's hyperscaler lessee exit: after month 18, 180 days' notice, a $250M fee
    assert lease.provider_exit == ExitRight(allowed=True, lock_in_months=18, notice_days=180,
                                            termination_fee=250_000_000)
    assert lease.lessee_exit == before.lessee_exit
    assert stack.undoText() == "Make the exit rights mutual"
    stack.undo()
    assert _lease(window, "hyperscaler") == before
    assert not _mutual(window).isChecked()



def test_a_new_lease_shows_the_switch_off_so_a_lessees_exit_gives_the_provider_none(window: MainWindow) -> None:
    window.offers.add_lease()
    new_id = window.offers.current_offer_id
    assert new_id is not None
    assert not _mutual(window).isChecked()  # two "no exit" rights are equal, but that is no mutual exit
    allowed = window.editor.forms["lease"].editors["lessee_exit_allowed"].widget
    assert isinstance(allowed, QCheckBox)
    allowed.click()
    lease = _lease(window, new_id)
    assert lease.lessee_exit.allowed and not lease.provider_exit.allowed
    assert window.document.undo_stack.undoText() == "Change lessee may end early"


def test_switched_on_by_hand_a_new_leases_exits_move_together(qtbot: QtBot, window: MainWindow) -> None:
    window.offers.add_lease()
    new_id = window.offers.current_offer_id
    assert new_id is not None
    steps = window.document.undo_stack.count()
    _mutual(window).click()  # both have no exit: equal already, nothing to copy
    assert _mutual(window).isChecked() and window.document.undo_stack.count() == steps
    allowed = window.editor.forms["lease"].editors["lessee_exit_allowed"].widget
    assert isinstance(allowed, QCheckBox)
    allowed.click()
    lease = _lease(window, new_id)
    assert lease.lessee_exit.allowed and lease.provider_exit.allowed
    _type(qtbot, window, "provider_exit_notice_days", "60")
    lease = _lease(window, new_id)
    assert lease.lessee_exit.notice_days == lease.provider_exit.notice_days == 60
    assert _mutual(window).isChecked()


def test_switched_off_it_stays_off_while_a_refused_keystroke_takes_the_typing_back(
    qtbot: QtBot, window: MainWindow
) -> None:
    """Typed key by key, "25 months" passes through "25 m", which a field of days refuses: the typing is taken
    back (both rights equal again) and the switch must not come back on, or "25 mo" would reach the provider."""
    window.offers.select_offer("memphis")
    _mutual(window).click()
    _type(qtbot, window, "lessee_exit_notice_days", "25 months")
    lease = _lease(window, "memphis")
    assert lease.lessee_exit.notice_days == 25 * 30.4375 and lease.provider_exit.notice_days == 90
    assert not _mutual(window).isChecked()
