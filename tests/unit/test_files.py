"""The .leasedeal document (DESIGN.md 3): loading never trusts the file, saving is atomic and keeps what it
does not know."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from deal_builders import deal_data, lease, self_build, to_bytes

from leasedesk.core.comparison import compare
from leasedesk.core.model import LeaseOffer
from leasedesk.files import DealFileError, load_deal, parse_deal, save_deal, serialize_deal
from leasedesk.resources import sample_deal_path

SAMPLE_TEXT = sample_deal_path().read_text(encoding="utf-8")


def rejected(content: bytes, name: str = "deal.leasedeal") -> str:
    """The one-line message of the DealFileError that parsing ``content`` raises."""
    with pytest.raises(DealFileError) as caught:
        parse_deal(content, name)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{name}: ")
    return message


# --- content that is not a deal -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "empty"),
        (b"   \n\t", "empty"),
        (SAMPLE_TEXT[: len(SAMPLE_TEXT) // 2].encode(), "not valid JSON"),
        (b"this is not json", "not valid JSON"),
        (b"<?xml version='1.0'?><deal/>", "not valid JSON"),
        (b"\xff\xfe\x00d\x00e", "not UTF-8"),
        (b"[" * 100_000, "nested"),
        (b'{"a":' * 100_000, "nested"),
        (b'{"format": "leasedesk-deal", "format": "x"}', "twice"),
        (b"[]", "not a LeaseDesk deal"),
        (b'"just text"', "not a LeaseDesk deal"),
        (b'{"name": "no format"}', "format"),
        (b'{"format": "leasedesk-workbook", "schema_version": 1}', "format"),
        (b'{"format": "leasedesk-deal"}', "schema_version"),
        (b'{"format": "leasedesk-deal", "schema_version": "1"}', "schema_version"),
        (b'{"format": "leasedesk-deal", "schema_version": 0}', "schema_version"),
    ],
    ids=[
        "empty",
        "whitespace",
        "truncated",
        "text",
        "xml",
        "not utf-8",
        "100000 nested lists",
        "100000 nested objects",
        "duplicate key",
        "a list",
        "a string",
        "no format",
        "wrong format",
        "no schema_version",
        "schema_version as text",
        "schema_version 0",
    ],
)
def test_content_that_is_not_a_deal_is_refused_in_one_line(content: bytes, words: str) -> None:
    assert words in rejected(content)


def test_newer_schema_version_is_refused_with_a_message_saying_so() -> None:
    data = json.loads(SAMPLE_TEXT)
    data["schema_version"] = 2
    message = rejected(to_bytes(data))
    assert "newer" in message
    assert "schema_version 2" in message


def sample_with_fee(literal: str) -> bytes:
    """The sample with the Memphis lease's fee written as ``literal`` (JSON readers accept NaN and Infinity)."""
    text = SAMPLE_TEXT.replace('"monthly_fee": 150000000', f'"monthly_fee": {literal}', 1)
    assert text != SAMPLE_TEXT
    return text.encode()


NON_FINITE = ["NaN", "Infinity", "-Infinity", "1e999", "-1e999"]


@pytest.mark.parametrize("literal", NON_FINITE)
def test_non_finite_numbers_are_refused(literal: str) -> None:
    rejected(sample_with_fee(literal))


@pytest.mark.parametrize("literal", NON_FINITE)
def test_non_finite_number_message_names_the_field(literal: str) -> None:
    # Issue 2, "Bad input": every bad file gets one line naming the file, the field and the problem.
    message = rejected(sample_with_fee(literal))
    assert "offers[memphis].monthly_fee" in message, message


def test_huge_integer_is_refused_naming_the_field() -> None:
    message = rejected(sample_with_fee("1" + "0" * 400))
    assert "offers[memphis].monthly_fee" in message
    assert "finite" in message


