"""How figures read, the same in the window, the CLI and the workbook.

Money is shown with the deal's currency ($, EUR as €, GBP as £, otherwise the
ISO code) and scaled to K, M or B; rates as percent; exit clauses in words.
"""

from __future__ import annotations

import datetime as dt
import math

from leasedesk.core.market.metric_info import MARKET_METRIC_BY_KEY
from leasedesk.core.metric_info import METRIC_BY_KEY
from leasedesk.core.model import ExitRight, LeaseOffer, add_months

CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}
MONEY_SCALES = ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "K"))  # the one table of K, M, B, T


def currency_prefix(currency: str) -> str:
    """'$' for USD, '€' for EUR, '£' for GBP, else the ISO code and a space ('CHF ')."""
    code = currency.strip().upper()
    return CURRENCY_SYMBOLS.get(code, f"{code} " if code else "")


def money_scale(largest: float) -> tuple[float, str]:
    """The factor and suffix that make the largest magnitude read as 1 to 999: (1e9, 'B')."""
    magnitude = abs(largest)
    for factor, suffix in MONEY_SCALES:
        if magnitude >= factor:
            return factor, suffix
    return 1.0, ""


def _scaled(value: float, decimals: int) -> str:
    magnitude = abs(value)
    for factor, suffix in MONEY_SCALES:
        if magnitude >= factor * 0.9995:
            return f"{magnitude / factor:,.{decimals}f}{suffix}"
    return f"{magnitude:,.0f}"


def format_money(value: float | None, currency: str = "USD", decimals: int = 1) -> str:
    """$150.0M, -$1.2B, €950, CHF 12.5K; an em dash for a missing value."""
    if value is None or not math.isfinite(value):
        return "—"
    sign = "-" if value < 0 and abs(value) >= 0.5 else ""
    return f"{sign}{currency_prefix(currency)}{_scaled(value, decimals)}"


def format_money_exact(value: float | None, currency: str = "USD") -> str:
    """$150,000,000: for a term sheet, where the whole figure matters."""
    if value is None or not math.isfinite(value):
        return "—"
    sign = "-" if value < 0 and abs(value) >= 0.5 else ""
    return f"{sign}{currency_prefix(currency)}{abs(value):,.0f}"


def format_price_per_gpu_hour(value: float | None, currency: str = "USD") -> str:
    """$3.26/GPU-h."""
    if value is None or not math.isfinite(value):
        return "—"
    sign = "-" if value < 0 and abs(value) >= 0.005 else ""
    return f"{sign}{currency_prefix(currency)}{abs(value):,.2f}/GPU-h"


def format_percent(value: float | None, decimals: int = 1) -> str:
    """0.11 -> 11.0%."""
    if value is None or not math.isfinite(value):
        return "—"
    return f"{value * 100:.{decimals}f}%"


def format_months(value: float | None) -> str:
    """42 months, 5.96 months, 1 month."""
    if value is None or not math.isfinite(value):
        return "—"
    if float(value).is_integer():
        whole = int(value)
        return f"{whole} month" if whole == 1 else f"{whole} months"
    return f"{value:.2f} months"


def format_gpu_hours(value: float | None) -> str:
    """1.82B GPU-h."""
    if value is None or not math.isfinite(value):
        return "—"
    return f"{_scaled(value, 2)} GPU-h"


def format_count(value: float | None) -> str:
    """60,000."""
    if value is None or not math.isfinite(value):
        return "—"
    return f"{value:,.0f}"


def format_metric(key: str, value: float | None, currency: str = "USD", analysis_start: object = None) -> str:
    """A metric of DESIGN.md 2 or 7 as the window, the CLI and the workbook show it."""
    unit = (METRIC_BY_KEY.get(key) or MARKET_METRIC_BY_KEY[key]).unit
    if value is None or not math.isfinite(value):
        return "—"
    if unit == "money":
        return format_money(value, currency)
    if unit == "money_per_gpu_hour":
        return format_price_per_gpu_hour(value, currency)
    if unit == "gpu_hours":
        return format_gpu_hours(value)
    if unit == "months":
        return format_months(value)
    if isinstance(analysis_start, dt.date):
        return format_first_capacity(int(value), analysis_start)
    return f"month {int(value)}"


def format_first_capacity(month_index: int | None, analysis_start: dt.date) -> str:
    """A month of the analysis as a person reads it, date first: "Jul 2027 (month 12)"; "—" for None.
    JSON keeps the bare index."""
    if month_index is None:
        return "—"
    return f"{add_months(analysis_start, month_index):%b %Y} (month {month_index})"


def elide_middle(text: str, limit: int = 48) -> str:
    """``text`` cut in the middle to at most ``limit`` characters ("Memphis lease … counter 2"): a long
    offer name keeps its start and its end, which tell offers apart; the full name goes in a tooltip."""
    if len(text) <= limit:
        return text
    keep = limit - 1
    return f"{text[: (keep + 1) // 2].rstrip()}…{text[len(text) - keep // 2 :].lstrip()}"


def implied_price_per_gpu_hour(lease: LeaseOffer, hours_per_month: float) -> float:
    """What the provider quotes: monthly_fee / (gpus * hours_per_month). A term, not a metric."""
    return lease.monthly_fee / (lease.gpus * hours_per_month)


def fee_for_price_per_gpu_hour(price: float, gpus: int, hours_per_month: float) -> float:
    """The monthly fee that a quoted price per GPU-hour implies."""
    return price * gpus * hours_per_month


def _days(days: float) -> str:
    shown = f"{days:g}"
    return f"{shown} day's" if shown == "1" else f"{shown} days'"


def exit_right_words(right: ExitRight, currency: str = "USD") -> str:
    """'90 days' notice after month 3, no fee'."""
    when = f"after month {right.lock_in_months}" if right.lock_in_months > 0 else "at any time"
    fee = "no fee" if right.termination_fee == 0 else f"{format_money(right.termination_fee, currency)} fee"
    return f"{_days(right.notice_days)} notice {when}, {fee}"


def exit_clause_words(lease: LeaseOffer, currency: str = "USD") -> str:
    """Both sides' exit rights in one phrase: 'either side, 90 days' notice after month 3, no fee'."""
    lessee, provider = lease.lessee_exit, lease.provider_exit
    if not lessee.allowed and not provider.allowed:
        return "no early exit"
    if lessee.allowed and provider.allowed:
        same = (lessee.lock_in_months, lessee.notice_days, lessee.termination_fee) == (
            provider.lock_in_months,
            provider.notice_days,
            provider.termination_fee,
        )
        if same:
            return f"either side, {exit_right_words(lessee, currency)}"
        return f"lessee: {exit_right_words(lessee, currency)}; provider: {exit_right_words(provider, currency)}"
    if lessee.allowed:
        return f"lessee only, {exit_right_words(lessee, currency)}"
    return f"provider only, {exit_right_words(provider, currency)}"
