"""The reliability drill, kept: mutated deal files through ``compare`` and ``export``.

Each case takes the bundled sample, breaks it in one of the ways a real file breaks (a value of
another type, a deleted key, a huge, negative or non-finite number, deep nesting, odd Unicode,
a long string, a duplicate key, a truncated file) and runs the command in-process. The command
must either succeed (valid JSON, a workbook written) or refuse with exactly one line on stderr
and exit status 2: never a traceback. Derandomized so that CI is repeatable; a longer run on
demand: ``LEASEDESK_DRILL_EXAMPLES=5000 pytest tests/unit/test_drill.py``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from drill_files import broken_files
from hypothesis import HealthCheck, given, settings

from leasedesk.cli import main

EXAMPLES = int(os.environ.get("LEASEDESK_DRILL_EXAMPLES", "250"))
DRILL = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _assert_clean(status: int, captured: pytest.CaptureFixture[str]) -> tuple[str, str]:
    out, err = captured.readouterr()
    assert status in (0, 2), (status, err[-500:])
    assert "Traceback" not in err
    if status == 2:
        assert len(err.splitlines()) == 1 and err.startswith("leasedesk: "), err[:500]
        assert len(err) < 2_000, "an error line repeats the whole bad value"
    return out, err


@DRILL
@given(content=broken_files())
def test_compare_of_a_broken_file_succeeds_or_refuses_in_one_line(
    content: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "broken.leasedeal"
    path.write_bytes(content)
    out, _err = _assert_clean(main(["compare", str(path), "--json"]), capsys)
    if out:
        json.loads(out)  # success prints valid JSON


@settings(DRILL, max_examples=max(EXAMPLES // 5, 10))
@given(content=broken_files())
def test_export_of_a_broken_file_writes_a_workbook_or_refuses_in_one_line(
    content: bytes, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path, target = tmp_path / "broken.leasedeal", tmp_path / "out.xlsx"
    target.unlink(missing_ok=True)
    path.write_bytes(content)
    status = main(["export", str(path), "-o", str(target)])
    _assert_clean(status, capsys)
    assert target.exists() == (status == 0)
