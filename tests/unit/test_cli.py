"""The command line (DESIGN.md 4), run as a real process: ``python -m leasedesk ...``.

A bad file or bad arguments: exactly one line on stderr naming the file, the field and the problem, exit
status 2, no traceback. ``compare`` prints the table or the JSON of DESIGN.md 4 and imports neither Qt
nor openpyxl.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from deal_builders import deal_data, lease, self_build, to_bytes

from leasedesk import __version__
from leasedesk.resources import sample_deal_path

SAMPLE = str(sample_deal_path())
SAMPLE_TEXT = sample_deal_path().read_text(encoding="utf-8")

# DESIGN.md 2, the metrics table, in its order
DESIGN_METRIC_KEYS = [
    "total_cost",
    "pv_cost",
    "gpu_hours",
    "cost_per_gpu_hour",
    "effective_monthly_cost",
    "min_commitment",
    "min_commitment_pv",
    "secured_months",
    "first_capacity_month",
    "breakeven_fee",
]
# DESIGN.md 7 and 8.5: the market view's keys, after the v1 ones
DESIGN_MARKET_KEYS = [
    "gap_cost_pv",
    "equal_capacity_pv",
    "equal_capacity_per_gpu_hour",
    "term_cost_pv",
    "market_cost_pv",
    "market_value_pv",
    "provider_revenue_pv",
    "expected_term_months",
    "lessee_exit_value",
    "provider_exit_cost",
    "contract_savings_pv",
]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "leasedesk", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        check=False,
    )


def assert_one_line_usage_error(done: subprocess.CompletedProcess[str], *expected: str) -> str:
    """Exit status 2, nothing on stdout, exactly one line on stderr holding every expected text, no traceback."""
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    for text in expected:
        assert text in lines[0], (text, lines[0])
    assert done.stdout == ""
    return lines[0]


def sample_with(old: str, new: str) -> bytes:
    text = SAMPLE_TEXT.replace(old, new, 1)
    assert text != SAMPLE_TEXT, old
    return text.encode()


def sample_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SAMPLE_TEXT)
    return data


def sample_changed(change: Any) -> bytes:
    data = sample_data()
    change(data)
    return to_bytes(data)


# (case, file content, texts the one stderr line must hold besides the file name)
BAD_FILES: list[tuple[str, bytes, tuple[str, ...]]] = [
    ("empty file", b"", ("empty",)),
    ("truncated", SAMPLE_TEXT[:500].encode(), ("not valid JSON",)),
    ("not JSON", b"hello, world", ("not valid JSON",)),
    ("not UTF-8", b"\x89PNG\r\n\x1a\n", ("UTF-8",)),
    ("100000 levels of [", b"[" * 100_000, ("nested",)),
    ("wrong format", b'{"format": "something-else", "schema_version": 1}', ("format",)),
    ("newer schema", sample_with('"schema_version": 1', '"schema_version": 7'), ("newer", "schema_version 7")),
    ("NaN", sample_with('"monthly_fee": 150000000', '"monthly_fee": NaN'), ("offers[memphis].monthly_fee",)),
    ("1e999", sample_with('"monthly_fee": 150000000', '"monthly_fee": 1e999'), ("offers[memphis].monthly_fee",)),
    ("wrong type", sample_with('"gpus": 60000', '"gpus": "many"'), ("offers[memphis].gpus", "whole number")),
    ("zero gpus", sample_with('"gpus": 60000', '"gpus": 0'), ("offers[memphis].gpus",)),
    ("negative gpus", sample_with('"gpus": 60000', '"gpus": -60000'), ("offers[memphis].gpus",)),
    ("zero term", sample_with('"term_months": 42', '"term_months": 0'), ("offers[memphis].term_months",)),
    (
        "impossible date",
        sample_with('"start": "2026-10-01"', '"start": "2026-02-30"'),
        ("offers[hyperscaler].start", "2026-02-30"),
    ),
    (
        "start not on the first",
        sample_with('"start": "2026-10-01"', '"start": "2026-10-15"'),
        ("offers[hyperscaler].start", "first of a month"),
    ),
    (
        "start before the analysis",
        sample_with('"start": "2026-10-01"', '"start": "2026-01-01"'),
        ("offers[hyperscaler].start", "analysis start"),
    ),
    ("unknown kind", sample_with('"kind": "self_build"', '"kind": "colo"'), ("offers[build].kind", "colo")),
    ("duplicate ids", sample_with('"id": "hyperscaler"', '"id": "memphis"'), ("offers[1].id", "memphis")),
    ("baseline names no offer", sample_with('"baseline": "build"', '"baseline": "bild"'), ("baseline", "bild")),
    (
        "ramp above committed gpus",
        sample_with('{"month": 4, "gpus": 60000}', '{"month": 4, "gpus": 70000}'),
        ("offers[hyperscaler].ramp[2].gpus", "60000"),
    ),
    (
        "negative notice",
        sample_with('"notice_days": 180', '"notice_days": -180'),
        ("offers[hyperscaler].lessee_exit.notice_days",),
    ),
    (
        "horizon over 600",
        sample_with('"horizon_months": 42', '"horizon_months": 601'),
        ("assumptions.horizon_months", "600"),
    ),
    (
        "missing required field",
        sample_changed(lambda d: d["offers"][0].pop("monthly_fee")),
        ("offers[memphis].monthly_fee", "required"),
    ),
    ("offers not a list", sample_changed(lambda d: d.update(offers="none")), ("offers", "list")),
    (
        "market price of 0",
        sample_changed(lambda d: d["assumptions"].update(market={"price_per_gpu_hour": 0})),
        ("assumptions.market.price_per_gpu_hour", "> 0"),
    ),
    (
        "market volatility too low for its drift",
        sample_changed(
            lambda d: d["assumptions"].update(
                market={"price_per_gpu_hour": 4, "annual_change": -0.25, "volatility": 0.01}
            )
        ),
        ("assumptions.market.volatility", "too low"),
    ),
]


@pytest.mark.parametrize(("content", "expected"), [c[1:] for c in BAD_FILES], ids=[c[0] for c in BAD_FILES])
def test_bad_file_gives_one_line_naming_file_and_field_and_exit_2(
    tmp_path: Path, content: bytes, expected: tuple[str, ...]
) -> None:
    path = tmp_path / "bad.leasedeal"
    path.write_bytes(content)
    assert_one_line_usage_error(run("compare", str(path)), str(path), *expected)


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.leasedeal"
    assert_one_line_usage_error(run("compare", str(path)), str(path), "no such file")


def test_folder(tmp_path: Path) -> None:
    assert_one_line_usage_error(run("compare", str(tmp_path)), str(tmp_path), "folder")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs a POSIX /dev/zero")
def test_endless_device_is_refused_in_one_line() -> None:
    # /dev/zero is not a folder and stats as 0 bytes, but reading it never ends. The child runs with a 1 GB address
    # space limit so that a reader without a bound fails fast (MemoryError) instead of eating the machine's memory.
    import resource

    def limit_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))

    done = subprocess.run(
        [sys.executable, "-m", "leasedesk", "compare", "/dev/zero"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        preexec_fn=limit_memory,
    )
    assert_one_line_usage_error(done, "/dev/zero")


def test_export_of_a_bad_file_is_the_same_one_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.leasedeal"
    path.write_bytes(b"{")
    assert_one_line_usage_error(run("export", str(path), "-o", str(tmp_path / "out.xlsx")), str(path))


@pytest.mark.parametrize(
    "args",
    [
        ("compare",),
        ("compare", SAMPLE, "extra"),
        ("compare", SAMPLE, "--csv"),
        ("export", SAMPLE),
        ("--no-such-option",),
    ],
    ids=["compare without file", "two files", "unknown option", "export without -o", "unknown top-level option"],
)
def test_bad_arguments_give_one_line_and_exit_2(args: tuple[str, ...]) -> None:
    assert_one_line_usage_error(run(*args))


def test_export_to_a_missing_folder_exits_2_with_one_line(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "folder" / "deal.xlsx"
    line = assert_one_line_usage_error(run("export", SAMPLE, "-o", str(target)), str(target), "does not exist")
    assert not target.parent.exists()
    assert line.startswith("leasedesk: ")


def test_export_to_a_file_name_too_long_for_the_system_exits_2_with_one_line(tmp_path: Path) -> None:
    target = tmp_path / ("x" * 300 + ".xlsx")
    line = assert_one_line_usage_error(run("export", SAMPLE, "-o", str(target)), str(tmp_path), "too long")
    assert len(line) < 250  # the name is shortened, like any long value
    assert list(tmp_path.iterdir()) == []


def test_export_into_a_folder_that_cannot_be_entered_exits_2_with_one_line(tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    code = (
        "import errno, os, sys\n"
        "from leasedesk.cli import main\n"
        "real_stat = os.stat\n"
        "def stat(path, *args, **kwargs):\n"  # what a folder without search permission gives (not to root)
        f"    if str(path).startswith({str(locked)!r} + os.sep):\n"
        "        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))\n"
        "    return real_stat(path, *args, **kwargs)\n"
        "os.stat = stat\n"
        f"sys.exit(main(['export', {SAMPLE!r}, '-o', {str(locked / 'sub' / 'out.xlsx')!r}]))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert_one_line_usage_error(done, str(locked / "sub" / "out.xlsx"), "ermission denied")


@pytest.mark.parametrize("args", [("compare", SAMPLE, "--json"), ("compare", SAMPLE)], ids=["json", "table"])
def test_compare_into_a_closed_pipe_exits_quietly(args: tuple[str, ...]) -> None:
    """``leasedesk compare --json | head -1``: the reader is gone before the output is written."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run([sys.executable, "-m", "leasedesk", *args], stdout=write_end, stderr=subprocess.PIPE,
                              text=True, timeout=120, check=False)
    finally:
        os.close(write_end)
    assert done.stderr == ""
    assert done.returncode == 1


