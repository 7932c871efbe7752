; Inno Setup 6 script of the LeaseDesk installer for Windows (x64).
;
; Build on Windows, from the repository root: `python packaging\build.py` freezes the app into dist\leasedesk\
; (leasedesk.exe windowed, leasedesk-cli.exe console, one _internal folder), makes build\icons\leasedesk.ico
; and then runs this script when ISCC.exe is on PATH. By hand, after build.py:
;     ISCC packaging\windows\leasedesk.iss
; The version is read from leasedesk.exe's version resource, which the spec stamps from leasedesk.__version__;
; build.py passes the same version as /DAppVersion=X. Output: dist\leasedesk-<version>-windows-x64-setup.exe.

#define AppName "LeaseDesk"
#define AppPublisher "LeaseDesk"
#define AppExeName "leasedesk.exe"
#define AppCliExeName "leasedesk-cli.exe"
#define DealExtension ".leasedeal"
#define DealProgId "LeaseDesk.Deal"
#define DealTypeName "LeaseDesk deal"
#define RepoDir AddBackslash(SourcePath) + "..\.."
#define DistDir RepoDir + "\dist\leasedesk"
#define IconFile RepoDir + "\build\icons\leasedesk.ico"

#if !FileExists(DistDir + "\" + AppExeName)
  #error dist\leasedesk\leasedesk.exe is missing: run python packaging\build.py first
#endif
#if !FileExists(DistDir + "\" + AppCliExeName)
  #error dist\leasedesk\leasedesk-cli.exe is missing: run python packaging\build.py first
#endif
#ifndef AppVersion
  #define AppVersion GetStringFileInfo(DistDir + "\" + AppExeName, "ProductVersion")
#endif
#if AppVersion == ""
  #error leasedesk.exe carries no ProductVersion: rebuild with packaging\leasedesk.spec
#endif
#define AppVersionNumbers GetVersionNumbersString(DistDir + "\" + AppExeName)

[Setup]
; AppId identifies the product across versions (upgrades replace, uninstall finds it): never change it.
AppId={{6C1E5F3A-8D2B-4B7E-9A41-2F0C7D5E8B13}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#AppPublisher}
VersionInfoVersion={#AppVersionNumbers}
VersionInfoProductVersion={#AppVersionNumbers}
VersionInfoProductTextVersion={#AppVersion}
VersionInfoDescription={#AppName} installer
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Per-user install without administrator rights by default; the dialog offers all users.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#RepoDir}\dist
OutputBaseFilename=leasedesk-{#AppVersion}-windows-x64-setup
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\{#AppExeName}
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole onedir: both executables and their shared _internal folder.
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; A previous version's bundled libraries must not linger beside the new ones.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExeName}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExeName}"; Tasks: desktopicon

[Registry]
; The .leasedeal file association (HKA: per user or all users, as installed).
Root: HKA; Subkey: "Software\Classes\{#DealExtension}"; ValueType: string; ValueName: ""; ValueData: "{#DealProgId}"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#DealExtension}"; ValueType: string; ValueName: "Content Type"; ValueData: "application/x-leasedesk-deal"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#DealExtension}\OpenWithProgids"; ValueType: string; ValueName: "{#DealProgId}"; ValueData: ""; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\{#DealProgId}"; ValueType: string; ValueName: ""; ValueData: "{#DealTypeName}"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\{#DealProgId}\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExeName},0"
Root: HKA; Subkey: "Software\Classes\{#DealProgId}\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExeName}"" ""%1"""
Root: HKA; Subkey: "Software\Classes\Applications\{#AppExeName}\SupportedTypes"; ValueType: string; ValueName: "{#DealExtension}"; ValueData: ""; Flags: uninsdeletekey

[Run]
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
