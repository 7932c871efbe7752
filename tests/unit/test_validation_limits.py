"""Deals that JSON allows but no file, workbook or calendar can hold are refused at load, by field."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from leasedesk.core.model import LeaseOffer
from leasedesk.files import DealFileError, parse_deal
from leasedesk.resources import sample_deal_path


def _sample() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(sample_deal_path().read_text())
    return data


def _refused(data: dict[str, Any]) -> str:
    with pytest.raises(DealFileError) as error:
        parse_deal(json.dumps(data).encode(), Path("deal.leasedeal"))
    return str(error.value)


@pytest.mark.parametrize("text", ["x\ud800y", "x\udfffy", "x\uffffy", "x\ufffey"])
def test_text_that_is_not_storable_names_its_field(text: str) -> None:
    data = _sample()
    data["offers"][0]["provider"] = text
    assert "offers[memphis].provider: holds a character that is not text" in _refused(data)


def test_dates_before_march_1900_are_refused() -> None:
    data = _sample()
    data["assumptions"]["analysis_start"] = "1900-02-01"
    assert "assumptions.analysis_start: must not be before March 1900" in _refused(data)


def test_a_horizon_past_year_9999_is_refused() -> None:
    data = _sample()
    data["assumptions"]["analysis_start"] = "9999-01-01"
    data["offers"] = []
    data.pop("baseline")
    assert "assumptions.horizon_months: runs past December 9999" in _refused(data)


def test_a_term_past_year_9999_is_refused() -> None:
    data = _sample()
    data["assumptions"].update({"analysis_start": "9990-01-01", "horizon_months": 12})
    for offer in data["offers"]:
        offer["start"] = "9999-06-01"
    message = _refused(data)
    assert "offers[memphis].term_months: runs past December 9999" in message


def test_the_last_month_of_year_9999_is_allowed() -> None:
    data = _sample()
    # the horizon's end is the first of the month after its last month, so that month must exist too.
    data["assumptions"].update({"analysis_start": "9996-08-01", "horizon_months": 40})
    data["offers"] = [o for o in data["offers"] if o["id"] == "memphis"]
    data["offers"][0].update({"start": "9996-08-01", "term_months": 40})  # Aug 9996 .. Nov 9999, ends Dec 9999
    data.pop("baseline")
    deal = parse_deal(json.dumps(data).encode())
    offer = deal.offers[0]
    assert isinstance(offer, LeaseOffer) and offer.term_months == 40
    data["offers"][0]["term_months"] = 41  # would end in January 10000
    assert "offers[memphis].term_months: runs past December 9999" in _refused(data)


@pytest.mark.parametrize(
    ("place", "field"),
    [
        (lambda d: d.__setitem__("x_custom", {"note": "a\ud800b"}), "x_custom.note"),
        (lambda d: d["offers"][0].__setitem__("x_custom", ["ok", "a\udc80b"]), "offers[memphis].x_custom[1]"),
        (lambda d: d["assumptions"].__setitem__("x_source", "a\ufffeb"), "assumptions.x_source"),
        (
            lambda d: d["offers"][0].__setitem__(
                "revisions", [{"label": "Ask 1", "side": "provider", "time": "2026-07-01T00:00:00Z",
                               "terms": {"name": "old\udfff"}}]
            ),
            "offers[memphis].revisions[0].terms.name",
        ),
    ],
)
def test_text_that_could_never_be_saved_is_refused_anywhere_in_the_file(place: Any, field: str) -> None:
    """Unknown keys and recorded rounds too: a file that opens must also save (its autosave raised)."""
    data = _sample()
    place(data)
    assert f"{field}: holds a character that is not text" in _refused(data)


def test_a_key_that_could_never_be_saved_is_refused() -> None:
    data = _sample()
    data["offers"][0]["bad\ud800key"] = 1
    assert "offers[memphis]: has a key that holds a character that is not text (U+D800" in _refused(data)


@pytest.mark.parametrize("control", ["\x00", "\x01", "\x1b", "\x0b", "\x0c", "\x1f"])
def test_control_characters_are_refused_naming_the_field(control: str) -> None:
    """A currency with a control character wrote a workbook no spreadsheet could open, with exit 0."""
    data = _sample()
    data["currency"] = f"US{control}D"
    assert "currency: holds a control character (U+" in _refused(data)


def test_tab_line_feed_and_carriage_return_stay_allowed_in_notes() -> None:
    data = _sample()
    data["notes"] = "line one\r\nline two\twith a tab"
    data["offers"][0]["notes"] = "a\nb"
    assert parse_deal(json.dumps(data).encode(), Path("deal.leasedeal")).notes == "line one\r\nline two\twith a tab"


@pytest.mark.parametrize(
    ("place", "message"),
    [
        (lambda d: d.__setitem__("currency", "X" * 17), "currency: is longer than 16 characters (17)"),
        (lambda d: d.__setitem__("name", "n" * 1_001), "name: is longer than 1,000 characters (1,001)"),
        (lambda d: d.__setitem__("notes", "n" * 1_000_001), "notes: is longer than 1,000,000 characters"),
        (lambda d: d["offers"][0].__setitem__("name", "n" * 1_000_001), "offers[memphis].name: is longer than 1,000"),
        (lambda d: d["offers"][0].__setitem__("provider", "p" * 1_001), "offers[memphis].provider: is longer"),
        (lambda d: d["offers"][0].__setitem__("site", "s" * 1_001), "offers[memphis].site: is longer"),
        (lambda d: d["offers"][2].__setitem__("id", "b" * 201), "offers[2].id: is longer than 200 characters (201)"),
        (
            lambda d: d["offers"][0].__setitem__(
                "revisions", [{"label": "l" * 1_001, "side": "lessee", "time": "", "terms": {}}]
            ),
            "offers[memphis].revisions[0].label: is longer than 1,000 characters",
        ),
    ],
)
def test_text_far_longer_than_real_use_is_refused_with_its_limit(place: Any, message: str) -> None:
    """A 100,000-character currency or a million-character name aborted or hung the window."""
    data = _sample()
    place(data)
    assert message in _refused(data)


def test_text_at_its_limits_is_accepted() -> None:
    data = _sample()
    data["currency"] = "C" * 16
    data["notes"] = "n" * 1_000_000
    data["offers"][0]["name"] = "n" * 1_000
    data["offers"][1]["id"] = "h" * 200
    deal = parse_deal(json.dumps(data).encode(), Path("deal.leasedeal"))
    assert deal.currency == "C" * 16 and deal.offers[1].id == "h" * 200


@pytest.mark.parametrize("huge", [10**309, -(10**400), 10**4000], ids=["1e309", "-1e400", "1e4000"])
def test_a_whole_number_beyond_any_float_is_refused_cleanly(huge: int) -> None:
    """10^309 GPUs raised OverflowError (exit 1, and uncaught in the window's Open)."""
    data = _sample()
    data["offers"][0]["gpus"] = huge
    message = _refused(data)
    assert "offers[memphis].gpus: is too large (got " in message
    data = _sample()
    data["assumptions"]["discount_rate"] = huge
    assert "assumptions.discount_rate: must be a finite number" in _refused(data)
