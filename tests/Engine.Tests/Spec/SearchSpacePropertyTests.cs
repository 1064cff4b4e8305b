using System.Text.Json;
using System.Text.Json.Nodes;
using FsCheck.Xunit;
using SweepCluster.Engine.Search.Spaces;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.Spec;

/// <summary>
/// Whatever parameters and bounds a spec tries, valid or not: when the validator accepts them, every point of the space,
/// applied to the spec, gives a spec the validator accepts too.
/// </summary>
public sealed class SearchSpacePropertyTests
{
    /// <summary>A parameter with the bounds it is drawn from: mostly inside what its field allows, sometimes past it.</summary>
    private sealed record Candidate(string Name, double Low, double High, double WideLow, double WideHigh, bool Integer = false, bool Log = false, string[]? Values = null);

    private static readonly Candidate[] Pool =
    [
        new("learningRate", 1e-5, 1, 0, 10, Log: true),
        new("optimizer.momentum", 0, 0.99, -0.5, 1.5),
        new("optimizer.dampening", 0, 1, -0.5, 2),
        new("optimizer.weightDecay", 1e-6, 1e-2, -1e-3, 1, Log: true),
        new("training.epochs", 1, 5, 0, 8, Integer: true),
        new("training.seed", 0, 100, -5, 100, Integer: true),
        new("training.divergenceFactor", 1.5, 100, 0.5, 100, Log: true),
        new("schedule.warmup.steps", 0, 500, -10, 500, Integer: true),
        new("schedule.warmup.startFactor", 0.01, 1, 0, 2),
        new("schedule.tMax", 1, 1000, 0, 1000, Integer: true),
        new("schedule.etaMin", 0, 1e-3, -1e-3, 1e-3),
        new("schedule.baseLr", 1e-4, 1e-2, 0, 1),
        new("schedule.maxLr", 1e-3, 1, 0, 1),
        new("model.l2", 0, 1e-2, -1e-2, 1e-2),
        new("training.batchSize", 0, 0, 0, 0, Values: ["32", "64", "\"full\"", "0", "\"half\""]),
        new("schedule.kind", 0, 0, 0, 0, Values: ["\"cosine\"", "\"constant\"", "\"exponential\"", "\"cyclic\""]),
        new("optimizer.kind", 0, 0, 0, 0, Values: ["\"sgd\"", "\"adam\"", "\"rmsprop\""]),
    ];

    private static readonly string[] Bases =
    [
        Specs.ContractExample,
        Specs.Object(Specs.ContractExample).With("schedule", """{ "kind": "cyclic", "baseLr": 0.001, "maxLr": 0.1, "stepSizeUp": 10 }""").ToJsonString(),
        Specs.Object(Specs.ContractExample).With("optimizer", """{ "kind": "sgd", "learningRate": 0.1, "momentum": 0.9, "nesterov": true }""")
            .With("search", """{ "kind": "grid", "learningRates": [0.1], "earlyStopping": { "kind": "median", "warmupEpochs": 2 } }""").ToJsonString(),
    ];

    [Property(MaxTest = 60)]
    public void EveryPointOfAnAcceptedSpaceGivesAnAcceptedSpec(int seed) => TryCase(seed);

    [Fact]
    public void ManyDrawnSpacesAreAcceptedAndManyRefused()
    {
        // So the property is not vacuous: a fair share of the drawn spaces passes the validator, and a fair share does not.
        var accepted = Enumerable.Range(0, 200).Count(TryCase);
        Assert.InRange(accepted, 40, 160);
    }

    [Property(MaxTest = 60)]
    public void TwoBoundsThatMustStayInOrderHoldAtEveryPoint(int seed)
    {
        // CyclicLR needs baseLr < maxLr: each range alone can pass while some of their points cross.
        var random = new Random(seed);
        var rate = new Candidate("", 1e-4, 1, 1e-4, 1, Log: true);
        var spec = Specs.Object(Bases[1]);
        spec["search"] = new JsonObject
        {
            ["kind"] = "random", ["trials"] = 10,
            ["parameters"] = new JsonObject { ["schedule.baseLr"] = Body(rate, random), ["schedule.maxLr"] = Body(rate, random) },
        };
        if (spec.Problems().Count > 0) return;
        var parsed = spec.Parse();
        var space = SpecSearchSpace.From(parsed.Search);
        var sampler = new RandomSampler(space, seed);
        for (var i = 0; i < 20; i++)
            Assert.True(Accepts(SpecParameters.Apply(parsed, space.Describe(sampler.Propose(i, [])))), spec.ToJsonString());
    }

