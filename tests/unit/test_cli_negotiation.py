"""The negotiation commands (DESIGN.md 8.5): JSON shapes, tables, and one line on stderr with exit 2 for a bad request.

Run in-process through ``leasedesk.cli.main`` (quick); one subprocess checks that they import no Qt and no openpyxl.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from deal_builders import deal_data, lease, self_build, to_bytes
from negotiation_support import sample_data

from leasedesk.cli import main
from leasedesk.core.comparison import compare
from leasedesk.files import load_deal

SAMPLE = "{sample}"  # replaced by the path of the sample without its market view (fixture ``sample``)


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("sample") / "sample.leasedeal"
    path.write_bytes(to_bytes(sample_data()))
    return str(path)


def with_sample(args: list[str], sample: str) -> list[str]:
    return [sample if arg == SAMPLE else arg for arg in args]


def sample_with_a_round(tmp_path: Path) -> str:
    """The sample, its hyperscaler offer with a recorded round at a higher fee and a shorter lock-in."""
    data = sample_data()
    offer = next(o for o in data["offers"] if o["id"] == "hyperscaler")
    terms = {k: v for k, v in offer.items() if k not in ("id", "revisions")}
    terms["monthly_fee"] = 135_000_000
    terms["lessee_exit"] = dict(terms["lessee_exit"], lock_in_months=12)
    offer["revisions"] = [{"label": "Provider ask 1", "side": "provider", "time": "2026-11-01T00:00:00Z",
                           "terms": terms}]
    path = tmp_path / "rounds.leasedeal"
    path.write_bytes(to_bytes(data))
    return str(path)


def write(tmp_path: Path, *offers: dict[str, Any], **kwargs: Any) -> str:
    path = tmp_path / "deal.leasedeal"
    path.write_bytes(to_bytes(deal_data(*offers, **kwargs)))
    return str(path)


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    assert main([*args, "--json"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return json.loads(out)


def assert_usage_error(capsys: pytest.CaptureFixture[str], args: list[str], *expected: str) -> None:
    assert main(args) == 2
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("leasedesk: ")
    for text in expected:
        assert text in lines[0], (text, lines[0])


def test_bridge_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = sample_with_a_round(tmp_path)
    data = run_json(capsys, "bridge", path, "hyperscaler")
    assert list(data) == ["offer", "from", "metrics"]
    assert data["offer"] == "hyperscaler" and data["from"] == "Provider ask 1"
    assert list(data["metrics"]) == ["pv_cost", "cost_per_gpu_hour", "min_commitment_pv"]
    now = compare(load_deal(Path(path))).result("hyperscaler").metrics
    for key, entry in data["metrics"].items():
        assert list(entry) == ["before", "after", "clauses"]
        assert list(entry["clauses"]) == ["fee", "lessee_exit"]
        assert entry["after"] == pytest.approx(now[key], rel=1e-12)
        assert sum(entry["clauses"].values()) == pytest.approx(entry["after"] - entry["before"], rel=1e-9)
    assert data["metrics"]["pv_cost"]["clauses"]["lessee_exit"] == 0


def test_bridge_from_another_offer_and_table(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = sample_with_a_round(tmp_path)
    data = run_json(capsys, "bridge", path, "hyperscaler", "--from", "memphis")
    assert data["from"] == "memphis"
    assert "term" in data["metrics"]["pv_cost"]["clauses"]
    assert main(["bridge", path, "hyperscaler"]) == 0
    out = capsys.readouterr().out
    assert "Provider ask 1" in out and "Shapley" in out and "fee" in out and "Before" in out


def test_term_values_json_and_table(capsys: pytest.CaptureFixture[str], sample: str) -> None:
    data = run_json(capsys, "term-values", sample, "memphis")
    assert list(data) == ["offer", "steps"]
    fee = data["steps"][0]
    assert list(fee) == ["term", "step", "changes", "fee_equivalent", "market_fee_equivalent"]
    assert fee["term"] == "monthly_fee" and fee["step"] == 1_000_000
    assert fee["fee_equivalent"] == pytest.approx(1e6, rel=1e-12)
    assert fee["market_fee_equivalent"] is None
    assert list(fee["changes"]) == ["pv_cost", "cost_per_gpu_hour", "min_commitment_pv"]
    assert main(["term-values", sample, "memphis"]) == 0
    assert "lessee_exit.notice_days" in capsys.readouterr().out


def test_solve_json_and_sentence(capsys: pytest.CaptureFixture[str], sample: str) -> None:
    data = run_json(capsys, "solve", sample, "memphis", "--term", "monthly_fee")
    assert list(data) == ["offer", "term", "metric", "target", "value", "metric_at_value", "reason"]
    breakeven = compare(load_deal(Path(sample))).result("memphis").metrics["breakeven_fee"]
    assert data["value"] == pytest.approx(breakeven, rel=1e-8)
    assert data["metric"] == "cost_per_gpu_hour" and data["reason"] is None
    none = run_json(capsys, "solve", sample, "memphis", "--term", "escalator", "--match", "build")
    assert none["value"] is None and none["metric_at_value"] is None and "closest" in none["reason"]
    value = run_json(capsys, "solve", sample, "memphis", "--term", "term_months", "--metric", "pv_cost",
                     "--value", "1e9")
    assert value["target"] == 1e9 and value["value"] == 7
    assert main(["solve", sample, "memphis", "--term", "monthly_fee"]) == 0
    assert capsys.readouterr().out.startswith("monthly_fee of memphis = $")


def test_sensitivity_json_with_and_without_grid(capsys: pytest.CaptureFixture[str], sample: str) -> None:
    data = run_json(capsys, "sensitivity", sample)
    assert list(data) == ["offer", "metric", "tornado", "grid"]
    assert data["offer"] == "memphis" and data["metric"] == "cost_per_gpu_hour" and data["grid"] is None
    grid = run_json(capsys, "sensitivity", sample, "--offer", "hyperscaler", "--grid", "monthly_fee",
                    "discount_rate", "--steps", "3")["grid"]
    assert grid["rows"] == "monthly_fee" and grid["columns"] == "discount_rate"
    assert len(grid["row_values"]) == len(grid["column_values"]) == 3
    assert [len(row) for row in grid["best"]] == [3, 3, 3]
    assert main(["sensitivity", sample, "--grid", "monthly_fee", "availability"]) == 0
    out = capsys.readouterr().out
    assert "Swing" in out and "[build]" in out


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["bridge", SAMPLE, "nope"], ("no offer 'nope'",)),
        (["bridge", SAMPLE, "memphis"], ("no round to compare with",)),
        (["bridge", SAMPLE, "memphis", "--from", "Ask 7"], ("Ask 7",)),
        (["bridge", SAMPLE, "memphis", "--from", "build"], ("self_build",)),
        (["term-values", SAMPLE, "nope"], ("no offer 'nope'",)),
        (["term-values", SAMPLE], ("term-values",)),
        (["solve", SAMPLE, "memphis", "--term", "gpu_capex"], ("unknown term 'gpu_capex'",)),
        (["solve", SAMPLE, "memphis"], ("--term",)),
        (["solve", SAMPLE, "memphis", "--term", "monthly_fee", "--metric", "beauty"], ("unknown metric 'beauty'",)),
        (["solve", SAMPLE, "memphis", "--term", "monthly_fee", "--match", "x"], ("no offer 'x'",)),
        (["solve", SAMPLE, "memphis", "--term", "monthly_fee", "--value", "abc"], ("abc",)),
        (["solve", SAMPLE, "memphis", "--term", "monthly_fee", "--value", "nan"], ("finite",)),
        (["solve", SAMPLE, "memphis", "--term", "monthly_fee", "--value", "1", "--match", "build"], ("not allowed",)),
        (["solve", SAMPLE, "build", "--term", "gpu_capex"], ("is the baseline",)),
        (["sensitivity", SAMPLE, "--offer", "build"], ("is the baseline",)),
        (["sensitivity", SAMPLE, "--offer", "nope"], ("no offer 'nope'",)),
        (["sensitivity", SAMPLE, "--grid", "monthly_fee", "gpu_capex"], ("gpu_capex",)),
        (["sensitivity", SAMPLE, "--grid", "monthly_fee"], ("--grid",)),
        (["sensitivity", SAMPLE, "--steps", "3"], ("--steps needs --grid",)),
        (["sensitivity", SAMPLE, "--grid", "monthly_fee", "escalator", "--steps", "1"], ("from 2",)),
        (["sensitivity", "/no/such/file.leasedeal"], ("/no/such/file.leasedeal",)),
    ],
)
def test_bad_requests_give_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], sample: str, args: list[str], expected: tuple[str, ...]
) -> None:
    assert_usage_error(capsys, with_sample(args, sample), *expected)


def test_no_baseline_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path, lease("a"), lease("b"))
    assert_usage_error(capsys, ["sensitivity", path], "no baseline")
    assert_usage_error(capsys, ["solve", path, "a", "--term", "monthly_fee"], "no baseline")


def test_counter_of_another_kind_is_refused(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path, lease(counter_of="build"), self_build())
    assert_usage_error(capsys, ["bridge", path, "lease"], "self_build")


def test_the_negotiation_commands_import_neither_qt_nor_openpyxl(tmp_path: Path) -> None:
    path = sample_with_a_round(tmp_path)
    script = (
        "import contextlib, io, sys\n"
        "from leasedesk.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    codes = [main(['bridge', {path!r}, 'hyperscaler', '--json']),\n"
        f"             main(['term-values', {path!r}, 'memphis']),\n"
        f"             main(['solve', {path!r}, 'memphis', '--term', 'monthly_fee']),\n"
        f"             main(['sensitivity', {path!r}, '--grid', 'monthly_fee', 'escalator'])]\n"
        "assert codes == [0, 0, 0, 0], codes\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'openpyxl')]\n"
        "assert not loaded, loaded\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr


def test_a_deal_file_with_a_market(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = sample_data()
    data["assumptions"]["market"] = {"price_per_gpu_hour": 4.5, "annual_change": -0.25, "volatility": 0.5}
    offer = next(o for o in data["offers"] if o["id"] == "memphis")
    offer["revisions"] = [{"label": "Ask", "side": "provider", "time": "2026-11-01T00:00:00Z",
                           "terms": {k: v for k, v in offer.items() if k not in ("id", "revisions")}
                           | {"monthly_fee": 160_000_000}}]
    path = tmp_path / "market.leasedeal"
    path.write_bytes(to_bytes(data))
    bridged = run_json(capsys, "bridge", str(path), "memphis")["metrics"]
    assert list(bridged)[-2:] == ["equal_capacity_pv", "market_value_pv"]
    steps = run_json(capsys, "term-values", str(path), "memphis")["steps"]
    assert steps[0]["term"] == "monthly_fee" and steps[0]["market_fee_equivalent"] == pytest.approx(1e6, rel=1e-9)
    sensitivity = run_json(capsys, "sensitivity", str(path))
    assert sensitivity["metric"] == "equal_capacity_per_gpu_hour"
    assert {"market.price_per_gpu_hour", "market.annual_change"} <= {bar["input"] for bar in sensitivity["tornado"]}
    solved = run_json(capsys, "solve", str(path), "memphis", "--term", "monthly_fee", "--metric", "market_value_pv",
                      "--value", "5e9")
    assert solved["value"] is not None
