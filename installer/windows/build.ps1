# Build the fieldcase bundle on Windows (PowerShell, Python 3.11+ on PATH), then the installer.
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")
if (-not (Test-Path .venv)) { python -m venv .venv }
# the pinned, hashed requirements (scripts/lock; one file for every platform), then the package
.venv\Scripts\python -m pip install -q --require-hashes -r requirements\dev.txt
.venv\Scripts\python -m pip install -q --no-deps --no-build-isolation -e .
# Windows checkouts may not keep the src/fieldcase/_migrations and _resources symlinks; the spec
# takes migrations/ and resources/ from the top of the repository, so the bundle does not need them.
.venv\Scripts\pyinstaller --noconfirm --distpath dist --workpath build\pyinstaller installer\fieldcase.spec
dist\fieldcase\fieldcase.exe --version
$env:FIELDCASE_VERSION = (.venv\Scripts\python -c "import fieldcase; print(fieldcase.__version__)")
iscc installer\windows\fieldcase.iss
