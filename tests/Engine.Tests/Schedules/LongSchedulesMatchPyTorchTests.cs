using System.Text.Json;
using SweepCluster.Engine.Schedules;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Tests.TorchReference;

namespace SweepCluster.Engine.Tests.Schedules;

/// <summary>
/// The closed forms against PyTorch's schedulers stepped 1,000 times (recursive forms included: cosine over many
/// periods past tMax, warm restarts with tMult 3, chainable step decays behind SequentialLR), to 1e-12 relative.
/// </summary>
public sealed class LongSchedulesMatchPyTorchTests
{
    public static TheoryData<string> Cases => new(
        Directory.EnumerateFiles(TorchCase.Directory("schedules"), "*.json").Select(f => Path.GetFileNameWithoutExtension(f)!).Order());

    [Theory]
    [MemberData(nameof(Cases))]
    public void RatesMatchPyTorchOver1000StepsWithin1e12Relative(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(TorchCase.Directory("schedules"), name + ".json")));
        var root = document.RootElement;
        var spec = root.GetProperty("schedule").Deserialize<ScheduleSpec>(Json.Options)!;
        var schedule = ScheduleFactory.Create(spec, root.GetProperty("learningRate").GetDouble(),
            root.GetProperty("totalClockTicks").GetInt64());
        var expected = root.GetProperty("rates").Deserialize<double[]>(Json.Options)!;
        Assert.Equal(1000, expected.Length);
        for (var t = 0; t < expected.Length; t++)
            Close.Equal(expected[t], schedule.LearningRate(t), $"{name} t={t}", relative: 1e-12, absolute: 1e-17);
    }
}
