"""Builds the frozen LeaseDesk and its installers: ``python packaging/build.py`` from the repository root.

From a clean state (build/pyinstaller and dist/leasedesk are removed first) it:
1. prepares the build environment build/venv (created once; re-created when packaging/requirements-*.txt
   change): PyInstaller and the app's runtime dependencies, each pinned with its hashes;
2. makes the icon files from resources/icons/leasedesk.svg (or .png) into build/icons;
3. runs PyInstaller on packaging/leasedesk.spec with PYTHONHASHSEED=0 and SOURCE_DATE_EPOCH (the last
   commit's date) into dist/leasedesk/, then (Linux) strips the binaries;
4. checks the bundle (size budget, no WebEngine/Qml/Quick, required Qt plugins, every linked library bundled
   or named in the .deb's Depends) and runs the frozen program: --version, compare on the sample, and
   --smoke-test offscreen, which must exit 0;
5. Linux: dist/leasedesk_<version>_amd64.deb and dist/leasedesk-<version>-linux-x86_64.tar.gz;
   Windows: the Inno Setup installer when ISCC.exe is found; macOS: the .dmg (macos/make_dmg.sh);
6. prints the sizes and the build time.
Needs on Linux: binutils (strip) and dpkg-deb. Exit status 0 only when every step passed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import appinfo
import bundle_checks

ROOT = appinfo.REPO_ROOT
PACKAGING = appinfo.PACKAGING_DIR
BUILD = ROOT / "build"
DIST = ROOT / "dist"
ONEDIR = DIST / appinfo.EXECUTABLE
WORK = BUILD / "pyinstaller"
LOG = BUILD / "pyinstaller.log"
REQUIREMENTS = (PACKAGING / "requirements-build.txt", PACKAGING / "requirements-app.txt")
IS_LINUX = sys.platform.startswith("linux")
IS_WINDOWS = sys.platform == "win32"
IS_MACOS = sys.platform == "darwin"
FROZEN_TIMEOUT = 120  # seconds; --smoke-test gives up by itself after 30


class BuildError(Exception):
    """A step failed: the message says which and why."""


class Steps:
    """Times each step and prints one line per step."""

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.durations: list[tuple[str, float]] = []

    def run(self, title: str, action, *args, **kwargs):  # type: ignore[no-untyped-def]
        print(f"==> {title}", flush=True)
        begun = time.monotonic()
        result = action(*args, **kwargs)
        self.durations.append((title, time.monotonic() - begun))
        return result

    @property
    def total(self) -> float:
        return time.monotonic() - self.started


def source_date_epoch() -> int:
    """SOURCE_DATE_EPOCH from the environment, else the last commit's time, else a fixed date."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").isdigit():
        return int(os.environ["SOURCE_DATE_EPOCH"])
    if shutil.which("git") and (ROOT / ".git").exists():
        result = subprocess.run(
            ["git", "-C", str(ROOT), "log", "-1", "--format=%ct"], capture_output=True, text=True, check=False
        )
        if result.returncode == 0 and result.stdout.strip().isdigit():
            return int(result.stdout.strip())
    return appinfo.FALLBACK_SOURCE_DATE_EPOCH


def venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if IS_WINDOWS else "bin/python")


def prepare_environment(venv: Path) -> Path:
    """Create or reuse the build environment; reinstall when the requirement files changed."""
    digest = hashlib.sha256(b"".join(path.read_bytes() for path in REQUIREMENTS)).hexdigest()
    stamp = venv / "leasedesk-requirements.sha256"
    python = venv_python(venv)
    if python.exists() and stamp.exists() and stamp.read_text().strip() == digest:
        print(f"    reusing {venv}")
        return python
    if venv.exists():
        shutil.rmtree(venv)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    for requirements in REQUIREMENTS:
        subprocess.run([*pip, "--require-hashes", "-r", str(requirements)], check=True)
    stamp.write_text(digest + "\n")
    return python


def check_python(python: Path) -> None:
    """The chosen environment has the pinned PyInstaller (when --python names an existing one)."""
    pinned = next(
        line.split("==")[1].split()[0]
        for line in REQUIREMENTS[0].read_text().splitlines()
        if line.startswith("pyinstaller==")
    )
    result = subprocess.run(
        [str(python), "-c", "import PyInstaller; print(PyInstaller.__version__)"], capture_output=True, text=True
    )
    if result.returncode != 0 or result.stdout.strip() != pinned:
        raise BuildError(
            f"{python} has no PyInstaller {pinned} (pip install --require-hashes -r {REQUIREMENTS[0]} into it)"
        )