def test_an_error_line_shows_at_most_about_80_characters_of_a_bad_value(tmp_path: Path) -> None:
    data = sample_data()
    data["offers"][0].update(id="b" * 150, gpus=-1)  # within the id limit of 200, beyond the 80 shown
    data["baseline"] = None
    path = tmp_path / "long-id.leasedeal"
    path.write_bytes(to_bytes(data))
    line = assert_one_line_usage_error(run("compare", str(path)), str(path), ".gpus: must be a whole number")
    assert "b" * 80 + "…" in line
    assert len(line) < len(str(path)) + 200


# --- compare ---------------------------------------------------------------------------------------------------------


def test_version() -> None:
    done = run("--version")
    assert done.returncode == 0
    assert done.stdout.strip() == f"leasedesk {__version__}"


def test_compare_table_shows_offer_names_and_formatted_figures() -> None:
    done = run("compare", SAMPLE)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    out = done.stdout
    for name in ("Memphis lease", "Hyperscaler 3-year", "Build in Memphis"):
        assert name in out
    assert "[baseline]" in out
    assert "$150.0M" in out  # the Memphis monthly fee
    assert "$3.42/GPU-h" in out  # its implied price: 150,000,000 / (60,000 x 730) = 3.4247
    assert "$893.5M" in out  # its minimum commitment: 5.957 months of $150M
    assert "5.96 months" in out  # its secured months
    assert "either side, 90 days' notice after month 3, no fee" in out
    for label in ("Present value of cost", "Levelized cost per GPU-hour", "Break-even monthly fee"):
        assert label in out


