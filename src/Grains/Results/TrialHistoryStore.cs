using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using SweepCluster.Engine.Results;
using SweepCluster.Engine.Results.Store;
using SweepCluster.Grains.Hosting;

namespace SweepCluster.Grains.Results;

/// <summary>
/// This silo's side of the results store: the histories of trials that finish here are appended to page files under
/// <c>--results-root</c>/<c>sweepId</c>/ (<see cref="HistoryPages"/>, one writer per sweep, its pages named for this
/// process), and a trial's history is read back from there by locator. Redis and grain state keep each trial's figures
/// only. A silo reads the files it can see: those it wrote, and on a shared folder every silo's.
/// </summary>
public sealed partial class TrialHistoryStore(SweepSiloOptions options, ILogger<TrialHistoryStore> logger) : IDisposable
{
    // Page files of this process: host, process and a random part, so no two writers ever append to one file.
    private readonly string _token = $"{Safe(Environment.MachineName)}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..8]}";
    private readonly ConcurrentDictionary<string, HistoryPages> _sweeps = new(StringComparer.Ordinal);

    public string Root => options.ResultsRootOrDefault;

    /// <summary>
    /// What <paramref name="trial"/> keeps in grain state: its figures with the history's last epoch, its history
    /// appended to the store; or, when the store cannot take it (a full or unwritable disk), the whole Trial as before.
    /// Off the caller's turn.
    /// </summary>
    public Task<StoredTrial> KeepAsync(string sweepId, Trial trial) => Task.Run(() =>
    {
        if (trial.History is not { } history || history.Steps.Count + history.Epochs.Count == 0) return new StoredTrial(TrialJson.Write(trial), null);
        try
        {
            var locator = Pages(sweepId).Append(trial.TrialId, history);
            var figures = trial with { History = new TrialHistory([], history.Epochs is [.., var last] ? [last] : []) };
            return new StoredTrial(TrialJson.Write(figures), HistoryLocation.Of(locator));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogNotStored(logger, trial.TrialId, Root, e.Message);
            return new StoredTrial(TrialJson.Write(trial), null);
        }
    });

    /// <summary>
    /// The whole Trial of <paramref name="figures"/> (a Trial without its history) with the history at
    /// <paramref name="location"/>; when it cannot be read here, with an empty history and <c>historyUnavailable</c>
    /// saying why. Off the caller's turn.
    /// </summary>
    public Task<Trial> WholeAsync(string sweepId, Trial figures, HistoryLocation location) => Task.Run(() =>
    {
        var history = HistoryPages.Read(Folder(sweepId), location.ToLocator(), figures.TrialId, out var problem);
        if (history is not null) return figures with { History = history };
        LogNotRead(logger, figures.TrialId, problem ?? "");
        return figures with
        {
            History = new TrialHistory([], []),
            HistoryUnavailable = $"its history was kept in the results store of silo {figures.Silo ?? "(unknown)"} and cannot be read here ({problem}); give every silo one shared --results-root",
        };
    });

    /// <summary>Deletes a temporary root (<see cref="SweepSiloOptions.ResultsRootIsTemporary"/>) with the silo.</summary>
    public void Dispose()
    {
        if (!options.ResultsRootIsTemporary || !Directory.Exists(Root)) return;
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A temporary folder left behind is the system's to clean.
        }
    }

    private HistoryPages Pages(string sweepId) => _sweeps.GetOrAdd(sweepId, id => new HistoryPages(Folder(id), _token));

    private string Folder(string sweepId) => Path.Combine(Root, Safe(sweepId));

    /// <summary>A name for a file or folder: letters, digits, '-', '_' and '.' kept, anything else '_' (never "." or "..").</summary>
    private static string Safe(string name)
    {
        var safe = string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
        return safe.Trim('.').Length == 0 ? "_" + safe.Length : safe;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trial {TrialId}: its history could not be written to the results store under {Root} ({Reason}); it is kept in grain state instead.")]
    private static partial void LogNotStored(ILogger logger, string trialId, string root, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trial {TrialId}: its history cannot be read from the results store: {Problem}")]
    private static partial void LogNotRead(ILogger logger, string trialId, string problem);
}
