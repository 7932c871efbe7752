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