    /// <summary>Draws a space from the seed; when the validator accepts it, checks its points. True when it was accepted.</summary>
    private static bool TryCase(int seed)
    {
        var random = new Random(seed);
        var spec = Specs.Object(Bases[random.Next(Bases.Length)]);
        var earlyStopping = spec["search"]?["earlyStopping"]?.DeepClone();
        var parameters = new JsonObject();
        foreach (var candidate in Pool.OrderBy(_ => random.Next()).Take(random.Next(1, 5)))
            parameters[candidate.Name] = Body(candidate, random);
        spec["search"] = new JsonObject { ["kind"] = random.Next(2) == 0 ? "random" : "tpe", ["trials"] = 10, ["parameters"] = parameters, ["earlyStopping"] = earlyStopping };
        if (spec.Problems().Count > 0) return false;

        var parsed = spec.Parse();
        var space = SpecSearchSpace.From(parsed.Search);
        var sampler = new RandomSampler(space, seed);
        for (var i = 0; i < 8; i++)
        {
            var values = space.Describe(sampler.Propose(i, []));
            var trial = SpecParameters.Apply(parsed, values);
            Assert.True(Accepts(trial), $"{spec.ToJsonString()} at {string.Join(", ", values)}: {string.Join("; ", Problems(trial))}");
        }
        return true;
    }

    [Fact]
    public void ThePoolsBoundsInsideTheFieldsRulesAreAccepted()
    {
        // So the property above is not vacuous: the narrow bounds of the non-conflicting candidates pass together.
        var parameters = new JsonObject();
        foreach (var c in Pool.Where(c => c.Values is null && !c.Name.Contains("Lr", StringComparison.Ordinal) && c.Name != "schedule.warmup.startFactor"))
            parameters[c.Name] = JsonNode.Parse($$"""{ "min": {{c.Low}}, "max": {{c.High}}, "log": {{(c.Log ? "true" : "false")}}, "integer": {{(c.Integer ? "true" : "false")}} }""");
        var spec = Specs.Object(Specs.ContractExample);
        spec["search"] = new JsonObject { ["kind"] = "random", ["trials"] = 10, ["parameters"] = parameters };
        Assert.Empty(spec.Problems());
    }

    private static JsonNode Body(Candidate c, Random random)
    {
        if (c.Values is { } values)
        {
            var chosen = values.OrderBy(_ => random.Next()).Take(random.Next(1, values.Length + 1));
            return JsonNode.Parse($"{{ \"values\": [{string.Join(", ", chosen)}] }}")!;
        }
        var (low, high) = random.Next(5) == 0 ? (c.WideLow, c.WideHigh) : (c.Low, c.High);
        double a = Draw(low, high, c, random), b = Draw(low, high, c, random);
        return new JsonObject { ["min"] = Math.Min(a, b), ["max"] = Math.Max(a, b), ["log"] = c.Log, ["integer"] = c.Integer };
    }

    private static double Draw(double low, double high, Candidate c, Random random)
    {
        var value = c.Log && low > 0 ? Math.Exp(Math.Log(low) + (Math.Log(high) - Math.Log(low)) * random.NextDouble()) : low + (high - low) * random.NextDouble();
        // Ends themselves are where rules bite, so they are drawn often.
        value = random.Next(4) switch { 0 => low, 1 => high, _ => value };
        return c.Integer ? Math.Round(value) : value;
    }

    /// <summary>The trial's spec as a sweep would check it: its sections, its metric and early stopping, η fixed.</summary>
    private static IReadOnlyList<SpecProblem> Problems(SweepSpec trial)
    {
        var json = JsonSerializer.SerializeToNode(trial, SpecJson.Options)!.AsObject();
        var search = json["search"]!.AsObject();
        json["search"] = new JsonObject { ["kind"] = "none", ["metric"] = search["metric"]!.DeepClone(), ["earlyStopping"] = search["earlyStopping"]?.DeepClone() };
        return SpecParser.Validate(json.ToJsonString());
    }

    private static bool Accepts(SweepSpec trial) => Problems(trial).Count == 0;
}