def test_compare_table_uses_the_deals_currency(tmp_path: Path) -> None:
    data = json.loads(SAMPLE_TEXT)
    data["currency"] = "EUR"
    path = tmp_path / "eur.leasedeal"
    path.write_bytes(to_bytes(data))
    done = run("compare", str(path))
    assert done.returncode == 0, done.stderr
    assert "€150.0M" in done.stdout
    assert "$" not in done.stdout


def compare_json(path: str) -> dict[str, Any]:
    done = run("compare", path, "--json")
    assert done.returncode == 0, done.stderr
    data: dict[str, Any] = json.loads(done.stdout)
    return data


def assert_finite_or_null(data: dict[str, Any]) -> None:
    for offer in data["offers"]:
        for key, value in offer["metrics"].items():
            assert value is None or (isinstance(value, (int, float)) and math.isfinite(value)), (key, value)


def test_compare_json_has_the_keys_of_design() -> None:
    data = compare_json(SAMPLE)
    assert list(data) == ["name", "currency", "baseline", "offers"]
    assert data["name"] == "Memphis capacity, 2026"
    assert data["currency"] == "USD"
    assert data["baseline"] == "build"
    assert [o["id"] for o in data["offers"]] == ["memphis", "hyperscaler", "build"]  # file order
    assert [o["kind"] for o in data["offers"]] == ["lease", "lease", "self_build"]
    assert [o["name"] for o in data["offers"]] == ["Memphis lease", "Hyperscaler 3-year", "Build in Memphis"]
    for offer in data["offers"]:
        walk_away = ["walk_away"] if offer["kind"] == "lease" else []  # the sample has a market
        assert list(offer) == ["id", "name", "kind", "metrics", *walk_away]
        assert list(offer["metrics"]) == DESIGN_METRIC_KEYS + DESIGN_MARKET_KEYS
    assert_finite_or_null(data)


