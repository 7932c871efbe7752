"""``leasedesk import`` (DESIGN.md 8.5): JSON as the contract says, the deal written back atomically, and one
line on stderr with exit status 2 for every refusal, the deal file untouched."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from deal_builders import to_bytes
from import_support import LEASE_SHEET, edited, exported, repacked, sample

from leasedesk.cli import main
from leasedesk.core.codec import deal_to_data
from leasedesk.files import load_deal


@pytest.fixture
def deal_file(tmp_path: Path) -> Path:
    path = tmp_path / "deal.leasedeal"
    path.write_bytes(to_bytes(deal_to_data(sample())))
    return path


@pytest.fixture
def reply(deal_file: Path, tmp_path: Path) -> Path:
    source = exported(load_deal(deal_file), tmp_path)
    values = {(LEASE_SHEET, "monthly_fee"): 140_000_000, (LEASE_SHEET, "lessee_exit_notice_days"): 60,
              (None, "discount_rate"): 0.12}
    return edited(source, tmp_path / "reply.xlsx", values, ramp={LEASE_SHEET: [(0, 30_000), (3, 60_000)]})


def test_import_writes_the_round_back_to_the_deal_and_prints_the_json(
    capsys: pytest.CaptureFixture[str], deal_file: Path, reply: Path
) -> None:
    assert main(["import", str(deal_file), str(reply), "--json"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert json.loads(out) == {
        "deal": str(deal_file),
        "offers": [
            {
                "id": "memphis",
                "as": "round",
                "changed": {
                    "monthly_fee": [150_000_000, 140_000_000],
                    "lessee_exit.notice_days": [90, 60],
                    "ramp": [[], [[0, 30_000], [3, 60_000]]],
                },
                "conflicts": {},
            }
        ],
        "ignored": [],
        "assumptions_changed": {"discount_rate": [0.1, 0.12]},
    }
    saved = load_deal(deal_file)
    assert saved.offer("memphis").monthly_fee == 140_000_000  # type: ignore[union-attr]
    assert saved.offer("memphis").revisions[-1].label == "Before reply.xlsx"
    assert saved.assumptions.discount_rate == 0.1  # the command line never applies assumptions


def test_import_as_a_counter_to_another_file(
    capsys: pytest.CaptureFixture[str], deal_file: Path, reply: Path, tmp_path: Path
) -> None:
    before = deal_file.read_bytes()
    out_path = tmp_path / "out.leasedeal"
    args = ["import", str(deal_file), str(reply), "-o", str(out_path), "--as", "counter", "--side", "lessee", "--json"]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["deal"] == str(out_path)
    (offer,) = data["offers"]
    assert (offer["id"], offer["as"], offer["counter_of"]) == ("memphis-counter", "counter", "memphis")
    assert deal_file.read_bytes() == before
    counter = load_deal(out_path).offer("memphis-counter")
    assert counter.proposed_by == "lessee" and counter.counter_of == "memphis"


def test_import_without_json_prints_a_summary(capsys: pytest.CaptureFixture[str], deal_file: Path, reply: Path) -> None:
    assert main(["import", str(deal_file), str(reply)]) == 0
    out = capsys.readouterr().out
    assert "round of memphis" in out and "monthly_fee: 150000000 -> 140000000" in out
    assert "discount_rate (not applied)" in out


@pytest.mark.parametrize("hostile", ["vba", "bomb", "foreign"])
def test_a_refused_workbook_is_one_line_exit_2_and_the_deal_untouched(
    capsys: pytest.CaptureFixture[str], deal_file: Path, reply: Path, tmp_path: Path, hostile: str
) -> None:
    if hostile == "vba":
        path = repacked(reply, tmp_path / "macro.xlsx", add={"xl/vbaProject.bin": b"\0" * 32})
    elif hostile == "bomb":
        bomb = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'
        path = repacked(reply, tmp_path / "bomb.xlsx", add={"docProps/custom.xml": bomb})
    else:
        path = exported(dataclasses.replace(load_deal(deal_file), name="Other"), tmp_path, "other.xlsx")
    before = deal_file.read_bytes()
    assert main(["import", str(deal_file), str(path), "--json"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1 and err.startswith("leasedesk: import: ")
    assert deal_file.read_bytes() == before


def test_bad_arguments_exit_2(capsys: pytest.CaptureFixture[str], deal_file: Path, reply: Path) -> None:
    assert main(["import", str(deal_file), str(reply), "--as", "merge"]) == 2
    assert "invalid choice" in capsys.readouterr().err
