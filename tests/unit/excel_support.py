"""Helpers for the workbook tests: recalculating with LibreOffice or Gnumeric and reading the Summary back.

Two engines recalculate: LibreOffice Calc headless, and Gnumeric (``ssconvert --recalc``), which reads
quoted references, names and errors its own way. LibreOffice keeps a file's cached results unless told
to recalculate, so it runs with a private profile whose settings say "always recalculate" on load
(Calc/Formula/Load/OOXMLRecalcMode = 0). ``soffice --convert-to`` exits 0 even when it could not read a
file, so callers check the values they get back; ``recalculate`` at least checks that every output exists.
"""

from __future__ import annotations

import dataclasses
import math
import os
import re
import shutil
import subprocess
import zipfile
from collections.abc import Sequence
from pathlib import Path

import pytest
from deal_builders import build_deal, deal_data, lease, month_start, self_build
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from leasedesk.core.comparison import Comparison
from leasedesk.core.market.assumptions import MarketAssumptions
from leasedesk.core.market.metric_info import EQUAL_CAPACITY_KEYS
from leasedesk.core.market.reading import read_market
from leasedesk.core.metric_info import METRIC_KEYS
from leasedesk.core.model import Deal
from leasedesk.core.validation import read_deal
from leasedesk.files import load_deal
from leasedesk.resources import sample_deal_path

REQUIRE_ENV = "LEASEDESK_REQUIRE_LIBREOFFICE"
GNUMERIC_REQUIRE_ENV = "LEASEDESK_REQUIRE_GNUMERIC"
ENGINES = ("libreoffice", "gnumeric")
SUMMARY = "Summary"

RECALC_ON_LOAD = """<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
  <prop oor:name="{setting}" oor:op="fuse"><value>0</value></prop>
</item>"""  # 0 = always recalculate
PROFILE_SETTINGS = f"""<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
           xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
{RECALC_ON_LOAD.format(setting="OOXMLRecalcMode")}
{RECALC_ON_LOAD.format(setting="ODFRecalcMode")}
</oor:items>
"""

Figures = dict[str, dict[str, object]]  # offer id -> metric key -> cell value


def assert_valid_sheet_name(name: str) -> None:
    """What Excel accepts, and no apostrophe (DESIGN.md 5): 1-31 characters, none of []:*?/\\' or control characters."""
    assert 1 <= len(name) <= 31, name
    assert not set("[]:*?/\\") & set(name), name
    assert "'" not in name, name
    assert name.casefold() != "history", name
    assert all(ord(ch) >= 32 for ch in name), name


def soffice() -> str:
    """The LibreOffice binary; when it is missing, skip, or fail where LEASEDESK_REQUIRE_LIBREOFFICE=1."""
    return _engine_binary(("soffice", "libreoffice"), "LibreOffice (soffice)", "libreoffice-calc", REQUIRE_ENV)


def ssconvert() -> str:
    """Gnumeric's converter; when it is missing, skip, or fail where LEASEDESK_REQUIRE_GNUMERIC=1."""
    return _engine_binary(("ssconvert",), "Gnumeric (ssconvert)", "gnumeric", GNUMERIC_REQUIRE_ENV)


def _engine_binary(names: Sequence[str], engine: str, package: str, require_env: str) -> str:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    message = f"{engine} is not installed, so exported workbooks cannot be recalculated"
    if os.environ.get(require_env) == "1":
        pytest.fail(f"{message}; {require_env}=1 requires it")
    pytest.skip(f"{message} (install {package}; set {require_env}=1 to make this a failure)")


def recalculate_with(engine: str, workbooks: Sequence[Path], folder: Path) -> list[Path]:
    """Each workbook recalculated by ``engine`` ("libreoffice" or "gnumeric") and saved as .xlsx under ``folder``."""
    if engine == "libreoffice":
        return recalculate(workbooks, folder / "out", make_profile(folder / "profile"))
    if engine == "gnumeric":
        return recalculate_gnumeric(workbooks, folder / "out")
    raise ValueError(f"unknown engine {engine}")


