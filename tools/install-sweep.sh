#!/usr/bin/env bash
# Installs the `sweep` command from this clone as a .NET global tool (needs only the .NET SDK):
#   tools/install-sweep.sh            # into ~/.dotnet/tools
#   tools/install-sweep.sh DIR        # into DIR instead (dotnet tool install --tool-path DIR)
# Each run packs the client with a fresh version number, so a reinstall never picks up an older package from the
# NuGet cache, and replaces any sweep installed before.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

tool_path=${1:-}
version="0.1.0-local.$(date -u +%Y%m%d%H%M%S)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "packing src/Client as SweepCluster.Cli $version ..."
dotnet pack src/Client -c Release -o "$work/packages" -p:Version="$version" --nologo -v quiet
# Only the package just made: no other feed is asked.
cat > "$work/nuget.config" <<CONFIG
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="sweep" value="$work/packages" />
  </packageSources>
</configuration>
CONFIG

if [[ -n "$tool_path" ]]; then
  where=(--tool-path "$tool_path")
  bin="$tool_path"
else
  where=(--global)
  bin="$HOME/.dotnet/tools"
fi
dotnet tool uninstall "${where[@]}" SweepCluster.Cli >/dev/null 2>&1 || true
# The package cache is the temporary folder too: reinstalls do not pile up copies in ~/.nuget/packages.
NUGET_PACKAGES="$work/cache" dotnet tool install "${where[@]}" SweepCluster.Cli --version "$version" --configfile "$work/nuget.config"

if [[ ":$PATH:" == *":$bin:"* ]]; then
  echo "installed: $(command -v sweep || echo "$bin/sweep")"
else
  echo "installed: $bin/sweep. $bin is not on PATH; add it, e.g.: echo 'export PATH=\"\$PATH:$bin\"' >> ~/.bashrc && export PATH=\"\$PATH:$bin\""
fi
