"""The command line (DESIGN.md 4), run as a real process: ``python -m leasedesk ...``.

A bad file or bad arguments: exactly one line on stderr naming the file, the field and the problem, exit
status 2, no traceback. ``compare`` prints the table or the JSON of DESIGN.md 4 and imports neither Qt
nor openpyxl.
"""

from __future__ import annotations

import json
import math
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
        assert list(offer) == ["id", "name", "kind", "metrics"]
        assert list(offer["metrics"]) == DESIGN_METRIC_KEYS
    assert_finite_or_null(data)


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
