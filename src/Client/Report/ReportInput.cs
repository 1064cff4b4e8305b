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
            // a gigabyte, longer than a string may be. A first pass tells a Sweep result from a Trial (unless the file opens
            // with "sweepId", as results are written), the next ones read it.
            var (isSweep, isTrial) = Kind(stream);
            stream.Position = 0;
            if (isSweep) return SweepReport.Build(ReadSweep(stream, path), path);
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

    /// <summary>
    /// Every trial of the Sweep result, with the histories the report draws (<see cref="ReportHistories"/>), in memory that
    /// does not grow with them. Up to <see cref="CurveThinning.MaxCurves"/> trials that is every history, read in one
    /// pass; for more, that pass drops each history past the first few as its trial is read, and a second pass reads
    /// those of the trials wanted, skipping the rest.
    /// </summary>
    internal static SweepResult ReadSweep(Stream stream, string path)
    {
        var first = new TrialHistoryFilter(at => ReportHistories.All(at + 1), skipOthers: false);
        var result = Checked(JsonSerializer.Deserialize<SweepResult>(stream, first.Options())!, path);
        if (ReportHistories.All(result.Trials.Count)) return result;
        var trials = result.Trials.Select(t => t with { History = null }).ToArray();
        result = result with { Trials = trials };
        var wanted = ReportHistories.Wanted(trials, result.BestByArm);
        if (wanted.Length == 0) return result;
        stream.Position = 0;
        var second = new TrialHistoryFilter(wanted.ToHashSet().Contains, skipOthers: true);
        var read = JsonSerializer.Deserialize<TrialsOf>(stream, second.Options())?.Trials;
        foreach (var at in wanted)
        {
            if (read is null || at >= read.Count || read[at] is not { } trial || trial.TrialId != trials[at].TrialId)
                throw new InputException($"RESULTS.json: cannot read \"{path}\": it changed while it was read.");
            trials[at] = trials[at] with { History = trial.History };
        }
        return result;
    }

    /// <summary>The trials of a Sweep result, those skipped null; the rest of the result is skipped.</summary>
    private sealed record TrialsOf(IReadOnlyList<Trial?>? Trials);

    /// <summary>The two fields that tell a Sweep result from a Trial, whatever their values (undefined when absent); the rest is skipped.</summary>
    private sealed record ResultKind(JsonElement SweepId, JsonElement TrialId);

    /// <summary>Whether the file holds a Sweep result or a Trial; the stream is left at its start.</summary>
    private static (bool IsSweep, bool IsTrial) Kind(Stream stream)
    {
        if (!IsObject(stream)) return (false, false);
        if (OpensWithSweepId(stream)) return (true, false);
        var kind = JsonSerializer.Deserialize<ResultKind>(stream, SpecJson.Options);
        return (kind is { SweepId.ValueKind: not JsonValueKind.Undefined }, kind is { TrialId.ValueKind: not JsonValueKind.Undefined });
    }

    /// <summary>True when the object's first field is "sweepId", as every result writer puts it; the stream is left at its start.</summary>
    private static bool OpensWithSweepId(Stream stream)
    {
        var start = new byte[4096];
        var length = stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        stream.Position = 0;
        var bytes = start.AsSpan(0, length);
        if (bytes.StartsWith("\uFEFF"u8)) bytes = bytes[3..];
        var reader = new Utf8JsonReader(bytes, isFinalBlock: false, state: default);
        try
        {
            return reader.Read() && reader.TokenType == JsonTokenType.StartObject && reader.Read() && reader.TokenType == JsonTokenType.PropertyName
                && reader.ValueTextEquals("sweepId"u8);
        }
        catch (JsonException)
        {
            return false;
        }
    }

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
