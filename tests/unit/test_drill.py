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
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leasedesk.cli import main
from leasedesk.resources import sample_deal_path

SAMPLE: dict[str, Any] = json.loads(sample_deal_path().read_text(encoding="utf-8"))
EXAMPLES = int(os.environ.get("LEASEDESK_DRILL_EXAMPLES", "250"))
DRILL = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every place in the JSON value: object keys and list indexes, nested."""
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, item in value.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _paths(item, (*prefix, index))
    return found


PATHS = _paths(SAMPLE)

ODD_TEXT = st.sampled_from(
    ["", " ", "\u202e\u202dRTL", "x\ud800y", "\x00", "a\x1bb", "\ufeff", "\uffff", "é" * 3, "=1+1", "@SUM(A1)",
     "-2+3", "\t\r\n", "\U0001F4B0" * 40]
)
REPLACEMENTS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.sampled_from([10**309, -(10**400), 2**63, -1, 0, 1, 10**12 + 1]),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.sampled_from(["NaN", "Infinity", "-Infinity", "1e400"]).map(lambda text: ("raw", text)),
    ODD_TEXT,
    st.integers(min_value=1, max_value=200_000).map(lambda n: "n" * n),
    st.just([]),
    st.just({}),
    st.integers(min_value=1, max_value=120).map(lambda depth: ("raw", "[" * depth + "]" * depth)),
    st.just(["a", 1, None]),
    st.just({"month": "x"}),
)


def _set(data: Any, path: tuple[Any, ...], value: Any) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def _delete(data: Any, path: tuple[Any, ...]) -> None:
    for part in path[:-1]:
        data = data[part]
    del data[path[-1]]


@st.composite
def broken_files(draw: st.DrawFn) -> bytes:
    """The sample broken in one to three places, as the bytes of a file."""
    data = json.loads(json.dumps(SAMPLE))
    raw: dict[str, str] = {}
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        path = draw(st.sampled_from(_paths(data) or [("name",)]))
        action = draw(st.sampled_from(["replace", "replace", "replace", "delete"]))
        try:
            if action == "delete":
                _delete(data, path)
                continue
            value = draw(REPLACEMENTS)
            if isinstance(value, tuple):  # text JSON itself cannot produce: NaN, Infinity, deep nesting
                marker = f"@@raw{len(raw)}@@"
                raw[marker] = value[1]
                value = marker
            _set(data, path, json.loads(json.dumps(value)))  # a copy: a shared list could come to hold itself
        except (KeyError, IndexError, TypeError):
            continue  # the place went away with an earlier change
    text = json.dumps(data)
    for marker, replacement in raw.items():
        text = text.replace(f'"{marker}"', replacement)
    if draw(st.booleans()) and draw(st.integers(min_value=0, max_value=9)) == 0:
        text = text.replace('"name": ', '"name": "dup", "name": ', 1)  # a duplicate key
    encoded = text.encode("utf-8", "surrogatepass")
    if draw(st.integers(min_value=0, max_value=14)) == 0:
        encoded = encoded[: draw(st.integers(min_value=0, max_value=len(encoded)))]  # a truncated file
    return encoded


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
