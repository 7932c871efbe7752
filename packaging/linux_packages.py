"""Packs the Linux onedir app into dist/leasedesk_<version>_amd64.deb and dist/leasedesk-<version>-linux-x86_64.tar.gz.

Both are reproducible: files sorted, owned by root, dated SOURCE_DATE_EPOCH. The .deb puts the onedir under
/opt/leasedesk with a relative link /usr/bin/leasedesk -> ../../opt/leasedesk/leasedesk, the .desktop entry,
the icons and the .leasedeal MIME type (the shared-mime-info, desktop-file-utils and hicolor icon theme dpkg
triggers refresh their caches, so no maintainer scripts are needed).
"""

from __future__ import annotations

import gzip
import os
import shutil
import stat
import subprocess
import tarfile
from pathlib import Path
from string import Template

import appinfo

LINUX_DIR = appinfo.PACKAGING_DIR / "linux"
DESKTOP_FILE = LINUX_DIR / "leasedesk.desktop"
MIME_FILE = LINUX_DIR / "leasedesk-mime.xml"
CONTROL_TEMPLATE = LINUX_DIR / "control.in"
INSTALL_DIR = "opt/leasedesk"
MIME_ICON_NAME = appinfo.DEAL_MIME_TYPE.replace("/", "-")


def _is_executable(name: str, mode: int) -> bool:
    """Programs keep their x bit; shared libraries (.so) do not need it and Debian wants them 0644."""
    return bool(mode & stat.S_IXUSR) and ".so" not in name


def _normalize_tree(root: Path, epoch: int) -> None:
    """Permissions 0755/0644 and every date SOURCE_DATE_EPOCH."""
    for path in sorted(root.rglob("*"), reverse=True):
        if path.is_symlink():
            os.utime(path, (epoch, epoch), follow_symlinks=False)
            continue
        executable = path.is_dir() or _is_executable(path.name, path.stat().st_mode)
        path.chmod(0o755 if executable else 0o644)
        os.utime(path, (epoch, epoch))
    root.chmod(0o755)
    os.utime(root, (epoch, epoch))


def _installed_size_kib(root: Path) -> int:
    total = 0
    for path in root.rglob("*"):
        if path.is_symlink() or path.is_dir():
            total += 1
        else:
            total += (path.stat().st_size + 1023) // 1024
    return total


def control_text(*, version: str, installed_size: int, depends: list[str]) -> str:
    template = Template(CONTROL_TEMPLATE.read_text(encoding="utf-8"))
    return template.substitute(
        version=appinfo.debian_version(version),
        installed_size=installed_size,
        depends=", ".join(depends),
        description=appinfo.DESCRIPTION,
    )


def make_deb(
    *,
    onedir: Path,
    version: str,
    depends: list[str],
    icon_pngs: dict[int, Path],
    icon_svg: Path | None,
    staging: Path,
    out_dir: Path,
    epoch: int,
) -> Path:
    """Stage the package tree in ``staging`` and build the .deb with dpkg-deb; returns the .deb's path."""
    if staging.exists():
        shutil.rmtree(staging)
    shutil.copytree(onedir, staging / INSTALL_DIR, symlinks=True)
    usr_bin = staging / "usr" / "bin"
    usr_bin.mkdir(parents=True)
    (usr_bin / appinfo.EXECUTABLE).symlink_to(f"../../{INSTALL_DIR}/{appinfo.EXECUTABLE}")
    share = staging / "usr" / "share"
    for source, target in (
        (DESKTOP_FILE, share / "applications" / "leasedesk.desktop"),
        (MIME_FILE, share / "mime" / "packages" / "leasedesk.xml"),
    ):
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    hicolor = share / "icons" / "hicolor"
    for size, png in sorted(icon_pngs.items()):
        for context, name in (("apps", appinfo.EXECUTABLE), ("mimetypes", MIME_ICON_NAME)):
            target = hicolor / f"{size}x{size}" / context / f"{name}.png"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(png, target)
    if icon_svg is not None:
        for context, name in (("apps", appinfo.EXECUTABLE), ("mimetypes", MIME_ICON_NAME)):
            target = hicolor / "scalable" / context / f"{name}.svg"
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(icon_svg, target)
    doc = share / "doc" / appinfo.EXECUTABLE
    doc.mkdir(parents=True)
    (doc / "copyright").write_text(
        f"{appinfo.APP_NAME} {version}\n{appinfo.COPYRIGHT}. License: proprietary.\n"
        "The bundled Qt (LGPLv3), PySide6 (LGPLv3), Python (PSF), numpy, pandas and openpyxl\n"
        "keep their own licenses.\n",
        encoding="utf-8",
    )
    installed_size = _installed_size_kib(staging)
    control = staging / "DEBIAN" / "control"
    control.parent.mkdir()
    control.write_text(control_text(version=version, installed_size=installed_size, depends=depends), encoding="utf-8")
    _normalize_tree(staging, epoch)

    out_dir.mkdir(parents=True, exist_ok=True)
    deb = out_dir / appinfo.deb_name(version)
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(epoch))
    subprocess.run(
        ["dpkg-deb", "--root-owner-group", "-Zgzip", "-z6", "--build", str(staging), str(deb)],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    return deb


def make_tarball(*, onedir: Path, version: str, out_dir: Path, epoch: int) -> Path:
    """The onedir as leasedesk-<version>/ in a .tar.gz, entries sorted, root-owned, dated SOURCE_DATE_EPOCH."""
    out_dir.mkdir(parents=True, exist_ok=True)
    tarball = out_dir / appinfo.tarball_name(version)
    top = f"{appinfo.EXECUTABLE}-{version}"

    def normalized(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = "root"
        info.mtime = epoch
        if info.isdir() or (info.isfile() and _is_executable(info.name, info.mode)):
            info.mode = 0o755
        elif not info.issym():
            info.mode = 0o644
        return info

    paths = [onedir, *sorted(onedir.rglob("*"))]
    with (
        tarball.open("wb") as raw,
        gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=6, mtime=epoch) as zipped,
        tarfile.open(fileobj=zipped, mode="w", format=tarfile.PAX_FORMAT) as archive,
    ):
        for path in paths:
            name = top if path == onedir else f"{top}/{path.relative_to(onedir).as_posix()}"
            archive.add(path, arcname=name, recursive=False, filter=normalized)
    return tarball
