using System.Text.Json;
using SweepCluster.Engine;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Client.Report;

/// <summary>
/// A results file given to `sweep report`: a Sweep result (`run --out`, `results`) or a single Trial (`train --out`),
/// told apart by the field each has and the other has not: <c>sweepId</c> or <c>trialId</c>.
/// </summary>
public static class ReportInput
{
    /// <exception cref="InputException">The file cannot be read, or holds neither a Sweep result nor a Trial.</exception>
    public static ReportPage Read(string path)
    {
        FileStream file;
        try
        {
            file = File.OpenRead(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"RESULTS.json: cannot read \"{path}\": {e.Message}");
        }
        using var stream = file;
        try
        {
            // Read from the file's bytes, never whole into memory: a result of 100,000 trials with their histories is over
            // a gigabyte, longer than a string may be. A first pass tells a Sweep result from a Trial, the second reads it.
            var kind = IsObject(stream) ? JsonSerializer.Deserialize<ResultKind>(stream, SpecJson.Options) : null;
            var isSweep = kind is { SweepId.ValueKind: not JsonValueKind.Undefined };
            var isTrial = kind is { TrialId.ValueKind: not JsonValueKind.Undefined };
            stream.Position = 0;
            if (isSweep) return SweepReport.Build(Checked(JsonSerializer.Deserialize<SweepResult>(stream, SpecJson.Options)!, path), path);
            if (isTrial) return TrialReport.Build(Checked(JsonSerializer.Deserialize<Trial>(stream, SpecJson.Options)!, path, "$"), path);
            throw new InputException($"{path}: not a result; allowed: a Sweep result (with \"sweepId\", from `sweep run --out` or `sweep results`) "
                + "or a Trial (with \"trialId\", from `sweep train --out`), docs/results.md.");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException)
        {
            throw new InputException($"{path}: not a Sweep result or a Trial (docs/results.md): {e.Message}");
        }
        catch (IOException e)
        {
            throw new InputException($"RESULTS.json: cannot read \"{path}\": {e.Message}");
        }
    }

    /// <summary>The two fields that tell a Sweep result from a Trial, whatever their values (undefined when absent); the rest is skipped.</summary>
    private sealed record ResultKind(JsonElement SweepId, JsonElement TrialId);

    /// <summary>True when the file's first token (after a byte order mark and white space) opens an object; the stream is left at its start.</summary>
    private static bool IsObject(Stream stream)
    {
        var first = stream.ReadByte();
        if (first == 0xEF && stream.ReadByte() == 0xBB && stream.ReadByte() == 0xBF) first = stream.ReadByte();
        while (first is ' ' or '\t' or '\r' or '\n') first = stream.ReadByte();
        stream.Position = 0;
        return first == '{';
    }

    // The serializer leaves a missing field null whatever the record says; a report needs these to draw anything.
    private static SweepResult Checked(SweepResult r, string path)
    {
        Require(path, ("$.sweepId", r.SweepId), ("$.name", r.Name), ("$.spec", r.Spec), ("$.trials", r.Trials), ("$.stages", r.Stages),
            ("$.bestByArm", r.BestByArm));
        for (var i = 0; i < r.Trials.Count; i++) Checked(r.Trials[i], path, $"$.trials[{i}]");
        // lrFinderByArm extends the contract: a result written without it has no range test beyond lrFinder.
        return r.LrFinderByArm is null ? r with { LrFinderByArm = [r.LrFinder] } : r;
    }

    private static Trial Checked(Trial t, string path, string at)
    {
        Require(path, (at, t), ($"{at}.trialId", t?.TrialId), ($"{at}.optimizer", t?.Optimizer), ($"{at}.schedule", t?.Schedule));
        return t!;
    }

    private static void Require(string path, params (string Field, object? Value)[] fields)
    {
        foreach (var (field, value) in fields)
            if (value is null) throw new InputException($"{path}: {field}: missing; a report needs it (docs/results.md).");
    }
}
