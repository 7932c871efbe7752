"""Finds the bundled resources (sample deals, icons) from source, installed and frozen.

- frozen (PyInstaller): ``<sys._MEIPASS>/leasedesk/resources``
- installed wheel: ``leasedesk/resources`` inside the package
- source checkout: ``<repository>/resources``
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

SAMPLE_DEAL = "samples/memphis-2026.leasedeal"


@cache
def resources_dir() -> Path:
    candidates = []
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        candidates.append(Path(frozen_root) / "leasedesk" / "resources")
    package = Path(__file__).resolve().parent
    candidates.append(package / "resources")
    candidates.append(package.parent.parent / "resources")
    for candidate in candidates:
        if (candidate / SAMPLE_DEAL).is_file():
            return candidate
    raise FileNotFoundError("LeaseDesk's resources were not found (looked in: " + ", ".join(map(str, candidates)) + ")")


def resource_path(relative: str) -> Path:
    return resources_dir() / relative


def sample_deal_path() -> Path:
    return resource_path(SAMPLE_DEAL)
