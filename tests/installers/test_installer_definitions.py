"""Static checks of what cannot be built here: the Windows and macOS definitions, and the shared packaging facts.

They name files that exist (or that the build makes), carry the package's version, and agree with the spec on
executable names, the .leasedeal type and the installer names. No build is needed.
"""

from __future__ import annotations

import ast
import configparser
import plistlib
import re
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from info_plist import info_plist
from version_info import version_resource_text

import appinfo
import bundle_filter
import leasedesk
import make_icons

PACKAGING = appinfo.PACKAGING_DIR
SPEC = PACKAGING / "leasedesk.spec"
ISS = PACKAGING / "windows" / "leasedesk.iss"
VERSION = appinfo.read_version()


def iss_defines() -> dict[str, str]:
    """The simple ``#define Name "value"`` lines of the Inno Setup script."""
    return dict(re.findall(r'^#define (\w+) "([^"]*)"$', ISS.read_text(encoding="utf-8"), flags=re.MULTILINE))


def iss_setup() -> dict[str, str]:
    text = ISS.read_text(encoding="utf-8")
    section = text.split("[Setup]", 1)[1].split("\n[", 1)[0]
    return dict(line.split("=", 1) for line in section.splitlines() if "=" in line and not line.startswith(";"))


def test_version_is_the_packages() -> None:
    assert leasedesk.__version__ == VERSION


