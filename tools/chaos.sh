#!/usr/bin/env bash
# Chaos rounds against real processes: three silos on a real redis-server (loopback), a 50-trial sweep per round,
# kill -9 of a random silo at a random point and a new one started; each round must end in the undisturbed search.
# Usage: tools/chaos.sh [ROUNDS] [SEED]   (default 20 rounds, a fresh seed; the seed is printed to repeat a run)
set -euo pipefail
cd "$(dirname "$0")/.."
export SWEEP_CHAOS_ROUNDS="${1:-20}"
[ -n "${2:-}" ] && export SWEEP_CHAOS_SEED="$2"
dotnet build -c Release tests/Cluster.Tests >/dev/null
dotnet tests/Cluster.Tests/bin/Release/net10.0/SweepCluster.Cluster.Tests.dll \
  -method 'SweepCluster.Cluster.Tests.ChaosTests.EveryRoundOfKillNineAndRestartEndsInTheUndisturbedSearchWithNoFinishedTrialRerun' \
  -showLiveOutput | grep -E 'rounds, seed|round [0-9]+:|\[FAIL\]|Total:|Assert'
