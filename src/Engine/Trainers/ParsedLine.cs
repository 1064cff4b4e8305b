namespace SweepCluster.Engine.Trainers;

/// <summary>What one output line of a program means: a report, a worker's end of trial, or plain log.</summary>
public readonly record struct ParsedLine(ParsedLineKind Kind, TrainerReport? Report = null, string? Failure = null)
{
    public static ParsedLine Log { get; } = new(ParsedLineKind.Log);

    public static ParsedLine Of(TrainerReport report) => new(ParsedLineKind.Report, report);

    /// <summary>A worker's <c>{"done": true}</c>; <paramref name="failure"/> is its <c>"failed"</c> text, if any.</summary>
    public static ParsedLine Done(string? failure) => new(ParsedLineKind.Done, Failure: failure);
}

public enum ParsedLineKind
{
    Log,
    Report,
    Done,
}
