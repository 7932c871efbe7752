"""What a person types into a term sheet is read as they mean it."""

import pytest

from leasedesk.core.parsing import parse_money, parse_percent, parse_price, parse_whole


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("150000000", 150_000_000),
        ("150,000,000", 150_000_000),
        ("$150M", 150_000_000),
        ("150 m", 150_000_000),
        ("1.2B", 1_200_000_000),
        ("1.2bn", 1_200_000_000),
        ("€ 950k", 950_000),
        ("  42  ", 42),
        ("-3.5M", -3_500_000),
        (".5M", 500_000),
    ],
)
def test_money_accepts_separators_symbols_and_suffixes(typed: str, amount: float) -> None:
    assert parse_money(typed) == pytest.approx(amount, rel=1e-12)


@pytest.mark.parametrize("typed", ["", "abc", "12x", "1,2,3", "1.2.3", "M", "$", "1e400"])
def test_money_refuses_what_is_not_an_amount(typed: str) -> None:
    with pytest.raises(ValueError):
        parse_money(typed)


def test_percent_is_typed_as_percent_and_stored_as_a_fraction() -> None:
    assert parse_percent("3%") == pytest.approx(0.03)
    assert parse_percent("3") == pytest.approx(0.03)
    assert parse_percent("0.5 %") == pytest.approx(0.005)
    with pytest.raises(ValueError):
        parse_percent("3M")


def test_price_per_gpu_hour_accepts_its_unit() -> None:
    assert parse_price("$3.26/GPU-h") == pytest.approx(3.26)
    assert parse_price("3.26 per hour") == pytest.approx(3.26)
    assert parse_price("2.35") == pytest.approx(2.35)


def test_price_per_kwh_accepts_its_unit() -> None:
    assert parse_price("$0.068/kWh") == pytest.approx(0.068)
    assert parse_price("0.07 per KWH") == pytest.approx(0.07)


def test_whole_numbers_refuse_fractions() -> None:
    assert parse_whole("60,000") == 60000
    assert parse_whole("60k") == 60000
    with pytest.raises(ValueError, match="whole"):
        parse_whole("1.5")