def test_spec_names_files_that_exist() -> None:
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    strings = {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    assert "leasedesk_main.py" in strings
    assert (PACKAGING / "leasedesk_main.py").is_file()
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    for module, folder in (
        ("appinfo", PACKAGING),
        ("bundle_filter", PACKAGING),
        ("version_info", PACKAGING / "windows"),
        ("info_plist", PACKAGING / "macos"),
    ):
        assert module in imported
        assert (folder / f"{module}.py").is_file()
    assert appinfo.RESOURCES_DIR.is_dir()
    assert (appinfo.RESOURCES_DIR / "samples" / "memphis-2026.leasedeal").is_file()
    assert (appinfo.REPO_ROOT / "src" / "leasedesk" / "cli.py").is_file()


def test_spec_builds_one_windowed_and_one_console_windows_executable() -> None:
    text = SPEC.read_text(encoding="utf-8")
    assert "windows_exe(appinfo.EXECUTABLE, False" in text
    assert "windows_exe(appinfo.CLI_EXECUTABLE, True" in text
    assert "upx=True" not in text
    assert (appinfo.EXECUTABLE, appinfo.CLI_EXECUTABLE) == ("leasedesk", "leasedesk-cli")


def test_iss_names_the_spec_outputs_and_files_that_exist() -> None:
    defines = iss_defines()
    assert defines["AppExeName"] == f"{appinfo.EXECUTABLE}.exe"
    assert defines["AppCliExeName"] == f"{appinfo.CLI_EXECUTABLE}.exe"
    assert defines["DealExtension"] == f".{appinfo.DEAL_EXTENSION}"
    assert defines["DealProgId"] == appinfo.DEAL_PROGID
    text = ISS.read_text(encoding="utf-8")
    repo_dir = (ISS.parent / ".." / "..").resolve()
    assert repo_dir == appinfo.REPO_ROOT
    # The onedir and the icon are build outputs: the spec's COLLECT name and make_icons' ICO file.
    assert 'RepoDir + "\\dist\\leasedesk"' in text
    assert 'RepoDir + "\\build\\icons\\leasedesk.ico"' in text
    assert appinfo.ICON_ICO == appinfo.REPO_ROOT / "build" / "icons" / "leasedesk.ico"
    assert "name=appinfo.EXECUTABLE" in SPEC.read_text(encoding="utf-8")
    assert "compiler:Default.isl" in text  # ships with every Inno Setup


def test_iss_takes_its_version_from_the_executable_and_names_the_installer_after_it() -> None:
    text = ISS.read_text(encoding="utf-8")
    assert 'GetStringFileInfo(DistDir + "\\" + AppExeName, "ProductVersion")' in text
    setup = iss_setup()
    assert setup["AppVersion"] == "{#AppVersion}"
    installer = setup["OutputBaseFilename"].replace("{#AppVersion}", VERSION) + ".exe"
    assert installer == appinfo.windows_installer_name(VERSION)
    assert setup["ChangesAssociations"] == "yes"
    assert re.fullmatch(r"\{\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}", setup["AppId"])


def test_iss_registers_the_deal_file_type_and_a_start_menu_entry() -> None:
    text = ISS.read_text(encoding="utf-8")
    assert (
        'Subkey: "Software\\Classes\\{#DealExtension}"; ValueType: string; ValueName: ""; ValueData: "{#DealProgId}"'
        in (text)
    )
    assert '"""{app}\\{#AppExeName}"" ""%1"""' in text
    assert 'Name: "{autoprograms}\\{#AppName}"; Filename: "{app}\\{#AppExeName}"' in text


class _Recorder:
    """Stands in for PyInstaller's version-resource classes: records the arguments it was built with."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        self.args, self.kwargs = args, kwargs


def test_windows_version_resource_carries_the_version() -> None:
    text = version_resource_text(
        version=VERSION,
        numbers=appinfo.windows_version_tuple(VERSION),
        executable="leasedesk-cli",
        description="LeaseDesk command line",
        product=appinfo.APP_NAME,
        publisher=appinfo.PUBLISHER,
        copyright=appinfo.COPYRIGHT,
    )
    names = ["VSVersionInfo", "FixedFileInfo", "StringFileInfo", "StringTable", "StringStruct", "VarFileInfo"]
    namespace: dict[str, object] = {name: type(name, (_Recorder,), {}) for name in [*names, "VarStruct"]}
    info = eval(text, namespace)  # the text is PyInstaller's eval()-able notation
    fixed = info.kwargs["ffi"].kwargs
    assert fixed["filevers"] == fixed["prodvers"] == appinfo.windows_version_tuple(VERSION)
    table = info.kwargs["kids"][0].args[0][0]
    strings = {item.args[0]: item.args[1] for item in table.args[1]}
    assert strings["ProductVersion"] == strings["FileVersion"] == VERSION
    assert strings["OriginalFilename"] == "leasedesk-cli.exe"


def test_windows_version_numbers() -> None:
    assert appinfo.windows_version_tuple("0.1.0") == (0, 1, 0, 0)
    assert appinfo.windows_version_tuple("2.3") == (2, 3, 0, 0)
    assert appinfo.windows_version_tuple("1.2.3.4.5") == (1, 2, 3, 4)
    assert appinfo.windows_version_tuple("1.0.0rc2") == (1, 0, 0, 0)


def test_macos_info_plist_carries_version_and_document_type() -> None:
    plist = info_plist(
        version=VERSION,
        app_name=appinfo.APP_NAME,
        bundle_identifier=appinfo.BUNDLE_IDENTIFIER,
        extension=appinfo.DEAL_EXTENSION,
        uti=appinfo.DEAL_UTI,
        type_name=appinfo.DEAL_TYPE_NAME,
        icon_file=appinfo.ICON_ICNS.name,
    )
    assert plistlib.loads(plistlib.dumps(plist)) == plist  # only plist types
    assert plist["CFBundleShortVersionString"] == plist["CFBundleVersion"] == VERSION
    document: dict[str, Any]
    exported: dict[str, Any]
    (document,) = plist["CFBundleDocumentTypes"]  # type: ignore[misc]
    (exported,) = plist["UTExportedTypeDeclarations"]  # type: ignore[misc]
    assert document["LSItemContentTypes"] == [exported["UTTypeIdentifier"]] == [appinfo.DEAL_UTI]
    assert exported["UTTypeTagSpecification"]["public.filename-extension"] == ["leasedeal"]
    spec = SPEC.read_text(encoding="utf-8")
    assert "BUNDLE(" in spec and "info_plist=info_plist(" in spec and "version=VERSION" in spec


def test_make_dmg_script_is_valid_bash_and_names_the_packages_version() -> None:
    script = PACKAGING / "macos" / "make_dmg.sh"
    subprocess.run(["bash", "-n", str(script)], check=True)
    text = script.read_text(encoding="utf-8")
    assert "appinfo.read_version()" in text and "appinfo.dmg_name(" in text
    assert "dist/LeaseDesk.app" in text and f"{appinfo.APP_NAME}.app" == "LeaseDesk.app"
    assert appinfo.dmg_name(VERSION) == f"leasedesk-{VERSION}-macos.dmg"


def test_debian_versions_sort_like_python_versions() -> None:
    assert appinfo.debian_version("1.2.0") == "1.2.0"
    assert appinfo.debian_version("1.2.0rc1") == "1.2.0~rc1"
    assert appinfo.debian_version("1.2.0.dev3") == "1.2.0~dev3"
    assert appinfo.debian_version("1.2.0.post1") == "1.2.0+post1"
    assert appinfo.deb_name(VERSION) == f"leasedesk_{appinfo.debian_version(VERSION)}_amd64.deb"
    if shutil.which("dpkg"):
        for older, newer in (("1.2.0rc1", "1.2.0"), ("1.2.0.dev3", "1.2.0rc1"), ("1.2.0", "1.2.0.post1")):
            ordered = ["dpkg", "--compare-versions", appinfo.debian_version(older), "lt", appinfo.debian_version(newer)]
            assert subprocess.run(ordered, check=False).returncode == 0, (older, newer)


def test_desktop_entry_and_mime_type_agree() -> None:
    desktop = configparser.ConfigParser(interpolation=None)
    desktop.optionxform = str  # type: ignore[assignment,method-assign]
    desktop.read(PACKAGING / "linux" / "leasedesk.desktop", encoding="utf-8")
    entry = desktop["Desktop Entry"]
    assert entry["Exec"].split()[0] == appinfo.EXECUTABLE
    assert entry["Icon"] == appinfo.EXECUTABLE
    assert appinfo.DEAL_MIME_TYPE in entry["MimeType"].split(";")
    namespace = "{http://www.freedesktop.org/standards/shared-mime-info}"
    mime = ET.parse(PACKAGING / "linux" / "leasedesk-mime.xml").getroot()
    (mime_type,) = mime.iter(f"{namespace}mime-type")
    assert mime_type.get("type") == appinfo.DEAL_MIME_TYPE
    assert [glob.get("pattern") for glob in mime_type.iter(f"{namespace}glob")] == [f"*.{appinfo.DEAL_EXTENSION}"]


def pinned_requirements(file_name: str) -> dict[str, str]:
    """{name: version} of a packaging requirements file, asserting each line is pinned with a hash."""
    text = (PACKAGING / file_name).read_text(encoding="utf-8")
    lines = [line for line in text.replace("\\\n", " ").splitlines() if line.strip() and not line.startswith("#")]
    pins = {}
    for line in lines:
        requirement = re.match(r"([A-Za-z0-9_.-]+)==([^\s;]+)", line)
        assert requirement, line
        assert "--hash=sha256:" in line, line
        pins[requirement[1].lower()] = requirement[2]
    return pins


def test_build_requirements_are_pinned_with_hashes() -> None:
    names = set(pinned_requirements("requirements-build.txt"))
    assert {"pyinstaller", "pyinstaller-hooks-contrib", "altgraph", "packaging", "setuptools"} <= names


def test_app_requirements_are_pinned_with_hashes_and_avoid_the_leaking_qt() -> None:
    pins = pinned_requirements("requirements-app.txt")
    assert {"pyside6-essentials", "pyside6-addons", "shiboken6", "numpy", "pandas", "openpyxl"} <= set(pins)
    # PySide6 6.12.0 leaks a reference to True per signal: the frozen app (Python 3.11) must not bundle it.
    qt_versions = {pins["pyside6-essentials"], pins["pyside6-addons"], pins["shiboken6"]}
    assert len(qt_versions) == 1, qt_versions
    assert qt_versions != {"6.12.0"}


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so", True),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
        ("PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so", False),
        ("PySide6/Qt/plugins/imageformats/libqsvg.so", True),
        ("PySide6/Qt/plugins/imageformats/libqpdf.so", False),
        ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", True),
        ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
        ("PySide6\\Qt\\plugins\\platforms\\qwindows.dll", True),
        ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", True),
        ("PySide6/Qt/translations/qtbase_de.qm", False),
        ("PySide6/Qt/lib/libQt6Quick.so.6", False),
        ("PySide6/Qt/lib/libQt6Qml.so.6", False),
        ("PySide6/Qt/lib/libQt6EglFsKmsSupport.so.6", False),
        ("PySide6/Qt/lib/libQt6Network.so.6", False),
        ("PySide6/Qt/lib/libQt6Charts.so.6", True),
        ("PySide6/Qt/lib/libQt6OpenGLWidgets.so.6", True),
        ("PySide6/Qt/lib/libQt6Svg.so.6", True),
        ("PySide6/Qt/lib/libQt6XcbQpa.so.6", True),
        ("PySide6/Qt/lib/libQt6WaylandClient.so.6", True),
        ("PySide6/Qt/lib/libavcodec.so.61", False),
        ("leasedesk/resources/samples/memphis-2026.leasedeal", True),
    ],
)
def test_bundle_filter_keeps_what_leasedesk_needs(dest: str, kept: bool) -> None:
    assert bundle_filter.keep_entry(dest) is kept


def test_system_libraries_map_to_debian_packages() -> None:
    assert bundle_filter.system_package("libxcb-cursor.so.0") == "libxcb-cursor0"
    assert bundle_filter.system_package("libxkbcommon-x11.so.0") == "libxkbcommon-x11-0"
    assert bundle_filter.system_package("libstdc++.so.6") == "libstdc++6"
    assert bundle_filter.system_package("libffi.so.8") is None  # bundled: Python's ctypes needs its own
    assert bundle_filter.is_system_provided("libc.so.6")


def test_icon_containers_hold_png_images() -> None:
    pngs = {size: b"\x89PNG fake %d" % size for size in (16, 32, 256)}
    ico = make_icons.ico_bytes(pngs)
    assert struct.unpack_from("<HHH", ico) == (0, 1, 3)
    width, _height, _colors, _reserved, _planes, bits, size, offset = struct.unpack_from("<BBBBHHII", ico, 6 + 2 * 16)
    assert (width, bits) == (0, 32)  # 0 means 256
    assert ico[offset : offset + size] == pngs[256]
    icns = make_icons.icns_bytes({size: b"png%d" % size for _kind, size in make_icons.ICNS_TYPES})
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)
