"""Render leasedesk.svg to the PNGs (16..256 px) and the Windows .ico beside it, with Qt.

Run from anywhere after editing the SVG: ``python packaging/render_icons.py``.
The .ico holds every size as a PNG entry (supported since Windows Vista).
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

SIZES = (16, 24, 32, 48, 64, 128, 256)
HERE = Path(__file__).resolve().parent.parent / "resources" / "icons"


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image


def png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, blobs = b"", b""
    for size, blob in sorted(pngs.items()):
        edge = 0 if size >= 256 else size  # 0 means 256 in an ICO directory entry
        entries += struct.pack("<BBBBHHII", edge, edge, 0, 0, 1, 32, len(blob), offset + len(blobs))
        blobs += blob
    return header + entries + blobs


def main() -> int:
    app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(HERE / "leasedesk.svg"))
    if not renderer.isValid():
        print("leasedesk.svg could not be read", file=sys.stderr)
        return 1
    pngs = {}
    for size in SIZES:
        pngs[size] = png_bytes(render(renderer, size))
        (HERE / f"leasedesk-{size}.png").write_bytes(pngs[size])
    (HERE / "leasedesk.ico").write_bytes(ico_bytes(pngs))
    print(f"wrote {len(SIZES)} PNGs and leasedesk.ico to {HERE}")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
