"""What goes into the frozen app: the modules left out, and the filter over the collected Qt files and system libraries.

``excludes`` alone does not stop PyInstaller's Qt hooks from collecting every plugin of a type (a platform-input
plugin drags in Qml and Quick, an image-format plugin QtPdf) nor the system libraries those link, so the spec
passes ``Analysis.binaries`` and ``Analysis.datas`` through :func:`filter_toc` as well. On Linux the desktop
stack (X11, xcb, Wayland, GL, fontconfig, D-Bus, glib, libstdc++) is left to the system: it comes from the
.deb's Depends (:data:`SYSTEM_LIBRARIES`), which the build checks against what the bundle actually links.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from elf import is_elf, read_links

logger = logging.getLogger(__name__)

# Modules LeaseDesk never imports. Each saves megabytes or keeps a native library out:
EXCLUDED_MODULES = [
    # Qt bindings LeaseDesk does not use. The Qt hooks add QtOpenGL/QtOpenGLWidgets as hidden imports of
    # QtCharts (its library links them; the Qt *libraries* still come along), QtOpenGL's binding alone is 9 MB.
    "PySide6.QtNetwork",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtDBus",
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickWidgets",
    "PySide6.QtQuick3D",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
    "PySide6.QtWebEngineQuick",
    "PySide6.QtWebChannel",
    "PySide6.QtMultimedia",
    "PySide6.QtMultimediaWidgets",
    "PySide6.QtPdf",
    "PySide6.QtPdfWidgets",
    "PySide6.QtDesigner",
    "PySide6.QtUiTools",
    "PySide6.QtSql",
    "PySide6.QtTest",
    "PySide6.Qt3DCore",
    "PySide6.QtDataVisualization",
    "PySide6.QtGraphs",
    "PySide6.QtGraphsWidgets",
    "PySide6.QtLocation",
    "PySide6.QtPositioning",
    "PySide6.QtBluetooth",
    "PySide6.QtNfc",
    "PySide6.QtSerialPort",
    "PySide6.QtTextToSpeech",
    "PySide6.QtHelp",
    "PySide6.QtHttpServer",
    "PySide6.QtWebSockets",
    "PySide6.QtRemoteObjects",
    "PySide6.QtScxml",
    "PySide6.QtSensors",
    "PySide6.QtSpatialAudio",
    "PySide6.QtStateMachine",
    "PySide6.QtAxContainer",
    "PyQt5",
    "PyQt6",
    "PySide2",
    # Optional extras pandas and openpyxl import when present (tens of MB each).
    "matplotlib",
    "scipy",
    "pyarrow",
    "numexpr",
    "bottleneck",
    "sqlalchemy",
    "tables",
    "xlsxwriter",
    "xlrd",
    "odf",
    "pyxlsb",
    "python_calamine",
    "lxml",
    "PIL",
    "jinja2",
    "IPython",
    "fsspec",
    "s3fs",
    "gcsfs",
    "botocore",
    "html5lib",
    "bs4",
    "psycopg2",
    "pymysql",
    "adbc_driver_manager",
    "zoneinfo_stubs",
    # Test and development tools.
    "pytest",
    "_pytest",
    "hypothesis",
    "numpy_financial",
    "pandas.tests",
    "numpy.tests",
    "numpy.f2py",
    "numpy.distutils",
    "setuptools",
    "pip",
    "PyInstaller",
    # Standard library parts that bring native libraries or a GUI toolkit of their own.
    "tkinter",
    "_tkinter",
    "turtle",
    "sqlite3",
    "_sqlite3",
    "readline",
    "curses",
    "_curses",
    "ssl",
    "_ssl",
    "dbm",
    "lib2to3",
    "pydoc_data",
    "ensurepip",
    "venv",
    "idlelib",
]

# Qt plugins kept, by plugin type; None keeps every plugin of the type. Types not named here are dropped
# (eglfs device integrations, evdev input, networkinformation, tls, sqldrivers, multimedia, qmltooling, ...).
KEPT_QT_PLUGINS: dict[str, frozenset[str] | None] = {
    # offscreen for --smoke-test; xcb and wayland on Linux desktops; windows; cocoa.
    "platforms": frozenset({"qoffscreen", "qxcb", "qwayland", "qwindows", "qdirect2d", "qcocoa"}),
    "platforms/darwin": None,
    # The portal theme follows the desktop's light/dark setting (the GNOME theme built into QtGui reads the
    # same setting); the gtk3 theme would drag the whole GTK stack in.
    "platformthemes": frozenset({"qxdgdesktopportal"}),
    # Dead keys and input methods; the virtual keyboard (Qml, Quick) is left out.
    "platforminputcontexts": frozenset({"composeplatforminputcontextplugin", "ibusplatforminputcontextplugin"}),
    # SVG and PNG icons (PNG is built into QtGui), ICO and ICNS window icons, JPEG pictures; not pdf (QtPdf).
    "imageformats": frozenset({"qsvg", "qico", "qicns", "qjpeg"}),
    "iconengines": frozenset({"qsvgicon"}),
    "xcbglintegrations": None,
    "wayland-decoration-client": None,
    "wayland-graphics-integration-client": frozenset({"qt-plugin-wayland-egl"}),
    "wayland-shell-integration": frozenset({"xdg-shell"}),
    "styles": None,
    "printsupport": None,
    "accessiblebridge": None,
}

# Qt libraries that never ship, even when a plugin or binding links them.
_DROPPED_QT_LIBRARY = re.compile(
    r"(Qt6|Qt)(WebEngine|WebChannel|WebView|Qml|Quick|3D|Multimedia|Pdf|Designer|Sql|VirtualKeyboard|Network|"
    r"(?i:eglfs)|WlShellIntegration|Lab|ShaderTools|SpatialAudio|Graphs|DataVisualization|Location|Positioning|"
    r"Bluetooth|Nfc|Sensors|TextToSpeech|Help|HttpServer|WebSockets|RemoteObjects|Scxml|Lottie|VectorImage)",
)
_FFMPEG_LIBRARY = re.compile(r"^(lib)?(avcodec|avformat|avutil|swresample|swscale|Qt6FFmpegStub)")

# Linux libraries the system provides, with the Debian package of each: left out of the bundle, named in the
# .deb's Depends. The glibc family (libc6) is always there and is never bundled by PyInstaller either.
SYSTEM_LIBRARIES: list[tuple[str, str]] = [
    (r"libstdc\+\+\.so\.6", "libstdc++6"),  # a bundled older one breaks the system's Mesa drivers
    (r"libgcc_s\.so\.1", "libgcc-s1"),
    (r"libz\.so\.1", "zlib1g"),
    (r"libzstd\.so\.1", "libzstd1"),
    (r"lib(glib|gobject|gio|gmodule|gthread)-2\.0\.so\.0", "libglib2.0-0t64 | libglib2.0-0"),
    (r"libdbus-1\.so\.3", "libdbus-1-3"),
    (r"libfontconfig\.so\.1", "libfontconfig1"),
    (r"libfreetype\.so\.6", "libfreetype6"),
    (r"libEGL\.so\.1", "libegl1"),
    (r"libGL\.so\.1", "libgl1"),
    (r"libOpenGL\.so\.0", "libopengl0"),
    (r"libGLX\.so\.0", "libglx0"),
    (r"libX11\.so\.6", "libx11-6"),
    (r"libX11-xcb\.so\.1", "libx11-xcb1"),
    (r"libxkbcommon\.so\.0", "libxkbcommon0"),
    (r"libxkbcommon-x11\.so\.0", "libxkbcommon-x11-0"),
    (r"libxcb\.so\.1", "libxcb1"),
    (r"libxcb-cursor\.so\.0", "libxcb-cursor0"),
    (r"libxcb-icccm\.so\.4", "libxcb-icccm4"),
    (r"libxcb-image\.so\.0", "libxcb-image0"),
    (r"libxcb-keysyms\.so\.1", "libxcb-keysyms1"),
    (r"libxcb-randr\.so\.0", "libxcb-randr0"),
    (r"libxcb-render\.so\.0", "libxcb-render0"),
    (r"libxcb-render-util\.so\.0", "libxcb-render-util0"),
    (r"libxcb-shape\.so\.0", "libxcb-shape0"),
    (r"libxcb-shm\.so\.0", "libxcb-shm0"),
    (r"libxcb-sync\.so\.1", "libxcb-sync1"),
    (r"libxcb-util\.so\.1", "libxcb-util1"),
    (r"libxcb-xfixes\.so\.0", "libxcb-xfixes0"),
    (r"libxcb-xkb\.so\.1", "libxcb-xkb1"),
    (r"libxcb-glx\.so\.0", "libxcb-glx0"),
    (r"libwayland-client\.so\.0", "libwayland-client0"),
    (r"libwayland-cursor\.so\.0", "libwayland-cursor0"),
    (r"libwayland-egl\.so\.1", "libwayland-egl1"),
]
GLIBC_LIBRARY = re.compile(
    r"(libc|libm|libdl|libpthread|librt|libutil|libresolv|libanl|libmvec)\.so\.\d+|ld-linux-x86-64\.so\.2"
)
_SYSTEM_LIBRARY = [(re.compile(pattern), package) for pattern, package in SYSTEM_LIBRARIES]
_SYSTEM_DIRS = ("/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/", "/usr/local/lib/")

# A TOC entry of PyInstaller: (destination name, source path, type code).
TocEntry = tuple[str, str, str]


def system_package(library: str) -> str | None:
    """The Debian package that provides a system library left out of the bundle, or None."""
    for pattern, package in _SYSTEM_LIBRARY:
        if pattern.fullmatch(library):
            return package
    return None


def is_system_provided(library: str) -> bool:
    return bool(GLIBC_LIBRARY.fullmatch(library)) or system_package(library) is not None


def _plugin_name(filename: str) -> str:
    stem = filename.split(".")[0]
    return stem.removeprefix("lib")


def keep_entry(dest_name: str) -> bool:
    """Whether a collected file (by its path inside the bundle) belongs in LeaseDesk's frozen app."""
    dest = PurePosixPath(dest_name.replace("\\", "/"))
    parts = dest.parts
    name = dest.name
    if "translations" in parts and parts[0] == "PySide6":
        return False  # LeaseDesk ships no translations of its own, so Qt's are not shipped either
    if parts[:3] == ("PySide6", "Qt", "plugins") and len(parts) >= 5:
        plugin_type = "/".join(parts[3:-1])
        if plugin_type not in KEPT_QT_PLUGINS:
            return False
        kept = KEPT_QT_PLUGINS[plugin_type]
        return kept is None or _plugin_name(name) in kept
    if parts[:2] == ("PySide6", "qml") or parts[:3] == ("PySide6", "Qt", "qml"):
        return False
    if parts[:3] == ("PySide6", "Qt", "resources") and "qtwebengine" in name:
        return False
    if name.startswith(("libQt6", "Qt6", "libQt", "Qt")) and _DROPPED_QT_LIBRARY.search(name):
        return False
    return not _FFMPEG_LIBRARY.search(name)


