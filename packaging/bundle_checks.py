"""Checks a built onedir app before it is packed: size, forbidden Qt parts, required plugins, linked libraries.

Used by build.py after PyInstaller and by the packaging tests. On Linux it also derives the .deb's Depends
from what the bundle really links (bundle_filter.SYSTEM_LIBRARIES) and the glibc version it needs.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import bundle_filter
from elf import is_elf, read_links

SIZE_BUDGET_BYTES = 275 * 1024 * 1024  # Linux onedir
# Nothing of these may be collected, whatever the hooks think.
FORBIDDEN = re.compile(r"(WebEngine|Qml|Quick|Qt6?3D|Multimedia|Qt6?Pdf|Designer|Qt6?Sql|VirtualKeyboard)", re.I)
# Relative to the Qt plugins folder (PySide6/Qt/plugins), Linux.
REQUIRED_LINUX_PLUGINS = (
    "platforms/libqoffscreen.so",
    "platforms/libqxcb.so",
    "platforms/libqwayland.so",
    "platformthemes/libqxdgdesktopportal.so",
    "xcbglintegrations/libqxcb-glx-integration.so",
    "xcbglintegrations/libqxcb-egl-integration.so",
    "wayland-shell-integration/libxdg-shell.so",
    "imageformats/libqsvg.so",
    "iconengines/libqsvgicon.so",
)
SAMPLE = Path("leasedesk/resources/samples/memphis-2026.leasedeal")


@dataclass
class BundleReport:
    onedir: Path
    size: int = 0
    file_count: int = 0
    forbidden: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # required files that are absent
    unresolved: dict[str, list[str]] = field(default_factory=dict)  # file -> libraries found nowhere
    system_packages: set[str] = field(default_factory=set)
    glibc: tuple[int, int] = (2, 17)

    @property
    def problems(self) -> list[str]:
        found = [f"collected but forbidden: {name}" for name in self.forbidden]
        found += [f"missing from the bundle: {name}" for name in self.missing]
        found += [
            f"{name} links {', '.join(libs)}, neither bundled nor provided by the system"
            for name, libs in sorted(self.unresolved.items())
        ]
        if sys.platform.startswith("linux") and self.size > SIZE_BUDGET_BYTES:
            found.append(f"the onedir is {megabytes(self.size)}, over the budget of {megabytes(SIZE_BUDGET_BYTES)}")
        return found

    def debian_depends(self) -> list[str]:
        return [f"libc6 (>= {self.glibc[0]}.{self.glibc[1]})", *sorted(self.system_packages)]


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MiB"


def tree_size(root: Path) -> int:
    """Bytes of the regular files under root (symlinks count as nothing)."""
    return sum(path.lstat().st_size for path in root.rglob("*") if path.is_file() and not path.is_symlink())


def internal_dir(onedir: Path) -> Path:
    return onedir / "_internal"


def strippable_files(onedir: Path) -> list[Path]:
    """Linux: the ELF files that strip may rewrite: all but those auditwheel patched with patchelf.

    A wheel's vendored libraries (numpy.libs/...) and the extension modules pointing at them through an RPATH
    were rewritten by patchelf; strip turns those into "ELF load command address/offset not page-aligned".
    """
    result = []
    for path in sorted(onedir.rglob("*")):
        if path.is_symlink() or not path.is_file() or not is_elf(path):
            continue
        if path.parent == onedir:
            continue  # PyInstaller's bootloader: already stripped, and its archive rides in an ELF section
        if any(parent.name.endswith(".libs") for parent in path.parents):
            continue
        if any(".libs" in entry for entry in read_links(path).search_paths):
            continue
        result.append(path)
    return result


def check_bundle(onedir: Path) -> BundleReport:
    report = BundleReport(onedir)
    files = [path for path in sorted(onedir.rglob("*")) if path.is_file() and not path.is_symlink()]
    names = {path.name for path in onedir.rglob("*")}
    report.file_count = len(files)
    report.size = sum(path.stat().st_size for path in files)
    report.forbidden = [str(path.relative_to(onedir)) for path in files if FORBIDDEN.search(path.name)]
    internal = internal_dir(onedir)
    if not (internal / SAMPLE).is_file():
        report.missing.append(str(SAMPLE))
    if sys.platform.startswith("linux"):
        plugins = internal / "PySide6" / "Qt" / "plugins"
        report.missing += [plugin for plugin in REQUIRED_LINUX_PLUGINS if not (plugins / plugin).is_file()]
        for path in files:
            if not is_elf(path):
                continue
            links = read_links(path)
            if links.glibc and links.glibc > report.glibc:
                report.glibc = links.glibc
            absent = []
            for library in links.needed:
                if library in names or bundle_filter.GLIBC_LIBRARY.fullmatch(library):
                    continue
                package = bundle_filter.system_package(library)
                if package is None:
                    absent.append(library)
                else:
                    report.system_packages.add(package)
            if absent:
                report.unresolved[str(path.relative_to(onedir))] = absent
    return report
