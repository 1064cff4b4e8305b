namespace SweepCluster.Grains.Trials;

/// <summary>What a trial keeps in grain storage. Ids are never renumbered.</summary>
[GenerateSerializer, Alias("sweep.TrialGrainState")]
public sealed class TrialGrainState
{
    /// <summary>Null until the trial is started.</summary>
    [Id(0)] public TrialStart? Request { get; set; }

    [Id(1)] public TrialPhase Phase { get; set; }

    [Id(2)] public int Attempts { get; set; }

    [Id(3)] public string? Silo { get; set; }

    /// <summary>The finished Trial as docs/results.md JSON; set together with a terminal <see cref="Phase"/>.</summary>
    [Id(4)] public string? ResultJson { get; set; }

    /// <summary>
    /// Cancelled or Stopped once asked for, so that a trial whose silo dies after the request ends that way instead
    /// of being restarted.
    /// </summary>
    [Id(5)] public TrialPhase? EndRequested { get; set; }

    /// <summary>
    /// Where the finished trial's history lies in the results store; null when <see cref="ResultJson"/> holds it whole.
    /// With it, <see cref="ResultJson"/> holds the history's last epoch only.
    /// </summary>
    [Id(6)] public Results.HistoryLocation? History { get; set; }

    /// <summary>This state's fields as they are now, to put back when a change could not be stored.</summary>
    public TrialGrainState Copy() => (TrialGrainState)MemberwiseClone();

    /// <summary>Puts back the fields <paramref name="earlier"/> held.</summary>
    public void RestoreFrom(TrialGrainState earlier)
    {
        Request = earlier.Request;
        Phase = earlier.Phase;
        Attempts = earlier.Attempts;
        Silo = earlier.Silo;
        ResultJson = earlier.ResultJson;
        EndRequested = earlier.EndRequested;
        History = earlier.History;
    }
}
