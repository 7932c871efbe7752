"""The autosave keeps the last valid deal and what was typed; a clean exit leaves none."""

import json
from pathlib import Path

import pytest

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


def test_the_source_is_kept_absolute_so_a_start_from_another_folder_finds_the_same_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    deals = tmp_path / "deals"
    deals.mkdir()
    monkeypatch.chdir(deals)
    store = RecoveryStore(tmp_path / "data")
    store.save(load_deal(sample_deal_path()), Path("memphis.leasedeal"))  # the path as typed
    monkeypatch.chdir(tmp_path)
    recovered = store.load()
    assert recovered is not None and recovered.source_path == deals.resolve() / "memphis.leasedeal"


def test_an_older_autosave_with_a_relative_source_comes_back_untitled(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path)
    store.save(load_deal(sample_deal_path()), None)
    payload = json.loads(store.path.read_text(encoding="utf-8"))
    payload["source_path"] = "memphis.leasedeal"  # which folder? unknown: never overwrite a file by guess
    store.path.write_text(json.dumps(payload), encoding="utf-8")
    recovered = store.load()
    assert recovered is not None and recovered.source_path is None


def test_any_typed_text_can_be_autosaved_and_read_back(tmp_path: Path) -> None:
    store = RecoveryStore(tmp_path)
    typed = {"offers[memphis].name": "Memphis \udc80 (a lone surrogate, pasted)", "offers[memphis].notes": "東京 €"}
    store.save(load_deal(sample_deal_path()), None, typed)
    recovered = store.load()
    assert recovered is not None and recovered.pending_text == typed
