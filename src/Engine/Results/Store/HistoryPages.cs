namespace SweepCluster.Engine.Results.Store;

/// <summary>
/// The history pages of one sweep in one folder, as one writer appends them: records go to the writer's current page
/// file until it holds <see cref="RecordsPerPage"/> records or <see cref="BytesPerPage"/> bytes, then to a new one. Each
/// writer names its pages with a token of its own, so two writers (two silos on a shared folder, or a silo restarted)
/// never append to one file, and a record torn by a crash is never followed by another writer's. A record is written in
/// one append and flushed before its locator is handed out; what reads it back checks it whole
/// (<see cref="HistoryRecord"/>). Thread-safe.
/// </summary>
public sealed class HistoryPages
{
    private readonly Lock _lock = new();
    private readonly string _token;
    private int _page;
    private int _records;
    private long _bytes;

    /// <param name="folder">The sweep's folder; created on the first write.</param>
    /// <param name="token">This writer's own part of its page names (letters, digits, '-' and '_').</param>
    public HistoryPages(string folder, string token, int recordsPerPage = 1000, long bytesPerPage = 64L << 20)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(recordsPerPage, 1);
        if (token.Length == 0 || !token.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            throw new ArgumentException($"a page token must be letters, digits, '-' or '_', not \"{token}\"", nameof(token));
        Folder = folder;
        _token = token;
        RecordsPerPage = recordsPerPage;
        BytesPerPage = bytesPerPage;
    }

    public string Folder { get; }

    public int RecordsPerPage { get; }

    public long BytesPerPage { get; }

    /// <summary>Appends one trial's history and returns where it lies. An IO failure is thrown; that page is then left for a new one.</summary>
    public HistoryLocator Append(string trialId, TrialHistory history)
    {
        var record = HistoryRecord.Encode(trialId, history);
        lock (_lock)
        {
            if (_records >= RecordsPerPage || (_records > 0 && _bytes + record.Length > BytesPerPage)) NextPage();
            var name = PageName(_page);
            Directory.CreateDirectory(Folder);
            try
            {
                using var file = new FileStream(Path.Combine(Folder, name), FileMode.Append, FileAccess.Write, FileShare.Read);
                var offset = file.Position;
                file.Write(record);
                file.Flush();
                _records++;
                _bytes = offset + record.Length;
                return new HistoryLocator(name, offset, record.Length);
            }
            catch (IOException)
            {
                // Part of the record may be in the file: nothing more is appended after it.
                NextPage();
                throw;
            }
        }
    }

    /// <summary>
    /// The history <paramref name="locator"/> points to in <paramref name="folder"/>, checked whole; null when the file is
    /// gone, shorter than the locator says, or holds something else there, and <paramref name="problem"/> says which.
    /// </summary>
    public static TrialHistory? Read(string folder, HistoryLocator locator, string trialId, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(locator);
        if (locator.File != Path.GetFileName(locator.File) || locator.File.Length == 0 || locator.Offset < 0 || locator.Length < HistoryRecord.HeaderLength)
        {
            problem = $"the locator {locator.File}@{locator.Offset}+{locator.Length} is not a record's";
            return null;
        }
        var path = Path.Combine(folder, locator.File);
        byte[] record;
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (file.Length < locator.Offset + locator.Length)
            {
                problem = $"{path} ends before the record ({file.Length} bytes, the record ends at {locator.Offset + locator.Length})";
                return null;
            }
            file.Position = locator.Offset;
            record = new byte[locator.Length];
            file.ReadExactly(record);
        }
        catch (FileNotFoundException)
        {
            problem = $"{path} does not exist here";
            return null;
        }
        catch (DirectoryNotFoundException)
        {
            problem = $"{path} does not exist here";
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problem = $"{path} cannot be read: {e.Message}";
            return null;
        }
        var history = HistoryRecord.Decode(record, trialId, out problem);
        if (problem is not null) problem = $"{path} at {locator.Offset}: {problem}";
        return history;
    }

    private void NextPage()
    {
        _page++;
        _records = 0;
        _bytes = 0;
    }

    private string PageName(int page) => $"{_token}-{page:D6}.hist";
}
