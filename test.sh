#!/usr/bin/env bash
# Runs every test: `./test.sh` (arguments go to `dotnet test`, e.g. ./test.sh tests/Engine.Tests).
# The tests need the .NET SDK and four Debian packages: redis-server (tests/Cluster.Tests start a real Redis),
# prometheus (promtool and Prometheus for tests/Cluster.Tests/Deploy), chromium (the report tests open pages in
# headless Chromium) and python3-torch (clients/python's tests check the torch helpers against torch itself). Missing ones are installed with apt-get when this script may (root, or sudo without a password);
# otherwise one line says what to install, and the tests that need them fail saying the same.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
{ command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1; } || missing+=(prometheus)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
/usr/bin/python3 -c "import torch" >/dev/null 2>&1 || missing+=(python3 python3-torch)

if ((${#missing[@]} > 0)); then
  if [[ $(id -u) -eq 0 ]]; then as_root=(); elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then as_root=(sudo -n); else as_root=(none); fi
  if command -v apt-get >/dev/null 2>&1 && [[ "${as_root[*]-}" != none ]]; then
    echo "test.sh: installing ${missing[*]} ..."
    "${as_root[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
  else
    echo "test.sh: missing ${missing[*]}: the tests that need them will fail; install with: sudo apt-get install -y --no-install-recommends ${missing[*]}"
  fi
fi

# With arguments: only `dotnet test` with them. Without: every .NET test, then the Python client's tests (with the
# interpreter Debian's python3-torch belongs to); the exit code is the first failure's.
(($# > 0)) && exec dotnet test "$@"
set +e
dotnet test
status=$?
python=/usr/bin/python3
[ -x "$python" ] || python=python3
"$python" -m unittest discover -v clients/python
pystatus=$?
set -e
((status != 0)) && exit "$status"
exit "$pystatus"
