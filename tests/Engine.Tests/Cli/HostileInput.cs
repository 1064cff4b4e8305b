namespace SweepCluster.Engine.Tests.Cli;

/// <summary>What a hostile input must get from `validate` and `train`.</summary>
internal enum HostileOutcome
{
    /// <summary>Exit 2 from both, with a message holding <see cref="HostileInput.Mentions"/>.</summary>
    Refused,

    /// <summary>Exit 0 or 2 (a mutation that may happen to be allowed, a file that is odd but readable).</summary>
    Any,
}

/// <summary>One spec of the hostile corpus, written to <see cref="SpecPath"/>.</summary>
/// <param name="Mentions">Text the refusal must hold (the field, the limit, the file); null: any clear message.</param>
/// <param name="ValidateOnly">Training it would be legitimate but slow (a valid data set of hundreds of megabytes): only `validate` runs, which must not build it.</param>
/// <param name="OutsideRoot">Its data lies outside the corpus's data root, so a silo must refuse it at submit.</param>
internal sealed record HostileInput(
    string Name,
    string SpecPath,
    HostileOutcome Outcome,
    string? Mentions = null,
    bool ValidateOnly = false,
    bool OutsideRoot = false);