def test_compare_json_of_the_sample_has_the_market_figures_and_each_leases_walk_away_prices() -> None:
    offers = {offer["id"]: offer for offer in compare_json(SAMPLE)["offers"]}
    for lease_id, term in (("memphis", 42), ("hyperscaler", 36)):
        metrics = offers[lease_id]["metrics"]
        assert all(isinstance(metrics[key], (int, float)) for key in DESIGN_MARKET_KEYS), lease_id
        rows = offers[lease_id]["walk_away"]
        assert [row["month"] for row in rows] == list(range(term))
        for row in rows:
            assert list(row) == ["month", "lessee_below", "provider_above"]
            for key in ("lessee_below", "provider_above"):
                assert row[key] is None or (isinstance(row[key], float) and math.isfinite(row[key]) and row[key] > 0)
    memphis, hyperscaler = offers["memphis"], offers["hyperscaler"]
    # Memphis: either side after month 3 with 90 days' notice; nobody may give notice before month 3, nor once the
    # notice would run past the end (39 + 2.957 < 42 <= 40 + 2.957).
    assert all(row["lessee_below"] is None and row["provider_above"] is None for row in memphis["walk_away"][:3])
    assert all(row["lessee_below"] is None and row["provider_above"] is None for row in memphis["walk_away"][40:])
    # Hyperscaler: the lessee only, from month 18 with 180 days' notice (5.914 months: the last month is 30).
    assert all(row["provider_above"] is None for row in hyperscaler["walk_away"])
    assert all(row["lessee_below"] is None for row in hyperscaler["walk_away"][:18] + hyperscaler["walk_away"][31:])
    assert hyperscaler["metrics"]["provider_exit_cost"] == 0
    # Held to term, each lease costs its pv_cost: both terms end inside the 42-month horizon, the hyperscaler's
    # deposit coming back in its month 36 (analysis month 39).
    for offer in (memphis, hyperscaler):
        assert offer["metrics"]["term_cost_pv"] == pytest.approx(offer["metrics"]["pv_cost"], rel=1e-12)
    # Memphis delivers 99% of the 60,000 GPUs required: 1% of 43.8M GPU-hours a month, 438,000, is bought at
    # 4.50 * 0.75^(t/12) and discounted by 1.1^(-t/12) over the 42 months.
    ratio = (0.75 / 1.1) ** (1 / 12)
    gap = 438_000 * 4.50 * sum(ratio**t for t in range(42))
    assert memphis["metrics"]["gap_cost_pv"] == pytest.approx(gap, rel=1e-12)
    # The hyperscaler's GPU-hours bought at the market instead, in calendar months 3 + j: its ramp delivers 20,000,
    # 40,000 and then 60,000 GPUs at availability 0.995.
    ramp = [20_000] * 2 + [40_000] * 2 + [60_000] * 32
    at_market = sum(g * 730 * 0.995 * 4.50 * (0.75 / 1.1) ** ((3 + j) / 12) for j, g in enumerate(ramp))
    assert hyperscaler["metrics"]["market_cost_pv"] == pytest.approx(at_market, rel=1e-12)
    # The same capacity for all three: 60,000 GPUs, the largest offer, so the build buys its 12-month lead time.
    build = offers["build"]
    assert "walk_away" not in build
    assert build["metrics"]["gap_cost_pv"] > memphis["metrics"]["gap_cost_pv"] > 0
    assert all(build["metrics"][key] is None for key in DESIGN_MARKET_KEYS[3:])


def test_compare_json_without_a_market_has_every_market_key_null_and_no_walk_away(tmp_path: Path) -> None:
    path = tmp_path / "plain.leasedeal"
    path.write_bytes(to_bytes(deal_data(lease("a"), self_build("b"))))
    data = compare_json(str(path))
    for offer in data["offers"]:
        assert list(offer) == ["id", "name", "kind", "metrics"]
        assert list(offer["metrics"]) == DESIGN_METRIC_KEYS + DESIGN_MARKET_KEYS
        assert all(offer["metrics"][key] is None for key in DESIGN_MARKET_KEYS)
        assert all(offer["metrics"][key] is not None for key in ("pv_cost", "gpu_hours"))


