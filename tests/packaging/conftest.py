"""Packaging tests: make packaging/'s modules importable (appinfo, bundle_filter, ...) and share paths.

These tests are marked ``packaging`` and are not in the default test paths: CI runs
``pytest -m packaging tests/packaging``.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
PACKAGING_DIR = REPO_ROOT / "packaging"

for folder in (PACKAGING_DIR, PACKAGING_DIR / "windows", PACKAGING_DIR / "macos"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
