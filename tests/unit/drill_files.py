"""Broken deal files for the reliability drill: the bundled sample broken as real files break.

Shared by the command-line drill (tests/unit/test_drill.py) and the window's (tests/gui).
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

from leasedesk.resources import sample_deal_path

SAMPLE: dict[str, Any] = json.loads(sample_deal_path().read_text(encoding="utf-8"))


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