def test_compare_json_figures_of_the_memphis_lease() -> None:
    memphis = compare_json(SAMPLE)["offers"][0]["metrics"]
    assert memphis["total_cost"] == pytest.approx(42 * 150_000_000)
    assert memphis["gpu_hours"] == pytest.approx(42 * 60_000 * 730 * 0.99)
    assert memphis["min_commitment"] == pytest.approx((3 + 90 / 30.4375) * 150_000_000)
    assert memphis["secured_months"] == pytest.approx(3 + 90 / 30.4375)
    assert memphis["first_capacity_month"] == 0
    assert memphis["effective_monthly_cost"] == pytest.approx(150_000_000)


def test_compare_json_baseline_null_and_nulls_for_missing_metrics(tmp_path: Path) -> None:
    path = tmp_path / "leases.leasedeal"
    path.write_bytes(to_bytes(deal_data(lease("a"), lease("late", start="2027-01-01"))))
    data = compare_json(str(path))
    assert data["baseline"] is None
    late = data["offers"][1]["metrics"]
    assert late["cost_per_gpu_hour"] is None
    assert late["first_capacity_month"] is None
    assert late["breakeven_fee"] is None
    assert_finite_or_null(data)


def test_compare_a_deal_with_no_offers(tmp_path: Path) -> None:
    path = tmp_path / "new.leasedeal"
    path.write_bytes(to_bytes(deal_data()))
    assert compare_json(str(path))["offers"] == []
    done = run("compare", str(path))
    assert done.returncode == 0 and "no offers" in done.stdout


def test_compare_of_an_extreme_but_valid_deal_prints_json_and_nothing_on_stderr(tmp_path: Path) -> None:
    # escalators only need to be > -1: a 1e300 escalator overflows; the figures must come out null, quietly
    path = tmp_path / "extreme.leasedeal"
    path.write_bytes(
        to_bytes(deal_data(lease("l", escalator=1e300, term_months=36), self_build("b"), horizon_months=36))
    )
    done = run("compare", str(path), "--json")
    assert done.returncode == 0
    assert_finite_or_null(json.loads(done.stdout))
    assert done.stderr == ""


