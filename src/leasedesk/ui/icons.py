"""The application icon, from the PNGs in resources/icons (rendered from leasedesk.svg)."""

from __future__ import annotations

from PySide6.QtGui import QIcon

from leasedesk.resources import resource_path

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def app_icon() -> QIcon:
    icon = QIcon()
    for size in ICON_SIZES:
        path = resource_path(f"icons/leasedesk-{size}.png")
        if path.is_file():
            icon.addFile(str(path))
    if icon.isNull():
        svg = resource_path("icons/leasedesk.svg")
        if svg.is_file():
            icon.addFile(str(svg))
    return icon