def icon_source(icons_dir: Path) -> Path:
    """leasedesk.svg, else leasedesk.png, else the largest leasedesk-<size>.png of the icons folder."""
    for name in (appinfo.ICON_SVG, appinfo.ICON_PNG):
        if (icons_dir / name).is_file():
            return icons_dir / name
    sized = [path for path in icons_dir.glob("leasedesk-*.png") if path.stem.split("-")[-1].isdigit()]
    if sized:
        return max(sized, key=lambda path: int(path.stem.split("-")[-1]))
    raise BuildError(
        f"the application icon is missing: expected {icons_dir / appinfo.ICON_SVG} (preferred), "
        f"{icons_dir / appinfo.ICON_PNG} or leasedesk-<size>.png there (square, at least 256 px). "
        "The window's author adds it to resources/icons/."
    )


def make_icons(python: Path, source: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    subprocess.run(
        [str(python), str(PACKAGING / "make_icons.py"), str(source), str(appinfo.GENERATED_ICONS_DIR)],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )


def run_pyinstaller(python: Path, epoch: int) -> None:
    for stale in (WORK, ONEDIR, DIST / f"{appinfo.APP_NAME}.app"):
        if stale.exists():
            shutil.rmtree(stale)
    env = dict(os.environ, PYTHONHASHSEED="0", SOURCE_DATE_EPOCH=str(epoch), QT_QPA_PLATFORM="offscreen")
    command = [
        str(python), "-m", "PyInstaller", "--noconfirm", "--clean",
        "--distpath", str(DIST), "--workpath", str(WORK), str(PACKAGING / "leasedesk.spec"),
    ]  # fmt: skip
    LOG.parent.mkdir(parents=True, exist_ok=True)
    with LOG.open("w", encoding="utf-8") as log:
        result = subprocess.run(command, stdout=log, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
    if result.returncode != 0:
        tail = "\n".join(LOG.read_text(encoding="utf-8", errors="replace").splitlines()[-40:])
        raise BuildError(f"PyInstaller failed (exit {result.returncode}); the end of {LOG}:\n{tail}")
    print(f"    log: {LOG}")


def strip_binaries() -> None:
    files = bundle_checks.strippable_files(ONEDIR)
    before = bundle_checks.tree_size(ONEDIR)
    subprocess.run(["strip", "--strip-unneeded", *map(str, files)], check=True)
    saved = before - bundle_checks.tree_size(ONEDIR)
    print(f"    {len(files)} files, {bundle_checks.megabytes(saved)} saved")


def check_bundle() -> bundle_checks.BundleReport:
    report = bundle_checks.check_bundle(ONEDIR)
    if report.problems:
        raise BuildError("the bundle is not right:\n  " + "\n  ".join(report.problems))
    print(f"    {report.file_count} files, {bundle_checks.megabytes(report.size)}")
    return report


def frozen_executable() -> Path:
    name = appinfo.CLI_EXECUTABLE + ".exe" if IS_WINDOWS else appinfo.EXECUTABLE
    return ONEDIR / name


def run_frozen(arguments: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    """Run the frozen program offscreen with throw-away home and config folders."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(home), XDG_CONFIG_HOME=str(home / "config"))
    env.update(XDG_DATA_HOME=str(home / "data"), XDG_CACHE_HOME=str(home / "cache"))
    try:
        return subprocess.run(
            [str(frozen_executable()), *arguments], capture_output=True, text=True, env=env, timeout=FROZEN_TIMEOUT
        )
    except subprocess.TimeoutExpired as error:
        raise BuildError(f"frozen `leasedesk {' '.join(arguments)}` did not finish in {FROZEN_TIMEOUT} s") from error


def _require(result: subprocess.CompletedProcess[str], what: str) -> None:
    if result.returncode != 0:
        raise BuildError(f"frozen {what} exited {result.returncode}:\n{result.stdout}{result.stderr}")


def check_frozen_program(version: str, smoke_test: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="leasedesk-frozen-") as folder:
        home = Path(folder)
        result = run_frozen(["--version"], home)
        _require(result, "--version")
        if result.stdout.strip() != f"leasedesk {version}":
            raise BuildError(f"frozen --version printed {result.stdout.strip()!r}, expected 'leasedesk {version}'")
        sample = bundle_checks.internal_dir(ONEDIR) / bundle_checks.SAMPLE
        result = run_frozen(["compare", str(sample), "--json"], home)
        _require(result, "compare --json")
        offers = json.loads(result.stdout)["offers"]
        print(f"    --version and compare work ({len(offers)} offers in the bundled sample)")
        if not smoke_test:
            print("    WARNING: --smoke-test skipped (--skip-smoke-test): this build is not verified")
            return
        result = run_frozen(["--smoke-test"], home)
        _require(result, "--smoke-test")
        print(f"    --smoke-test: {result.stdout.strip()}")


def make_linux_packages(version: str, report: bundle_checks.BundleReport, icon: Path, epoch: int) -> list[Path]:
    import linux_packages

    icons = appinfo.GENERATED_ICONS_DIR
    pngs = {size: icons / f"leasedesk-{size}.png" for size in (16, 24, 32, 48, 64, 128, 256, 512)}
    deb = linux_packages.make_deb(
        onedir=ONEDIR,
        version=version,
        depends=report.debian_depends(),
        icon_pngs=pngs,
        icon_svg=icon if icon.suffix == ".svg" else None,
        staging=BUILD / "deb-root",
        out_dir=DIST,
        epoch=epoch,
    )
    tarball = linux_packages.make_tarball(onedir=ONEDIR, version=version, out_dir=DIST, epoch=epoch)
    return [deb, tarball]


def make_windows_installer(version: str) -> list[Path]:
    iscc = shutil.which("ISCC") or shutil.which("iscc")
    script = PACKAGING / "windows" / "leasedesk.iss"
    if iscc is None:
        print(f"    Inno Setup (ISCC.exe) not found: install Inno Setup 6, then run: ISCC {script}")
        return []
    subprocess.run([iscc, f"/DAppVersion={version}", script], check=True)
    return [DIST / appinfo.windows_installer_name(version)]


def make_dmg(version: str) -> list[Path]:
    env = dict(os.environ, PYTHON=sys.executable)
    subprocess.run(["bash", str(PACKAGING / "macos" / "make_dmg.sh")], check=True, env=env)
    return [DIST / appinfo.dmg_name(version)]


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Build the frozen LeaseDesk and its installers.")
    parser.add_argument("--venv", type=Path, default=BUILD / "venv", help="build environment (default build/venv)")
    parser.add_argument("--python", type=Path, help="use this Python (with the pinned PyInstaller) instead of --venv")
    parser.add_argument("--icons-dir", type=Path, default=appinfo.ICONS_DIR, help="folder of leasedesk.svg/.png")
    parser.add_argument(
        "--skip-smoke-test",
        action="store_true",
        help="development only, until the window's --smoke-test exists: check --version and compare only",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    version = appinfo.read_version()
    epoch = source_date_epoch()
    steps = Steps()
    print(f"LeaseDesk {version}: building on {sys.platform}, SOURCE_DATE_EPOCH={epoch}")
    try:
        if IS_LINUX:
            missing = [tool for tool in ("strip", "dpkg-deb") if shutil.which(tool) is None]
            if missing:
                raise BuildError(f"missing tools: {', '.join(missing)} (apt-get install binutils dpkg)")
        icon = icon_source(arguments.icons_dir)
        if arguments.python:
            python = arguments.python
            steps.run("checking the build environment", check_python, python)
        else:
            python = steps.run("preparing the build environment", prepare_environment, arguments.venv.resolve())
        steps.run(f"making icons from {icon.name}", make_icons, python, icon)
        steps.run("running PyInstaller", run_pyinstaller, python, epoch)
        if IS_LINUX:
            steps.run("stripping the binaries", strip_binaries)
        report = steps.run("checking the bundle", check_bundle)
        steps.run("running the frozen program", check_frozen_program, version, not arguments.skip_smoke_test)
        artefacts: list[Path] = []
        if IS_LINUX:
            artefacts = steps.run("making the .deb and the .tar.gz", make_linux_packages, version, report, icon, epoch)
        elif IS_WINDOWS:
            artefacts = steps.run("making the Windows installer", make_windows_installer, version)
        elif IS_MACOS:
            artefacts = steps.run("making the .dmg", make_dmg, version)
    except (BuildError, subprocess.CalledProcessError) as error:
        print(f"build.py: FAILED after {steps.total:.0f} s: {error}", file=sys.stderr)
        return 1
    print("\nBuilt:")
    print(f"  {ONEDIR.relative_to(ROOT)}/  {bundle_checks.megabytes(report.size)} ({report.file_count} files)")
    for artefact in artefacts:
        print(f"  {artefact.relative_to(ROOT)}  {bundle_checks.megabytes(artefact.stat().st_size)}")
    print("Time:")
    for title, seconds in steps.durations:
        print(f"  {seconds:6.1f} s  {title}")
    print(f"  {steps.total:6.1f} s  in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
