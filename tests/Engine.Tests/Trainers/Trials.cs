using System.Text.Json;
using SweepCluster.Engine.Trainers;

namespace SweepCluster.Engine.Tests.Trainers;

/// <summary>Trial contexts for trainer tests: an sgd arm with momentum, a cosine schedule with warmup, and one search parameter.</summary>
internal static class Trials
{
    public static TrialContext Sgd(double learningRate = 0.05, string trialId = "s-abc/0/3", string armName = "sgd") => new(
        trialId, "s-abc", Arm: 0, armName, Stage: 1, Attempt: 1, learningRate,
        Json("""{"kind": "sgd", "learningRate": 0.05, "momentum": 0.9, "dampening": 0, "nesterov": false, "weightDecay": 0}"""),
        Json("""{"kind": "cosine", "tMax": 375, "etaMin": 0, "warmup": {"steps": 50, "startFactor": 0.1}}"""),
        Json("""{"epochs": 3, "batchSize": 64, "seed": 1, "divergenceFactor": 10}"""),
        Json("""{"learningRate": 0.05, "optimizer.momentum": 0.9}"""));

    public static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();
}
