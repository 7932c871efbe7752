#!/usr/bin/env bash
# Makes dist/leasedesk-<version>-macos.dmg from dist/LeaseDesk.app, on macOS.
#
# Run after `python packaging/build.py` (which runs this script itself on macOS), from anywhere:
#     bash packaging/macos/make_dmg.sh
# Optional: CODESIGN_IDENTITY="Developer ID Application: ..." signs the app (hardened runtime) first, and
# NOTARY_PROFILE=<notarytool keychain profile> notarizes and staples the .dmg. Without them the app keeps
# PyInstaller's ad-hoc signature, which Gatekeeper lets run after a right-click > Open.
set -euo pipefail
cd "$(dirname "$0")/../.."

python=${PYTHON:-python3}
version=$("$python" -c 'import sys; sys.path.insert(0, "packaging"); import appinfo; print(appinfo.read_version())')
dmg_name=$("$python" -c 'import sys; sys.path.insert(0, "packaging"); import appinfo; print(appinfo.dmg_name(sys.argv[1]))' "$version")
app=dist/LeaseDesk.app

[[ -d "$app" ]] || { echo "make_dmg.sh: $app is missing: run python packaging/build.py first" >&2; exit 1; }
plist_version=$(/usr/libexec/PlistBuddy -c "Print :CFBundleShortVersionString" "$app/Contents/Info.plist")
if [[ "$plist_version" != "$version" ]]; then
    echo "make_dmg.sh: $app is version $plist_version, the source is $version: rebuild it" >&2
    exit 1
fi

if [[ -n "${CODESIGN_IDENTITY:-}" ]]; then
    codesign --force --deep --options runtime --timestamp --sign "$CODESIGN_IDENTITY" "$app"
    codesign --verify --deep --strict "$app"
fi

staging=$(mktemp -d)
trap 'rm -rf "$staging"' EXIT
ditto "$app" "$staging/LeaseDesk.app"
ln -s /Applications "$staging/Applications"

dmg="dist/$dmg_name"
rm -f "$dmg"
hdiutil create -volname "LeaseDesk $version" -srcfolder "$staging" -fs HFS+ -format UDZO -ov "$dmg"

if [[ -n "${NOTARY_PROFILE:-}" ]]; then
    xcrun notarytool submit "$dmg" --keychain-profile "$NOTARY_PROFILE" --wait
    xcrun stapler staple "$dmg"
fi
echo "$dmg"
