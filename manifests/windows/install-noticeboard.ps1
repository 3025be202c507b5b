<#
.SYNOPSIS
  Installs or removes the noticeboard host on Windows without MSI tooling.

.DESCRIPTION
  For IT teams that deploy with scripts (Intune, SCCM scripts, a logon script) rather than the MSI
  built from noticeboard.wxs. It does what the MSI does: copies noticeboard-host.exe and the en_GB
  dictionary into one folder, writes the two native messaging manifests there with the exe's full
  path, and registers them for Chrome, Chromium, Edge and Firefox in the 64-bit registry view, where
  every browser looks. The extension itself is installed and configured by Group Policy (see
  docs/deploy.md), not here.

  Every check runs before anything is copied, and each failure says what to do.

.PARAMETER Source
  Folder holding noticeboard-host.exe, en_GB.aff and en_GB.dic. Defaults to this script's folder.

.PARAMETER InstallDir
  Where to install. Defaults to "$env:ProgramFiles\noticeboard", or
  "$env:LOCALAPPDATA\noticeboard" with -CurrentUser.

.PARAMETER CurrentUser
  Install for the signed-in user only (HKCU, no administrator rights needed).

.PARAMETER NoDictionary
  Install without the en_GB dictionary: posts are still checked, without spelling warnings.

.PARAMETER Uninstall
  Remove the registry keys, the manifests, the exe and the dictionary.

.EXAMPLE
  powershell -ExecutionPolicy Bypass -File install-noticeboard.ps1
.EXAMPLE
  powershell -ExecutionPolicy Bypass -File install-noticeboard.ps1 -Uninstall
#>
[CmdletBinding()]
param(
  [string]$Source = $PSScriptRoot,
  [string]$InstallDir,
  [switch]$CurrentUser,
  [switch]$NoDictionary,
  [switch]$Uninstall
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3

$HostName = 'org.noticeboard.host'
$ChromeOrigin = 'chrome-extension://bnalbfjhmnlchfmjgkalbiaphjodpaam/'
$FirefoxId = 'noticeboard@noticeboard.org'
$Description = "noticeboard: checks posts against the trust's social media policy, on this device only"
$ExeName = 'noticeboard-host.exe'
$DictionaryFiles = @('en_GB.aff', 'en_GB.dic')
$ChromiumManifest = 'org.noticeboard.host.chromium.json'
$FirefoxManifest = 'org.noticeboard.host.firefox.json'
# Registry key (under HKLM or HKCU) => the manifest it names.
$Registrations = [ordered]@{
  "SOFTWARE\Google\Chrome\NativeMessagingHosts\$HostName"    = $ChromiumManifest
  "SOFTWARE\Chromium\NativeMessagingHosts\$HostName"         = $ChromiumManifest
  "SOFTWARE\Microsoft\Edge\NativeMessagingHosts\$HostName"   = $ChromiumManifest
  "SOFTWARE\Mozilla\NativeMessagingHosts\$HostName"          = $FirefoxManifest
}

function Stop-WithAdvice([string]$Message) {
  [Console]::Error.WriteLine("install-noticeboard: $Message")
  exit 1
}

function Test-Administrator {
  $principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
  return $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)
}

# The 64-bit view explicitly, so a 32-bit PowerShell does not write under WOW6432Node by accident.
function Open-RegistryBase {
  $hive = if ($CurrentUser) { [Microsoft.Win32.RegistryHive]::CurrentUser } else { [Microsoft.Win32.RegistryHive]::LocalMachine }
  return [Microsoft.Win32.RegistryKey]::OpenBaseKey($hive, [Microsoft.Win32.RegistryView]::Registry64)
}

function Write-Manifest([string]$File, [string]$ExePath, [string]$AllowKey, [string]$AllowValue) {
  $manifest = [ordered]@{
    name        = $HostName
    description = $Description
    path        = $ExePath
    type        = 'stdio'
  }
  $manifest[$AllowKey] = @($AllowValue)
  # UTF-8 without a byte order mark: browsers reject a manifest that starts with one.
  $json = ConvertTo-Json -InputObject $manifest -Depth 3
  [IO.File]::WriteAllText($File, $json, (New-Object Text.UTF8Encoding($false)))
}