def test_field_problem_names_the_file_the_offer_and_the_field() -> None:
    message = rejected(to_bytes(deal_data(lease("c2", term_months=0))), "c2.leasedeal")
    assert message.startswith("c2.leasedeal: offers[c2].term_months: ")
    assert ">= 1" in message


def test_baseline_naming_no_offer_is_a_file_error() -> None:
    message = rejected(to_bytes(deal_data(lease("c2"), baseline="build")))
    assert "baseline" in message and "'build'" in message


def test_utf8_with_a_byte_order_mark_is_read() -> None:
    deal = parse_deal(b"\xef\xbb\xbf" + SAMPLE_TEXT.encode(), "bom.leasedeal")
    assert len(deal.offers) == 3


# --- the file itself ----------------------------------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "nowhere.leasedeal"
    with pytest.raises(DealFileError) as caught:
        load_deal(path)
    assert str(caught.value) == f"{path}: no such file"


def test_folder_is_not_a_deal_file(tmp_path: Path) -> None:
    with pytest.raises(DealFileError) as caught:
        load_deal(tmp_path)
    assert str(caught.value).startswith(str(tmp_path))
    assert "folder" in str(caught.value)


def test_file_too_large_for_a_deal_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.leasedeal"
    with path.open("wb") as handle:
        handle.truncate(64 * 1024 * 1024)  # sparse: takes no disk space
    with pytest.raises(DealFileError) as caught:
        load_deal(path)
    assert "too large" in str(caught.value)