def recalculate_gnumeric(workbooks: Sequence[Path], out_dir: Path) -> list[Path]:
    """Open each workbook in Gnumeric, recalculate every formula, save into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    binary, outputs = ssconvert(), []
    for path in workbooks:
        output = out_dir / f"{path.stem}.xlsx"
        # Gnumeric notes on stderr that it cannot keep the print titles; the return code and the values count.
        done = subprocess.run(
            [binary, "--recalc", str(path), str(output)], capture_output=True, text=True, timeout=600, check=False
        )
        assert done.returncode == 0 and output.exists(), f"Gnumeric wrote no {output}: {done.stdout}\n{done.stderr}"
        outputs.append(output)
    return outputs


def make_profile(folder: Path) -> Path:
    """A LibreOffice user profile that recalculates every formula on load."""
    user = folder / "user"
    user.mkdir(parents=True, exist_ok=True)
    (user / "registrymodifications.xcu").write_text(PROFILE_SETTINGS, encoding="utf-8")
    return folder


def recalculate(workbooks: Sequence[Path], out_dir: Path, profile: Path, to: str = "xlsx") -> list[Path]:
    """Open each workbook in LibreOffice headless (one process for all), recalculate, save into ``out_dir``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    command = [
        soffice(),
        "--headless",
        "--norestore",
        f"-env:UserInstallation={profile.resolve().as_uri()}",
        "--convert-to",
        to,
        "--outdir",
        str(out_dir),
        *(str(path) for path in workbooks),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    outputs = [out_dir / f"{path.stem}.{to}" for path in workbooks]
    missing = [str(path) for path in outputs if not path.exists()]
    assert not missing, f"LibreOffice wrote no {missing}: {done.stdout}\n{done.stderr}"
    return outputs


_CACHED = re.compile(r"</f><v>[^<]*</v>|</f><v/>")


def strip_cached_values(path: Path) -> None:
    """Remove every formula's cached result, so any value read later must come from a recalculation."""
    source = zipfile.ZipFile(path)
    parts = {info.filename: source.read(info) for info in source.infolist()}
    source.close()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                data = _CACHED.sub("</f>", data.decode("utf-8")).encode("utf-8")
            target.writestr(name, data)


def key_rows(sheet: Worksheet) -> dict[str, int]:
    """Key in column A -> its (first) row."""
    rows: dict[str, int] = {}
    for (cell,) in sheet.iter_rows(min_col=1, max_col=1):
        if isinstance(cell.value, str):
            rows.setdefault(cell.value, cell.row)
    return rows


def summary_rows(path: Path, data_only: bool = True) -> tuple[dict[str, int], dict[str, int]]:
    """(offer id -> column, key in column A -> row) of the Summary sheet."""
    sheet = load_workbook(path, data_only=data_only)[SUMMARY]
    rows = key_rows(sheet)
    id_row = rows["offer_id"]
    columns = {}
    for column in range(3, sheet.max_column + 1):
        offer_id = sheet.cell(row=id_row, column=column).value
        if offer_id is not None:
            columns[str(offer_id)] = column
    return columns, rows


def summary_figures(path: Path, data_only: bool = True) -> Figures:
    """Every metric of every offer as the Summary shows it (cached or recalculated values)."""
    sheet = load_workbook(path, data_only=data_only)[SUMMARY]
    columns, rows = summary_rows(path, data_only)
    return {
        offer_id: {key: sheet.cell(row=rows[key], column=column).value for key in METRIC_KEYS}
        for offer_id, column in columns.items()
    }


def market_figures(path: Path, data_only: bool = True) -> Figures:
    """The equal-capacity figures of every offer as the Summary shows them; empty without a market view."""
    sheet = load_workbook(path, data_only=data_only)[SUMMARY]
    columns, rows = summary_rows(path, data_only)
    if not all(key in rows for key in EQUAL_CAPACITY_KEYS):
        assert not any(key in rows for key in EQUAL_CAPACITY_KEYS), "a partial market view"
        return {}
    return {
        offer_id: {key: sheet.cell(row=rows[key], column=column).value for key in EQUAL_CAPACITY_KEYS}
        for offer_id, column in columns.items()
    }


def market_mismatches(figures: Figures, comparison: Comparison) -> list[str]:
    """Where the Summary's equal-capacity figures differ from the engine's; none shown without a market."""
    if comparison.market is None:
        return [] if figures == {} else ["a market view without a market"]
    problems = []
    for result in comparison.results:
        shown = figures.get(result.offer_id, {})
        for key in EQUAL_CAPACITY_KEYS:
            expected = result.equal_capacity[key]
            if not agrees(expected, shown.get(key)):
                problems.append(f"{result.offer_id}.{key}: expected {expected!r}, got {shown.get(key)!r}")
    return problems


def close(x: float, y: float) -> bool:
    """The contract's tolerance: |x - y| <= 1e-9 * max(|x|, |y|) + 1e-6."""
    return abs(x - y) <= 1e-9 * max(abs(x), abs(y)) + 1e-6


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def agrees(expected: float | None, got: object) -> bool:
    """A cell shows the engine's figure: a number within the tolerance, or empty where the figure is null."""
    if expected is None:
        return got in (None, "")
    return _number(got) and close(float(got), expected)  # type: ignore[arg-type]


def mismatches(figures: Figures, comparison: Comparison) -> list[str]:
    """Where the workbook's figures differ from the engine's (a null metric must read as an empty cell)."""
    problems = []
    for result in comparison.results:
        shown = figures.get(result.offer_id)
        if shown is None:
            problems.append(f"{result.offer_id}: no column on the Summary")
            continue
        for key in METRIC_KEYS:
            if not agrees(result.metrics[key], shown[key]):
                problems.append(f"{result.offer_id}.{key}: expected {result.metrics[key]!r}, got {shown[key]!r}")
    return problems


def is_error(value: object) -> bool:
    """A cell showing an error value (#N/A, #VALUE!), as openpyxl reads it back."""
    return isinstance(value, str) and value.startswith("#")


def _same(cached: object, recalculated: object) -> bool:
    if cached in (None, "") or recalculated in (None, ""):
        return cached in (None, "") and recalculated in (None, "")
    if _number(cached) and _number(recalculated):
        return close(float(cached), float(recalculated))  # type: ignore[arg-type]
    return cached == recalculated


def cached_differences(exported: Path, recalculated: Path, skip: tuple[str, ...] = ()) -> list[str]:
    """Formula cells whose cached result in ``exported`` differs from LibreOffice's result in ``recalculated``."""
    formulas = load_workbook(exported)
    cached = load_workbook(exported, data_only=True)
    computed = load_workbook(recalculated, data_only=True)
    differences = []
    for sheet in formulas.worksheets:
        if sheet.title in skip:
            continue
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type != "f":
                    continue
                value = cached[sheet.title][cell.coordinate].value
                if value is None:
                    continue  # no cached result stored for this cell
                result = computed[sheet.title][cell.coordinate].value
                if not _same(value, result):
                    differences.append(f"{sheet.title}!{cell.coordinate}: cached {value!r}, recalculated {result!r}")
    return differences


# --- deals that cover every convention ------------------------------------------------------------------------

HOSTILE_NAMES = ('=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\tx", "\rx", "=1+1", "#N/A")


def sample_deal() -> Deal:
    return load_deal(sample_deal_path())


def _power(price: float = 0.09, escalator: float = 0.03) -> dict[str, object]:
    return {"included": False, "kw_per_gpu": 1.5, "pue": 1.25, "price_per_kwh": price, "escalator": escalator}


def _exit(lock_in: int, days: float, fee: float = 0.0) -> dict[str, object]:
    return {"allowed": True, "lock_in_months": lock_in, "notice_days": days, "termination_fee": fee}


def _build(offer_id: str, **overrides: object) -> dict[str, object]:
    terms: dict[str, object] = {
        "gpus": 90, "gpu_capex": 40000, "kw_per_gpu": 1.8, "pue": 1.3, "facility_capex_per_mw": 11e6,
        "build_months": 7, "electricity_price_per_kwh": 0.07, "power_escalator": 0.025, "staff_per_month": 30000,
        "maintenance_pct": 0.04, "it_life_years": 5, "facility_life_years": 18, "availability": 0.96,
    }  # fmt: skip
    terms.update(overrides)
    return self_build(offer_id, **terms)


def long_lease_baseline_deal() -> Deal:
    """600 months in arrears at a nominal rate, a lease as the baseline, a lease running past the horizon."""
    return build_deal(
        lease(
            "anchor", gpus=1000, term_months=600, monthly_fee=2.5e6, escalator=0.015, power=_power(),
            lessee_exit=_exit(24, 180, 5e6), provider_exit=_exit(60, 365),
        ),
        lease(
            "ramped", gpus=800, start=month_start(6), term_months=120, monthly_fee=2.2e6, escalator=0.03,
            fee_basis="delivered", ramp=[{"month": 0, "gpus": 200}, {"month": 12, "gpus": 800}], deposit=4e6,
            upfront_fee=1e6, lessee_exit=_exit(36, 90, 2e6),
        ),
        lease("tail", start=month_start(560), term_months=84, monthly_fee=1e6, deposit=1e6, lessee_exit=_exit(6, 60)),
        _build("build", gpus=1000, start=month_start(2), build_months=10, bridge_price_per_gpu_hour=2.4),
        baseline="anchor", horizon_months=600, discount_rate=0.09, rate_convention="nominal",
        payment_timing="arrears",
    )  # fmt: skip


def arrears_nominal_deal() -> Deal:
    """Arrears, a nominal rate, ramps under both fee bases, deposits, a bridge, a lease past the horizon."""
    return build_deal(
        lease(
            "ramp_committed", gpus=100, start=month_start(2), term_months=30, monthly_fee=250000, escalator=0.04,
            fee_basis="committed", ramp=[{"month": 0, "gpus": 20}, {"month": 3, "gpus": 60}, {"month": 6, "gpus": 100}],
            upfront_fee=50000, deposit=300000, availability=0.97, power=_power(),
            lessee_exit=_exit(4, 45, 120000), provider_exit=_exit(6, 120),
        ),
        lease(
            "ramp_delivered", gpus=80, term_months=18, monthly_fee=180000, escalator=0.05, fee_basis="delivered",
            ramp=[{"month": 1, "gpus": 40}, {"month": 4, "gpus": 0}, {"month": 5, "gpus": 80}], deposit=100000,
            power=_power(0.11, 0.0), lessee_exit=_exit(18, 30),
        ),
        _build("bridge_build", start=month_start(1), bridge_price_per_gpu_hour=2.1),
        baseline="bridge_build", horizon_months=24, discount_rate=0.08, rate_convention="nominal",
        payment_timing="arrears", hours_per_month=720,
    )  # fmt: skip


def market_deal() -> Deal:
    """A market with every key given (required GPUs above every offer, a rising price), in arrears."""
    offers = arrears_nominal_deal()
    market = {
        "price_per_gpu_hour": 2.2, "annual_change": 0.05, "volatility": 0.3, "required_gpus": 120,
        "lessee_switching_cost": 40000, "provider_relet_cost": 25000,
    }  # fmt: skip
    read = read_market(market)
    assert isinstance(read, MarketAssumptions), read
    return dataclasses.replace(offers, assumptions=dataclasses.replace(offers.assumptions, market=read))


def edges_deal() -> Deal:
    """Offers at and after the horizon, a go-live after it, a zero-length build, no exit, zero notice."""
    return build_deal(
        lease("after_horizon", start=month_start(40), term_months=12, lessee_exit=_exit(2, 30)),
        lease("at_horizon", start=month_start(36), term_months=6, deposit=500, upfront_fee=200),
        lease(
            "no_exit", start=month_start(3), term_months=20, monthly_fee=5000, escalator=0.1, deposit=2000,
            power=_power(0.08, 0.0),
        ),
        lease(
            "zero_notice", term_months=36, monthly_fee=4000, lessee_exit=_exit(0, 0, 7000),
            provider_exit=_exit(12, 61),
        ),
        _build("late_build", start=month_start(30), build_months=12),
        _build("instant_build", build_months=0, gpus=10),
        baseline="instant_build", horizon_months=36, discount_rate=0.12,
    )  # fmt: skip


def lease_baseline_deal() -> Deal:
    """A lease as the baseline; a lease with no GPU-hours in the horizon; a self-build beside them."""
    return build_deal(
        lease("base", term_months=18, monthly_fee=2000),
        lease(
            "other", start=month_start(1), term_months=24, monthly_fee=1500, lessee_exit=_exit(6, 90, 1000),
            ramp=[{"month": 0, "gpus": 5}, {"month": 2, "gpus": 10}],
        ),
        lease("late", start=month_start(20), term_months=6),
        _build("build", build_months=3, gpus=10),
        baseline="base", horizon_months=18, discount_rate=0.05, payment_timing="arrears", hours_per_month=700,
    )  # fmt: skip


def no_baseline_deal() -> Deal:
    """Leases only: no baseline, so no break-even fee; no discounting."""
    return build_deal(
        lease("a", term_months=12, monthly_fee=1200, lessee_exit=_exit(1, 10)),
        lease("b", start=month_start(2), term_months=6, monthly_fee=900, availability=0.5),
        horizon_months=12,
    )


def hostile_deal() -> Deal:
    """Offer names, ids and notes that a careless export would turn into formulas or invalid sheet names."""
    awkward = ("Summary", "summary", "L" * 40, "L" * 40, "[a]:b*c?d/e\\f", "'quoted'", "History", "O'Brien")
    names = [*HOSTILE_NAMES, *awkward]
    offers = [lease(f"lease{i}", name=name, provider=name, site=name, notes=name) for i, name in enumerate(names)]
    offers.append(lease("=id()", name=""))
    offers.append(_build("+build", name="=SUM(1)", provider="@x", gpu_model="-gpu"))
    data = deal_data(*offers, name='=HYPERLINK("http://x")', horizon_months=6)
    data["notes"] = "=1+1"
    data["currency"] = 'E"U\\R'
    return read_deal(data)


def scenario_deals() -> dict[str, Deal]:
    return {
        "sample": sample_deal(),
        "arrears_nominal": arrears_nominal_deal(),
        "edges": edges_deal(),
        "lease_baseline": lease_baseline_deal(),
        "no_baseline": no_baseline_deal(),
        "hostile": hostile_deal(),
        "long_lease_baseline": long_lease_baseline_deal(),
        "market": market_deal(),
    }