def filter_toc(toc: Iterable[TocEntry]) -> list[TocEntry]:
    """The entries :func:`keep_entry` keeps; what it drops is logged."""
    kept: list[TocEntry] = []
    for entry in toc:
        if keep_entry(entry[0]):
            kept.append(entry)
        else:
            logger.info("leaving out %s", entry[0])
    return kept


def prune_system_libraries(binaries: Iterable[TocEntry]) -> list[TocEntry]:
    """Linux: drop the system libraries of :data:`SYSTEM_LIBRARIES`, then those only they needed.

    A library collected from a system folder (/lib, /usr/lib) stays only while some other kept file links it
    (for example libffi for ctypes, liblzma for lzma): what the X11, GL, fontconfig or glib stack alone pulled
    in goes with it. libpython is never dropped: the bootloader loads it without linking it.
    """
    entries = [entry for entry in binaries if not is_system_provided(PurePosixPath(entry[0]).name)]
    links = {source: read_links(Path(source)).needed for _dest, source, kind in entries if _is_elf_entry(source, kind)}
    while True:
        needed = {library for _dest, source, _kind in entries for library in links.get(source, ())}
        orphans = [entry for entry in entries if _is_prunable(entry) and PurePosixPath(entry[0]).name not in needed]
        if not orphans:
            return entries
        for orphan in orphans:
            logger.info("leaving out %s (only system libraries linked it)", orphan[0])
        entries = [entry for entry in entries if entry not in orphans]


def _is_elf_entry(source: str, kind: str) -> bool:
    return kind in ("BINARY", "EXTENSION") and is_elf(Path(source))


def _is_prunable(entry: TocEntry) -> bool:
    dest, source, kind = entry
    return (
        kind == "BINARY"
        and "/" not in dest
        and source.startswith(_SYSTEM_DIRS)
        and not PurePosixPath(dest).name.startswith("libpython")
    )