function Assert-CanInstall([string]$Exe) {
  if (-not $CurrentUser -and -not (Test-Administrator)) {
    Stop-WithAdvice 'installing for all users needs an elevated PowerShell ("Run as administrator"), or add -CurrentUser to install for this user only.'
  }
  if (-not (Test-Path -LiteralPath $Exe -PathType Leaf)) {
    Stop-WithAdvice "$Exe does not exist. Put the Windows build of noticeboard-host.exe in that folder, or pass -Source with the folder that holds it."
  }
  if (-not $NoDictionary) {
    foreach ($file in $DictionaryFiles) {
      if (-not (Test-Path -LiteralPath (Join-Path $Source $file) -PathType Leaf)) {
        Stop-WithAdvice "$file is missing from $Source. Copy en_GB.aff and en_GB.dic (the LibreOffice/hunspell British English dictionary) beside noticeboard-host.exe, or add -NoDictionary to install without spelling warnings."
      }
    }
  }
  try {
    $version = & $Exe --version 2>&1
    if ($LASTEXITCODE -ne 0) { throw "exit status $LASTEXITCODE" }
  } catch {
    Stop-WithAdvice "$Exe does not run on this machine ($_). Check it is the 64-bit Windows build and that any DLLs it needs sit beside it."
  }
  return $version
}

function Install-Noticeboard {
  $exe = Join-Path $Source $ExeName
  $version = Assert-CanInstall $exe
  New-Item -ItemType Directory -Force -Path $InstallDir | Out-Null
  Copy-Item -LiteralPath $exe -Destination $InstallDir -Force
  if (-not $NoDictionary) {
    foreach ($file in $DictionaryFiles) { Copy-Item -LiteralPath (Join-Path $Source $file) -Destination $InstallDir -Force }
  }
  $installedExe = Join-Path $InstallDir $ExeName
  Write-Manifest (Join-Path $InstallDir $ChromiumManifest) $installedExe 'allowed_origins' $ChromeOrigin
  Write-Manifest (Join-Path $InstallDir $FirefoxManifest) $installedExe 'allowed_extensions' $FirefoxId

  $base = Open-RegistryBase
  foreach ($entry in $Registrations.GetEnumerator()) {
    $key = $base.CreateSubKey($entry.Key)
    $key.SetValue('', (Join-Path $InstallDir $entry.Value))
    $key.Close()
  }
  $base.Close()
  Write-Output "Installed $version in $InstallDir and registered it for Chrome, Chromium, Edge and Firefox."
  Write-Output 'Next: force-install and configure the extension by Group Policy (docs/deploy.md).'
}

function Uninstall-Noticeboard {
  if (-not $CurrentUser -and -not (Test-Administrator)) {
    Stop-WithAdvice 'removing an all-users install needs an elevated PowerShell ("Run as administrator"); for a -CurrentUser install add -CurrentUser.'
  }
  $base = Open-RegistryBase
  foreach ($path in $Registrations.Keys) { $base.DeleteSubKeyTree($path, $false) }
  $base.Close()
  foreach ($file in @($ExeName, $ChromiumManifest, $FirefoxManifest) + $DictionaryFiles) {
    Remove-Item -LiteralPath (Join-Path $InstallDir $file) -Force -ErrorAction SilentlyContinue
  }
  if ((Test-Path -LiteralPath $InstallDir) -and -not (Get-ChildItem -LiteralPath $InstallDir -Force)) {
    Remove-Item -LiteralPath $InstallDir -Force
  }
  Write-Output "Removed noticeboard from $InstallDir and unregistered it."
}

if (-not $InstallDir) {
  $InstallDir = if ($CurrentUser) { Join-Path $env:LOCALAPPDATA 'noticeboard' } else { Join-Path $env:ProgramFiles 'noticeboard' }
}
if ($Uninstall) { Uninstall-Noticeboard } else { Install-Noticeboard }
