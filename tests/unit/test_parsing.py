"""What a person types into a term sheet is read as they mean it."""

import pytest

from leasedesk.core.parsing import (
    parse_days,
    parse_kwh_price,
    parse_money,
    parse_months,
    parse_percent,
    parse_price,
    parse_whole,
)


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
        ("$150 million", 150_000_000),
        ("150 mln", 150_000_000),
        ("150 MM", 150_000_000),
        ("1.5e8", 150_000_000),
        ("1.5E+8", 150_000_000),
        ("2.5 bn", 2_500_000_000),
        ("2.5 billion", 2_500_000_000),
        ("950 thousand", 950_000),
        ("1 500 000", 1_500_000),
    ],
)
def test_money_accepts_separators_symbols_and_suffixes(typed: str, amount: float) -> None:
    assert parse_money(typed) == pytest.approx(amount, rel=1e-12)


@pytest.mark.parametrize("typed", ["", "abc", "12x", "1,2,3", "1.2.3", "M", "$", "1e400"])
def test_money_refuses_what_is_not_an_amount(typed: str) -> None:
    with pytest.raises(ValueError):
        parse_money(typed)


@pytest.mark.parametrize(
    ("typed", "fraction"),
    [
        # Excel's automatic percent entry: "%" always means percent ...
        ("3%", 0.03),
        ("0.5 %", 0.005),
        ("0.99%", 0.0099),
        ("-20%", -0.20),
        # ... a bare number below 1 in size is the fraction itself ...
        ("0.99", 0.99),
        ("-0.2", -0.20),
        (".03", 0.03),
        ("0", 0.0),
        # ... and from 1 up a bare number is a percent.
        ("3", 0.03),
        ("1", 0.01),
        ("99", 0.99),
        ("-20", -0.20),
        ("150", 1.50),
    ],
)
def test_percent_follows_excels_automatic_percent_entry(typed: str, fraction: float) -> None:
    assert parse_percent(typed) == pytest.approx(fraction, rel=1e-12, abs=1e-15)


def test_percent_refuses_scales() -> None:
    with pytest.raises(ValueError, match="'3M' is not a percentage: type a percentage such as 3%"):
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


@pytest.mark.parametrize(
    ("typed", "days"),
    [
        ("90", 90.0),
        ("90 days", 90.0),
        ("90d", 90.0),
        ("1 day", 1.0),
        ("3 months", 3 * 30.4375),
        ("1 month", 30.4375),
        ("2 weeks", 14.0),
        ("1 year", 365.25),
        ("60.5", 60.5),
    ],
)
def test_notice_reads_days_weeks_months_and_years(typed: str, days: float) -> None:
    assert parse_days(typed) == pytest.approx(days, rel=1e-15)


def test_notice_refuses_money_scales_and_says_what_it_takes() -> None:
    with pytest.raises(ValueError) as refused:
        parse_days("90k")
    message = str(refused.value)
    assert message == "'90k' is not a number of days: type days such as 90, 90 days or 3 months"
    assert "K, M" not in message


@pytest.mark.parametrize(
    ("parse", "typed", "message"),
    [
        (parse_money, "abc", "'abc' is not an amount: type an amount such as 150M, $150 million, 2.5bn or 1.5e8"),
        (parse_money, "  ", "a value is required: type an amount such as 150M, $150 million, 2.5bn or 1.5e8"),
        (parse_whole, "sixty", "'sixty' is not a whole number: type a whole number such as 60,000 or 60k"),
        (parse_whole, "1.5", "'1.5' is not a whole number: type a whole number such as 60,000 or 60k"),
        (parse_price, "cheap", "'cheap' is not a price: type a price such as 2.90 or $2.90/GPU-h"),
    ],
)
def test_an_error_names_what_was_typed_and_gives_an_example_that_fits_the_field(
    parse: object, typed: str, message: str
) -> None:
    with pytest.raises(ValueError) as refused:
        parse(typed)  # type: ignore[operator]
    assert str(refused.value) == message


def test_the_notice_field_reads_months_and_the_kwh_field_gives_a_kwh_example() -> None:
    from leasedesk.core.terms.fields import field_by_key
    from leasedesk.core.terms.text import read

    notice = field_by_key("lease", "lessee_exit_notice_days")
    assert notice is not None and read(notice, "3 months") == pytest.approx(91.3125)
    assert read(notice, "90 days") == 90.0
    kwh = field_by_key("self_build", "electricity_price_per_kwh")
    assert kwh is not None
    with pytest.raises(ValueError, match=r"such as 0\.068, \$0\.068/kWh, 6\.8¢ or \$68/MWh"):
        read(kwh, "cheap")
    pue = field_by_key("self_build", "pue")
    assert pue is not None
    with pytest.raises(ValueError, match=r"'1\.2 months' is not a number"):
        read(pue, "1.2 months")


@pytest.mark.parametrize(
    ("typed", "months"),
    [("42", 42), ("42 months", 42), ("3 m", 3), ("3m", 3), ("3 mo", 3), ("2 years", 24), ("1.5 years", 18), ("0", 0)],
)
def test_a_field_of_months_reads_m_as_months_and_years_as_twelve(typed: str, months: int) -> None:
    assert parse_months(typed) == months


@pytest.mark.parametrize("typed", ["60k", "3 million", "1.5", "1.4 years", "90 days", "3mm"])
def test_a_field_of_months_refuses_scales_and_fractions_with_a_months_example(typed: str) -> None:
    with pytest.raises(ValueError) as refused:
        parse_months(typed)
    assert "such as 42, 42 months or 3 years" in str(refused.value)


@pytest.mark.parametrize(
    ("typed", "price"),
    [("0.068", 0.068), ("$0.068/kWh", 0.068), ("6.8¢", 0.068), ("6.8 cents", 0.068), ("6.8c", 0.068),
     ("7.2¢", 0.072), ("$72/MWh", 0.072), ("68 per MWh", 0.068), ("7.25 cents", 0.0725)],
)
def test_an_electricity_price_reads_cents_and_megawatt_hours(typed: str, price: float) -> None:
    assert parse_kwh_price(typed) == price  # exactly: 7.2 cents is 0.072, not 0.07200000000000001


def test_the_term_and_lock_in_fields_read_months_and_the_gpus_field_reads_thousands() -> None:
    from leasedesk.core.terms.fields import field_by_key
    from leasedesk.core.terms.text import read

    for key in ("term_months", "lessee_exit_lock_in_months", "provider_exit_lock_in_months"):
        term = field_by_key("lease", key)
        assert term is not None and read(term, "3m") == 3, key
    build = field_by_key("self_build", "build_months")
    assert build is not None and read(build, "1 year") == 12
    gpus = field_by_key("lease", "gpus")
    assert gpus is not None and read(gpus, "60k") == 60_000
    kwh = field_by_key("lease", "power_price_per_kwh")
    assert kwh is not None and read(kwh, "6.8¢") == 0.068