def test_load_deal_names_the_path(tmp_path: Path) -> None:
    path = tmp_path / "bad.leasedeal"
    path.write_bytes(b"{")
    with pytest.raises(DealFileError) as caught:
        load_deal(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert caught.value.path == path


def test_sample_loads(tmp_path: Path) -> None:
    deal = load_deal(sample_deal_path())
    assert [o.id for o in deal.offers] == ["memphis", "hyperscaler", "build"]


# --- round trip -------------------------------------------------------------------------------------------------------


def test_save_then_load_gives_an_equal_deal(tmp_path: Path) -> None:
    deal = load_deal(sample_deal_path())
    path = tmp_path / "copy.leasedeal"
    save_deal(deal, path)
    again = load_deal(path)
    assert again == deal
    assert compare(again).to_json_data() == compare(deal).to_json_data()


def test_saving_twice_gives_the_same_bytes(tmp_path: Path) -> None:
    deal = load_deal(sample_deal_path())
    save_deal(deal, tmp_path / "a.leasedeal")
    save_deal(load_deal(tmp_path / "a.leasedeal"), tmp_path / "b.leasedeal")
    assert (tmp_path / "a.leasedeal").read_bytes() == (tmp_path / "b.leasedeal").read_bytes()


def test_saved_file_has_format_and_schema_version_first() -> None:
    data = json.loads(serialize_deal(load_deal(sample_deal_path())))
    assert list(data)[:2] == ["format", "schema_version"]
    assert (data["format"], data["schema_version"]) == ("leasedesk-deal", 1)


def with_unknown_keys() -> dict[str, Any]:
    offer = lease(
        "c2",
        power={"included": False, "kw_per_gpu": 2, "pue": 1.2, "price_per_kwh": 0.07, "meter": "site A"},
        lessee_exit={"allowed": True, "lock_in_months": 3, "notice_days": 90, "clause": "12.3"},
        provider_exit={"allowed": True, "lock_in_months": 3, "notice_days": 90, "clause": "12.4"},
        broker="Acme",
    )
    data = deal_data(offer, self_build("b", planner={"team": "infra"}))
    data["workspace"] = {"tab": 2}
    data["assumptions"]["fx_rate"] = 0.92
    return data


def saved_and_reread(data: dict[str, Any], tmp_path: Path) -> dict[str, Any]:
    path = tmp_path / "extra.leasedeal"
    path.write_bytes(to_bytes(data))
    save_deal(load_deal(path), path)
    reread: dict[str, Any] = json.loads(path.read_bytes())
    return reread


def test_unknown_keys_are_kept_at_every_level(tmp_path: Path) -> None:
    again = saved_and_reread(with_unknown_keys(), tmp_path)
    assert again["workspace"] == {"tab": 2}
    assert again["assumptions"]["fx_rate"] == 0.92
    c2, b = again["offers"]
    assert c2["broker"] == "Acme"
    assert c2["power"]["meter"] == "site A"
    assert c2["lessee_exit"]["clause"] == "12.3"
    assert c2["provider_exit"]["clause"] == "12.4"
    assert b["planner"] == {"team": "infra"}


def test_unknown_keys_of_a_ramp_step_are_kept(tmp_path: Path) -> None:
    # Issue 2: "Unknown extra keys are kept, not dropped" -- ramp steps are objects of the file too.
    data = deal_data(lease("c2", ramp=[{"month": 0, "gpus": 5, "note": "phase 1"}]))
    again = saved_and_reread(data, tmp_path)
    assert again["offers"][0]["ramp"][0].get("note") == "phase 1"


def test_revisions_and_counter_of_are_kept(tmp_path: Path) -> None:
    first_ask = {k: v for k, v in lease("c2", monthly_fee=1200).items() if k != "id"}
    revisions = [
        {"label": "Provider ask 1", "side": "provider", "time": "2026-01-05T10:00:00Z", "terms": first_ask},
        {
            "label": "Our counter",
            "side": "lessee",
            "time": "2026-01-06T09:30:00Z",
            "terms": {"monthly_fee": 900},
            "by": "jane",
        },
    ]
    data = deal_data(lease("c1"), lease("c2", revisions=revisions, counter_of="c1"))
    again = saved_and_reread(copy.deepcopy(data), tmp_path)
    assert again["offers"][1]["revisions"] == revisions
    assert again["offers"][1]["counter_of"] == "c1"
    assert "counter_of" not in again["offers"][0]
    deal = parse_deal(to_bytes(again))
    assert [r.label for r in deal.offer("c2").revisions] == ["Provider ask 1", "Our counter"]
    assert deal.offer("c2").revisions[0].side == "provider"
    assert deal.offer("c2").counter_of == "c1"


# --- atomic save --------------------------------------------------------------------------------------------------


def test_save_into_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    target = tmp_path / "missing" / "deal.leasedeal"
    with pytest.raises(DealFileError) as caught:
        save_deal(load_deal(sample_deal_path()), target)
    message = str(caught.value)
    assert "\n" not in message
    assert str(target) in message
    assert "does not exist" in message


def test_save_over_a_folder_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "deal.leasedeal").mkdir()
    with pytest.raises(DealFileError) as caught:
        save_deal(load_deal(sample_deal_path()), tmp_path / "deal.leasedeal")
    assert "folder" in str(caught.value)


def test_crash_during_save_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "deal.leasedeal"
    path.write_bytes(SAMPLE_TEXT.encode())
    deal = load_deal(path)

    def failing_fsync(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr("leasedesk.atomic.os.fsync", failing_fsync)
    with pytest.raises(DealFileError) as caught:
        save_deal(deal, path)
    monkeypatch.undo()
    assert "Input/output error" in str(caught.value)
    assert path.read_text(encoding="utf-8") == SAMPLE_TEXT
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deal.leasedeal"]


def test_save_of_an_unsaveable_value_is_a_clear_error(tmp_path: Path) -> None:
    import dataclasses

    deal = load_deal(sample_deal_path())
    lease = deal.offers[0]
    assert isinstance(lease, LeaseOffer)
    broken = dataclasses.replace(deal, offers=(dataclasses.replace(lease, monthly_fee=float("nan")),))
    with pytest.raises(DealFileError):
        save_deal(broken, tmp_path / "nan.leasedeal")
    assert list(tmp_path.iterdir()) == []
