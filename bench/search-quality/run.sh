#!/usr/bin/env bash
# Search quality: the Engine's samplers against Optuna 3.1's on the same objectives (README "Search quality").
# Needs Debian's python3-optuna (apt-get install -y python3-optuna).
# Usage: bench/search-quality/run.sh [seeds=10] [trials=100] [objectives="quadratic mnist"]
# Writes each study's values to bench/search-quality/results/seeds-N/ and prints the tables.
set -euo pipefail
cd "$(dirname "$0")/../.."
seeds=${1:-10}
trials=${2:-100}
objectives=${3:-quadratic mnist}
out=bench/search-quality/results/seeds-$seeds
mkdir -p "$out"
dotnet build -c Release bench/Engine.Bench -v q -nologo >/dev/null
dll=bench/Engine.Bench/bin/Release/net10.0/SweepCluster.Engine.Bench.dll
for objective in $objectives; do
  dotnet "$dll" quality --objective "$objective" --seeds "$seeds" --trials "$trials" --samplers tpe,tpe-normalised,random > "$out/$objective-sweepcluster.jsonl"
  /usr/bin/python3 bench/search-quality/optuna_study.py --objective "$objective" --seeds "$seeds" --trials "$trials" --samplers tpe,random \
    --bench "$dll" > "$out/$objective-optuna.jsonl"
done
/usr/bin/python3 bench/search-quality/table.py "$out"/*.jsonl
