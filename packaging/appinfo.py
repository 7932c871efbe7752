"""The facts every packaging file shares: names, identifiers, the one version and the artefact names.

The version is read from ``src/leasedesk/__init__.py`` as text (no import, so no Qt and no numpy are
needed to know it). The spec, build.py, the Windows version resource, the macOS Info.plist, the Debian
control file and the installer names all take it from here.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

PACKAGING_DIR = Path(__file__).resolve().parent
REPO_ROOT = PACKAGING_DIR.parent
PACKAGE_INIT = REPO_ROOT / "src" / "leasedesk" / "__init__.py"
RESOURCES_DIR = REPO_ROOT / "resources"
ICONS_DIR = RESOURCES_DIR / "icons"

APP_NAME = "LeaseDesk"
EXECUTABLE = "leasedesk"  # the onedir folder and the executable in it (Linux, macOS, Windows GUI)
CLI_EXECUTABLE = "leasedesk-cli"  # Windows only: the console twin for compare and export
DESCRIPTION = "Compare AI compute lease offers with each other and with building the cluster"
PUBLISHER = "LeaseDesk"
COPYRIGHT = "Copyright (c) LeaseDesk"
BUNDLE_IDENTIFIER = "com.leasedesk.LeaseDesk"  # macOS
DEAL_EXTENSION = "leasedeal"
DEAL_MIME_TYPE = "application/x-leasedesk-deal"  # freedesktop shared-mime-info
DEAL_UTI = "com.leasedesk.deal"  # macOS uniform type identifier
DEAL_PROGID = "LeaseDesk.Deal"  # Windows file association
DEAL_TYPE_NAME = "LeaseDesk deal"

# The application icon: the window's author ships these in resources/icons/. The ICNS and ICO files
# for macOS and Windows are made from them at build time (make_icons.py), into build/icons/.
ICON_SVG = "leasedesk.svg"
ICON_PNG = "leasedesk.png"
GENERATED_ICONS_DIR = REPO_ROOT / "build" / "icons"
ICON_ICO = GENERATED_ICONS_DIR / "leasedesk.ico"
ICON_ICNS = GENERATED_ICONS_DIR / "leasedesk.icns"

# A fixed fallback for SOURCE_DATE_EPOCH when the build runs outside a git checkout (2026-01-01 UTC).
FALLBACK_SOURCE_DATE_EPOCH = 1767225600

_PEP440 = re.compile(
    r"^(?P<release>\d+(?:\.\d+)*)"
    r"(?:(?P<pre_kind>a|b|rc)(?P<pre_number>\d+))?"
    r"(?:\.post(?P<post>\d+))?"
    r"(?:\.dev(?P<dev>\d+))?"
    r"(?:\+(?P<local>[a-z0-9.]+))?$"
)


def read_version(init_file: Path = PACKAGE_INIT) -> str:
    """``leasedesk.__version__``, read from the source without importing the package."""
    tree = ast.parse(init_file.read_text(encoding="utf-8"), filename=str(init_file))
    for node in tree.body:
        if (
            isinstance(node, ast.Assign)
            and any(isinstance(target, ast.Name) and target.id == "__version__" for target in node.targets)
            and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str)
        ):
            version = node.value.value
            if not _PEP440.match(version):
                raise ValueError(f"{init_file}: __version__ {version!r} is not a plain PEP 440 version")
            return version
    raise ValueError(f"{init_file}: no __version__ = '...' assignment found")


def debian_version(version: str) -> str:
    """The Debian package version of a PEP 440 version: pre-releases and dev builds sort before the release."""
    match = _PEP440.match(version)
    if not match:
        raise ValueError(f"not a plain PEP 440 version: {version!r}")
    result = match["release"]
    if match["pre_kind"]:
        result += f"~{match['pre_kind']}{match['pre_number']}"
    if match["post"]:
        result += f"+post{match['post']}"
    if match["dev"]:
        result += f"~dev{match['dev']}"
    if match["local"]:
        result += f"+{match['local']}"
    return result


def windows_version_tuple(version: str) -> tuple[int, int, int, int]:
    """The four 16-bit numbers of a Windows version resource (release numbers, padded or cut to four)."""
    match = _PEP440.match(version)
    if not match:
        raise ValueError(f"not a plain PEP 440 version: {version!r}")
    numbers = [int(part) for part in match["release"].split(".")][:4]
    numbers += [0] * (4 - len(numbers))
    if any(number > 0xFFFF for number in numbers):
        raise ValueError(f"version {version!r} does not fit a Windows version resource")
    return numbers[0], numbers[1], numbers[2], numbers[3]


def deb_name(version: str) -> str:
    return f"{EXECUTABLE}_{debian_version(version)}_amd64.deb"


def tarball_name(version: str) -> str:
    return f"{EXECUTABLE}-{version}-linux-x86_64.tar.gz"


def windows_installer_name(version: str) -> str:
    return f"{EXECUTABLE}-{version}-windows-x64-setup.exe"


def dmg_name(version: str) -> str:
    return f"{EXECUTABLE}-{version}-macos.dmg"
