"""Create .venv with pip, even where Debian's python3-venv (ensurepip) is missing.

`python3 -m venv` needs ensurepip, which Debian ships in a separate package. A
fresh machine with only python3 and make may lack it, so on failure we create
the environment without pip and install pip from its wheel on PyPI, checking
the wheel's SHA-256 against the digest PyPI publishes.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
import urllib.request
import venv
from pathlib import Path

VENV = Path(sys.argv[1] if len(sys.argv) > 1 else ".venv")
PIP_VERSION = "25.3"


def has_pip(python: Path) -> bool:
    return subprocess.run([str(python), "-m", "pip", "--version"], capture_output=True).returncode == 0


def main() -> int:
    python = VENV / "bin" / "python"
    if python.exists() and has_pip(python):
        return 0
    try:
        venv.EnvBuilder(with_pip=True, clear=True).create(VENV)
    except (subprocess.CalledProcessError, OSError) as error:
        print(f"venv with pip failed ({error}); installing pip from PyPI instead.")
        shutil.rmtree(VENV, ignore_errors=True)
        venv.EnvBuilder(with_pip=False).create(VENV)
    if has_pip(python):
        return 0
    with urllib.request.urlopen(f"https://pypi.org/pypi/pip/{PIP_VERSION}/json", timeout=60) as r:
        release = json.load(r)
    wheel = next(u for u in release["urls"] if u["filename"].endswith(".whl"))
    with urllib.request.urlopen(wheel["url"], timeout=120) as r:
        data = r.read()
    if hashlib.sha256(data).hexdigest() != wheel["digests"]["sha256"]:
        print("pip wheel digest mismatch; refusing to install it.")
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / wheel["filename"]
        path.write_bytes(data)
        subprocess.run([str(python), f"{path}/pip", "install", "--no-index", str(path)], check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
