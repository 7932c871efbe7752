"""Makes the installers' icon files from the application icon: PNG sizes for Linux, ICO for Windows, ICNS for macOS.

Run by build.py with the build environment's Python (it needs PySide6, and Qt runs offscreen):
``python packaging/make_icons.py SOURCE OUT_DIR``, SOURCE being resources/icons/leasedesk.svg (preferred) or
leasedesk.png. Both container formats simply hold PNG images, which Windows Vista+ and macOS 10.7+ read.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS element types holding PNG data, by pixel size.
ICNS_TYPES = (
    (b"icp4", 16), (b"icp5", 32), (b"icp6", 64), (b"ic07", 128), (b"ic08", 256), (b"ic09", 512), (b"ic10", 1024),
)  # fmt: skip


def render_pngs(source: Path, sizes: set[int]) -> dict[int, bytes]:
    """The icon as PNG bytes at each size (SVG rendered, PNG scaled smoothly)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(source)) if source.suffix == ".svg" else None
    if renderer is not None and not renderer.isValid():
        raise SystemExit(f"make_icons: {source} is not a valid SVG file")
    original = QImage(str(source)) if renderer is None else None
    if original is not None and original.isNull():
        raise SystemExit(f"make_icons: {source} is not a readable PNG file")
    result: dict[int, bytes] = {}
    for size in sorted(sizes):
        if renderer is not None:
            image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(Qt.GlobalColor.transparent)
            painter = QPainter(image)
            renderer.render(painter)
            painter.end()
        else:
            assert original is not None
            image = original.scaled(
                size, size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
            )
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")  # type: ignore[call-overload]  # PySide6 6.11 takes the format as str; its stub says bytes
        buffer.close()
        result[size] = bytes(data.data())
    return result


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico holding one PNG image per size."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, images = b"", b""
    for size, png in sorted(pngs.items()):
        dimension = 0 if size >= 256 else size  # 0 means 256
        entries += struct.pack("<BBBBHHII", dimension, dimension, 0, 0, 1, 32, len(png), offset + len(images))
        images += png
    return header + entries + images


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """A macOS .icns holding one PNG element per size."""
    body = b"".join(kind + struct.pack(">I", len(pngs[size]) + 8) + pngs[size] for kind, size in ICNS_TYPES)
    return b"icns" + struct.pack(">I", len(body) + 8) + body


def make_icons(source: Path, out_dir: Path) -> list[Path]:
    sizes = set(PNG_SIZES) | set(ICO_SIZES) | {size for _kind, size in ICNS_TYPES}
    pngs = render_pngs(source, sizes)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for size in PNG_SIZES:
        path = out_dir / f"leasedesk-{size}.png"
        path.write_bytes(pngs[size])
        written.append(path)
    ico = out_dir / "leasedesk.ico"
    ico.write_bytes(ico_bytes({size: pngs[size] for size in ICO_SIZES}))
    icns = out_dir / "leasedesk.icns"
    icns.write_bytes(icns_bytes(pngs))
    return [*written, ico, icns]


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit("usage: make_icons.py SOURCE.svg|SOURCE.png OUT_DIR")
    for made in make_icons(Path(sys.argv[1]), Path(sys.argv[2])):
        print(made)
