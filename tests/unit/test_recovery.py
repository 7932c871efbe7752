"""The autosave keeps the last valid deal and what was typed; a clean exit leaves none."""

from pathlib import Path

from leasedesk.files import load_deal
from leasedesk.files.recovery import RecoveryStore
from leasedesk.resources import sample_deal_path


def test_autosave_round_trip_keeps_the_deal_the_source_and_the_raw_text(tmp_path: Path) -> None:
    deal = load_deal(sample_deal_path())
    store = RecoveryStore(tmp_path / "data")
    store.save(deal, Path("/deals/memphis.leasedeal"), {"offers[memphis].monthly_fee": "15O M"})
    recovered = store.load()
    assert recovered is not None
    assert recovered.deal == deal
    assert recovered.source_path == Path("/deals/memphis.leasedeal")
    assert recovered.pending_text == {"offers[memphis].monthly_fee": "15O M"}


def test_after_a_clean_exit_there_is_nothing_to_recover(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path)
    store.save(load_deal(sample_deal_path()), None)
    store.clear()
    assert store.load() is None
    store.clear()  # clearing twice is harmless


def test_a_broken_autosave_is_ignored_not_fatal(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path)
    store.path.write_text('{"format": "leasedesk-recovery", "deal": {"format": "leasedesk-deal"')
    assert store.load() is None
    store.path.write_text('{"format": "leasedesk-recovery", "deal": {"format": "leasedesk-deal", "schema_version": 1}}')
    assert store.load() is None