def test_compare_imports_neither_qt_nor_openpyxl() -> None:
    code = (
        "import sys\n"
        "from leasedesk.cli import main\n"
        f"assert main(['compare', {SAMPLE!r}]) == 0\n"
        f"assert main(['compare', {SAMPLE!r}, '--json']) == 0\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'openpyxl', 'shiboken6'))\n"
        "assert not bad, bad\n"
        "assert 'leasedesk.ui' not in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr


def test_export_imports_no_qt(tmp_path: Path) -> None:
    # Only the imports are checked here: whether the workbook is right is for the excel tests, so a failing
    # export does not hide the answer.
    code = (
        "import sys\n"
        "from leasedesk.cli import main\n"
        "try:\n"
        f"    main(['export', {SAMPLE!r}, '-o', {str(tmp_path / 'out.xlsx')!r}])\n"
        "except Exception as error:\n"
        "    print('export failed:', error, file=sys.stderr)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "assert not bad, bad\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr


# --- the market view (DESIGN.md 7, 8.5) ------------------------------------------------------------------------------

MARKET_LABELS = [
    "Gap bought at market (PV)",
    "Equal-capacity cost (PV)",
    "Equal-capacity cost per GPU-hour",
    "Lease held to term (PV)",
    "Same capacity at market (PV)",
    "Expected lease cost with exits (PV)",
    "Provider's expected revenue (PV)",
    "Expected term",
    "Value of your exit right",
    "Cost of the provider's exit right",
    "Savings against the market (PV)",
]


def small_market_deal(tmp_path: Path, market: dict[str, Any] | None) -> str:
    """A lease of 10 GPUs for months 1-4 at 1,000 a month and a build of 20 GPUs online from month 2 with 3,000
    of staff a month, over 6 months without discounting."""
    extra: dict[str, Any] = {} if market is None else {"market": market}
    data = deal_data(
        lease("lease", start="2026-02-01", lessee_exit={"allowed": True, "lock_in_months": 1, "notice_days": 30}),
        self_build("build", gpus=20, build_months=2, staff_per_month=3000),
        **extra,
    )
    path = tmp_path / "small.leasedeal"
    path.write_bytes(to_bytes(data))
    return str(path)


def test_compare_table_has_no_market_view_without_a_market(tmp_path: Path) -> None:
    done = run("compare", small_market_deal(tmp_path, None))
    assert done.returncode == 0, done.stderr
    assert "Market view" not in done.stdout
    assert "at the market" not in done.stdout
    assert not any(label in done.stdout for label in MARKET_LABELS)


def test_compare_table_shows_the_market_view_block_with_a_market(tmp_path: Path) -> None:
    done = run("compare", small_market_deal(tmp_path, {"price_per_gpu_hour": 0.5, "volatility": 0.3}))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    start = lines.index("Market view")
    rows = {line[:36].strip(): line[36:].split() for line in lines[start + 1 : start + 13]}
    assert list(rows) == [*MARKET_LABELS, "Rank"]
    # By hand (Q = 20 GPUs, 14,600 GPU-hours a month, price 0.5): the lease's gap 58,400 GPU-hours costs 29,200,
    # so 33,200 for the same capacity, $0.38 per required GPU-hour (33,200 / 87,600); the build's 29,200 cost
    # 14,600, so 26,600, $0.30. The build ranks first, and is marked best.
    assert rows["Equal-capacity cost (PV)"] == ["$33.2K", "$26.6K", "*"]
    assert rows["Equal-capacity cost per GPU-hour"] == ["$0.38/GPU-h", "$0.30/GPU-h", "*"]
    assert rows["Rank"] == ["2", "1"]
    assert rows["Lease held to term (PV)"] == ["$4.0K", "—"]  # 4 months of 1,000; a build has no lattice figures
    assert "Market view: comparable capacity at $0.50/GPU-h" in done.stdout
    assert "20 GPUs required every month (the largest offer)" in done.stdout
    assert "    at the market: You may leave from month 1" in done.stdout


def test_compare_of_an_extreme_but_valid_market_prints_finite_or_null_and_nothing_on_stderr(tmp_path: Path) -> None:
    # A volatility whose up factor overflows, an absurd drift, price and switching costs: no traceback, no NaN.
    market = {
        "price_per_gpu_hour": 1e300,
        "annual_change": 1e300,
        "volatility": 1e6,
        "lessee_switching_cost": 1e308,
        "provider_relet_cost": 1e308,
    }
    exits = {"allowed": True, "lock_in_months": 1, "notice_days": 30}
    path = tmp_path / "extreme-market.leasedeal"
    path.write_bytes(
        to_bytes(deal_data(lease("l", lessee_exit=exits, provider_exit=exits), self_build("b"), market=market))
    )
    for extra in ([], ["--json"]):
        done = run("compare", str(path), *extra)
        assert done.returncode == 0, done.stderr
        assert done.stderr == ""
    data = json.loads(done.stdout)
    assert_finite_or_null(data)
    for row in data["offers"][0]["walk_away"]:
        assert all(v is None or math.isfinite(v) for v in row.values())


# --- help and typos ------------------------------------------------------------------------------------------------


def test_help_lists_every_command_with_one_line_each() -> None:
    done = run("--help")
    assert done.returncode == 0
    for command in ("compare", "export", "bridge", "term-values", "solve", "sensitivity", "import"):
        lines = [line for line in done.stdout.splitlines() if line.strip().startswith(f"leasedesk {command} ")]
        assert len(lines) == 1, (command, done.stdout)


@pytest.mark.parametrize(("typed", "nearest"), [("comapre", "compare"), ("exprot", "export"), ("brige", "bridge")])
def test_a_word_close_to_a_command_names_the_command(typed: str, nearest: str, tmp_path: Path) -> None:
    assert_one_line_usage_error(
        run(typed, "deal.leasedeal", cwd=tmp_path), f"unknown command '{typed}'; did you mean '{nearest}'?"
    )


def test_an_existing_file_named_like_a_command_is_opened_not_corrected(tmp_path: Path) -> None:
    (tmp_path / "comapre").write_text("not a deal", encoding="utf-8")
    done = run("comapre", cwd=tmp_path)
    assert "did you mean" not in done.stderr
    assert done.returncode == 2 and "comapre" in done.stderr


def test_a_word_far_from_every_command_is_a_missing_file(tmp_path: Path) -> None:
    assert_one_line_usage_error(run("memphis-2027.leasedeal", cwd=tmp_path), "memphis-2027.leasedeal", "no such file")


@pytest.mark.parametrize("output", ["deal.xls", "deal.xlsm", "deal", "deal.xlsx.bak"])
def test_export_refuses_an_output_that_is_not_an_xlsx_workbook(output: str, tmp_path: Path) -> None:
    assert_one_line_usage_error(
        run("export", str(sample_deal_path()), "-o", str(tmp_path / output)), "must be an .xlsx workbook"
    )
    assert not (tmp_path / output).exists()
