"""The headline over the comparison: core's sentence (the same as the CLI table's and the workbook's), redrawn on
every change."""

from __future__ import annotations

import dataclasses

from pytestqt.qtbot import QtBot

from leasedesk.core.headline import headline
from leasedesk.core.model import LeaseOffer
from leasedesk.ui.main_window import MainWindow


def test_the_headline_sits_over_the_table_and_follows_every_edit(window: MainWindow, qtbot: QtBot) -> None:
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    view = window.comparison_view
    label = view.headline
    comparison = window.document.comparison
    assert comparison is not None
    assert label.isVisible() and label.text() == headline(comparison).sentence
    # the sample with its market: building wins at equal capacity, and both leases are above break-even
    assert label.text().startswith("Build in Memphis is cheapest at equal capacity: $2.94/GPU-h")
    assert "Break-even fee against Build in Memphis: Memphis lease $106.4M a month" in label.text()
    assert label.geometry().bottom() <= view.stack.geometry().top()  # above the table
    assert label.visibleRegion().boundingRect().height() >= label.heightForWidth(label.width()) - 1  # not cut

    memphis = window.document.deal.offer("memphis")  # type: ignore[union-attr]
    assert isinstance(memphis, LeaseOffer)
    # $50M a month for 60,000 GPUs at 99% is about $1.15 per GPU-hour: far below building's $2.94
    window.document.replace_offer(dataclasses.replace(memphis, monthly_fee=50_000_000), "Change monthly fee")
    changed = window.document.comparison
    assert changed is not None
    assert label.text() == headline(changed).sentence
    assert label.text().startswith("Memphis lease is cheapest at equal capacity")
    window.document.undo_stack.undo()
    assert label.text().startswith("Build in Memphis is cheapest")

    for offer_id in ("memphis", "hyperscaler", "build"):
        window.document.remove_offer(offer_id)
    assert label.isHidden()  # no offers: the empty table says what to do
