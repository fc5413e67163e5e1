; Inno Setup script for the fieldcase desktop app (Windows). Build the bundle first with
; `installer\build.ps1`, then: iscc installer\windows\fieldcase.iss
#define AppVersion GetEnv("FIELDCASE_VERSION")

[Setup]
AppId={{6B1E4D8A-3C2F-4E55-9A77-1F0C2B9D4E10}
AppName=fieldcase
AppVersion={#AppVersion}
AppPublisher=fieldcase
DefaultDirName={autopf}\fieldcase
DefaultGroupName=fieldcase
OutputDir=..\..\dist
OutputBaseFilename=fieldcase-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequired=admin
; silent installs (/VERYSILENT) close a running fieldcase instead of failing on locked files
CloseApplications=force

; An upgrade first removes the old version's bundle files, so none of them stays behind (IT's
; fieldcase-deployment.json is installed again from beside the new setup program). The caseworker's
; data folder (%LOCALAPPDATA%\fieldcase) is never touched by install, upgrade or uninstall.
[InstallDelete]
Type: filesandordirs; Name: "{app}\_internal"
Type: files; Name: "{app}\fieldcase.exe"

[Files]
Source: "..\..\dist\fieldcase\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion
; IT places the agency's deployment file beside the installer; it is copied next to fieldcase.exe
Source: "{src}\fieldcase-deployment.json"; DestDir: "{app}"; Flags: external skipifsourcedoesntexist

[Icons]
Name: "{group}\fieldcase"; Filename: "{app}\fieldcase.exe"; Parameters: "app"
Name: "{commondesktop}\fieldcase"; Filename: "{app}\fieldcase.exe"; Parameters: "app"
