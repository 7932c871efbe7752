"""The Info.plist entries of LeaseDesk.app: version, the .leasedeal document type and its exported type.

The spec passes :func:`info_plist` to ``BUNDLE(info_plist=...)``; PyInstaller adds the executable, icon and
bundle identifier itself. Double-clicking a .leasedeal file in Finder sends the running app a file-open event
(Qt's ``QFileOpenEvent``), which the window handles.
"""

from __future__ import annotations


def info_plist(
    *, version: str, app_name: str, bundle_identifier: str, extension: str, uti: str, type_name: str, icon_file: str
) -> dict[str, object]:
    return {
        "CFBundleName": app_name,
        "CFBundleDisplayName": app_name,
        "CFBundleIdentifier": bundle_identifier,
        "CFBundleShortVersionString": version,
        "CFBundleVersion": version,
        "CFBundlePackageType": "APPL",
        "LSMinimumSystemVersion": "12.0",
        "LSApplicationCategoryType": "public.app-category.finance",
        "NSHighResolutionCapable": True,
        "NSRequiresAquaSystemAppearance": False,  # follow the system's dark mode
        "NSHumanReadableCopyright": f"{app_name} {version}",
        "CFBundleDocumentTypes": [
            {
                "CFBundleTypeName": type_name,
                "CFBundleTypeRole": "Editor",
                "LSHandlerRank": "Owner",
                "LSItemContentTypes": [uti],
                "CFBundleTypeIconFile": icon_file,
            }
        ],
        "UTExportedTypeDeclarations": [
            {
                "UTTypeIdentifier": uti,
                "UTTypeDescription": type_name,
                "UTTypeConformsTo": ["public.json", "public.data"],
                "UTTypeIconFile": icon_file,
                "UTTypeTagSpecification": {"public.filename-extension": [extension]},
            }
        ],
    }
