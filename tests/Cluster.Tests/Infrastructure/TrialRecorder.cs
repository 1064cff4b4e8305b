using System.Collections.Concurrent;
using SweepCluster.Engine.Results;
using SweepCluster.Grains.Trials;

namespace SweepCluster.Cluster.Tests.Infrastructure;

/// <summary>Every stored trial end on every in-process silo: tells "finished exactly once" without calling a grain.</summary>
public sealed class TrialRecorder : ITrialListener
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Trial>> _finished = new();

    public void OnFinished(Trial trial, TrialEnd end) => _finished.GetOrAdd(trial.TrialId, _ => new()).Enqueue(trial);

    public int Count(string trialId) => _finished.TryGetValue(trialId, out var q) ? q.Count : 0;

    public bool AllFinished(IEnumerable<string> trialIds) => trialIds.All(id => Count(id) > 0);
}
