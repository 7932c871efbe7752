"""Installer-definition tests: packaging/'s modules (appinfo, bundle_filter, ...) importable. No build needed,
so the default test run collects them; the tests that need a build are in tests/packaging."""

from __future__ import annotations

import sys
from pathlib import Path

PACKAGING_DIR = Path(__file__).resolve().parents[2] / "packaging"

for folder in (PACKAGING_DIR, PACKAGING_DIR / "windows", PACKAGING_DIR / "macos"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
