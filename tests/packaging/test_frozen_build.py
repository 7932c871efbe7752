"""The Linux build end to end: build.py's onedir app, its .deb and .tar.gz, and the unpacked program's smoke test.

The build runs once for the module (a few minutes; build.py itself checks the frozen --smoke-test). With
LEASEDESK_PACKAGING_BUILT=1 the tests use the dist/ of a build that was just made instead of building again.
"""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

import appinfo
import bundle_checks

pytestmark = pytest.mark.packaging

REPO_ROOT = appinfo.REPO_ROOT
DIST = REPO_ROOT / "dist"
ONEDIR = DIST / appinfo.EXECUTABLE
VERSION = appinfo.read_version()
FORBIDDEN_QT = re.compile(r"WebEngine|Qml|Quick", re.IGNORECASE)
QT_RUNTIME_DEPENDS = ("libxcb-cursor0", "libxkbcommon-x11-0", "libegl1", "libgl1", "libfontconfig1", "libdbus-1-3")


@pytest.fixture(scope="module")
def built() -> Path:
    """dist/ after ``python packaging/build.py`` (or as the previous build left it, when told so)."""
    if os.environ.get("LEASEDESK_PACKAGING_BUILT") != "1":
        result = subprocess.run(
            [sys.executable, str(REPO_ROOT / "packaging" / "build.py")],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, f"build.py failed:\n{result.stdout[-6000:]}\n{result.stderr[-6000:]}"
    artefacts = (ONEDIR / appinfo.EXECUTABLE, DIST / appinfo.deb_name(VERSION), DIST / appinfo.tarball_name(VERSION))
    for artefact in artefacts:
        assert artefact.exists(), f"{artefact} was not built"
    return DIST


def run_program(executable: Path, arguments: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(home), XDG_CONFIG_HOME=str(home / "config"))
    return subprocess.run(
        [str(executable), *arguments], capture_output=True, text=True, env=env, timeout=120, check=False
    )


def test_no_webengine_qml_or_quick_library_is_collected(built: Path) -> None:
    offenders = [str(path.relative_to(ONEDIR)) for path in ONEDIR.rglob("*") if FORBIDDEN_QT.search(path.name)]
    assert offenders == []


def test_onedir_is_under_budget_and_links_only_bundled_or_declared_libraries(built: Path) -> None:
    report = bundle_checks.check_bundle(ONEDIR)
    assert report.problems == []
    assert report.size < bundle_checks.SIZE_BUDGET_BYTES


def test_deb_metadata_names_version_and_qt_runtime_libraries(built: Path) -> None:
    deb = built / appinfo.deb_name(VERSION)
    fields = subprocess.run(
        ["dpkg-deb", "--field", str(deb), "Package", "Version", "Architecture", "Depends"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Package: leasedesk\n" in fields
    assert f"Version: {appinfo.debian_version(VERSION)}\n" in fields
    assert "Architecture: amd64\n" in fields
    depends_field = fields.split("Depends:")[1].strip()
    depends = {alternative.split()[0] for part in depends_field.split(",") for alternative in part.split("|")}
    for package in QT_RUNTIME_DEPENDS:
        assert package in depends


def test_unpacked_deb_runs_its_smoke_test_through_the_usr_bin_link(built: Path, tmp_path: Path) -> None:
    root = tmp_path / "root"
    subprocess.run(["dpkg-deb", "-x", str(built / appinfo.deb_name(VERSION)), str(root)], check=True)
    link = root / "usr" / "bin" / "leasedesk"
    assert link.is_symlink()
    assert os.readlink(link) == "../../opt/leasedesk/leasedesk"
    for installed in (
        "usr/share/applications/leasedesk.desktop",
        "usr/share/mime/packages/leasedesk.xml",
        "usr/share/icons/hicolor/256x256/apps/leasedesk.png",
        "opt/leasedesk/_internal/leasedesk/resources/samples/memphis-2026.leasedeal",
    ):
        assert (root / installed).is_file(), installed

    version = run_program(link, ["--version"], tmp_path)
    assert (version.returncode, version.stdout.strip()) == (0, f"leasedesk {VERSION}")
    smoke = run_program(link, ["--smoke-test"], tmp_path)
    assert smoke.returncode == 0, smoke.stdout + smoke.stderr
    assert len(smoke.stdout.strip().splitlines()) == 1, smoke.stdout


def test_frozen_program_takes_4000_keystrokes_in_the_fee_and_exits_cleanly(built: Path, tmp_path: Path) -> None:
    """The bundled Qt does not leak a reference per signal (PySide6 6.12.0 aborted after about 1,600)."""
    result = run_program(ONEDIR / appinfo.EXECUTABLE, ["--endurance-test", "4000"], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    assert "endurance test ok: 4000 keystrokes" in result.stdout


def test_tarball_holds_the_onedir_with_an_executable_program(built: Path) -> None:
    top = f"{appinfo.EXECUTABLE}-{VERSION}"
    with tarfile.open(built / appinfo.tarball_name(VERSION)) as archive:
        members = {member.name: member for member in archive.getmembers()}
    program = members[f"{top}/{appinfo.EXECUTABLE}"]
    assert program.isfile() and program.mode & 0o111
    assert f"{top}/_internal/leasedesk/resources/samples/memphis-2026.leasedeal" in members
    assert all(member.uid == 0 and member.gid == 0 for member in members.values())


def test_frozen_program_exports_a_deal_large_enough_for_the_worker_processes(built: Path, tmp_path: Path) -> None:
    """A large export renders its offer sheets in spawned worker processes (excel.sheet_workers): frozen, each
    worker is the program started again, which multiprocessing.freeze_support() must turn into a worker and
    not into a second command line. 300 offers x 600 months pass the workers' threshold."""
    sys.path.insert(0, str(REPO_ROOT / "tests" / "benchmarks"))
    from bench_deals import make_deal

    from leasedesk.core.model import LeaseOffer
    from leasedesk.excel.sheet_workers import PARALLEL_CELLS
    from leasedesk.files import save_deal

    offers, months = 300, 600
    assert offers * months * 25 >= PARALLEL_CELLS  # ~25 schedule columns: the workers start
    deal_path, workbook = tmp_path / "large.leasedeal", tmp_path / "large.xlsx"
    deal = make_deal(offers, months)  # its fee steps go below 0 past 150 offers, which a file may not hold
    fees = tuple(dataclasses.replace(o, monthly_fee=abs(o.monthly_fee)) if isinstance(o, LeaseOffer) else o
                 for o in deal.offers)
    save_deal(dataclasses.replace(deal, offers=fees), deal_path)
    result = run_program(ONEDIR / appinfo.EXECUTABLE, ["export", str(deal_path), "-o", str(workbook)], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr[-3000:]
    assert "worker" not in result.stderr.lower(), result.stderr[-3000:]  # none failed to start or died
    with zipfile.ZipFile(workbook) as package:
        assert package.testzip() is None
        sheets = [name for name in package.namelist() if name.startswith("xl/worksheets/sheet")]
    assert len(sheets) >= offers


def test_frozen_program_bundles_isal_for_the_exports_deflate(built: Path) -> None:
    """excel/deflate.py imports isal by name (the spec's hidden import): without it the build would quietly
    deflate large exports with zlib, four times slower."""
    assert list((ONEDIR / "_internal" / "isal").glob("isal_zlib*")), "isal.isal_zlib is not in the bundle"
