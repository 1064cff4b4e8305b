using SweepCluster.Engine.Results;
using SweepCluster.Engine.Results.Store;
using SweepCluster.Engine.Tests.Data;

namespace SweepCluster.Engine.Tests.Store;

/// <summary>The history pages of the results store: records read back exactly, pages turn over, and a torn or foreign record never reads as a history.</summary>
public sealed class HistoryPagesTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private static TrialHistory History(int steps, double scale = 1) => new(
        [.. Enumerable.Range(0, steps).Select(i => new StepPoint(i, i / 10, 0.01 * scale, Math.Exp(-i * 0.1 * scale) + 1.0 / 3))],
        [.. Enumerable.Range(0, steps / 10).Select(e => new EpochPoint(e, 0.5 / (e + 1), e % 2 == 0 ? null : 0.25 * scale, double.NaN))]);

    private static void AssertSame(TrialHistory expected, TrialHistory? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Steps, actual.Steps);
        Assert.Equal(expected.Epochs.Count, actual.Epochs.Count);
        foreach (var (e, a) in expected.Epochs.Zip(actual.Epochs))
        {
            Assert.Equal(e.Epoch, a.Epoch);
            Assert.Equal(BitConverter.DoubleToInt64Bits(e.TrainLoss), BitConverter.DoubleToInt64Bits(a.TrainLoss));
            Assert.Equal(e.ValidationLoss, a.ValidationLoss);
            Assert.True(a.ValidationAccuracy is double v && double.IsNaN(v));
        }
    }

    [Fact]
    public void EveryHistoryReadsBackBitForBitFromItsLocator()
    {
        var pages = new HistoryPages(_folder.Path, "silo-a");
        var written = Enumerable.Range(0, 25).Select(i => (Id: $"s-1/0/0/{i}", History: History(30 + i, 1 + i))).ToArray();
        var locators = written.Select(w => pages.Append(w.Id, w.History)).ToArray();
        foreach (var ((id, history), locator) in written.Zip(locators))
        {
            AssertSame(history, HistoryPages.Read(_folder.Path, locator, id, out var problem));
            Assert.Null(problem);
        }
        // One page, records one after the other, deflated below their JSON's size.
        Assert.Single(Directory.GetFiles(_folder.Path));
        Assert.Equal(0, locators[0].Offset);
        Assert.All(locators.Zip(locators.Skip(1)), p => Assert.Equal(p.First.Offset + p.First.Length, p.Second.Offset));
    }

    [Fact]
    public void APageHoldsAtMostItsRecordsThenANewFileBegins()
    {
        var pages = new HistoryPages(_folder.Path, "t", recordsPerPage: 4);
        var locators = Enumerable.Range(0, 10).Select(i => pages.Append($"x/{i}", History(5))).ToArray();
        Assert.Equal(3, Directory.GetFiles(_folder.Path, "*.hist").Length);
        Assert.Equal(3, locators.Select(l => l.File).Distinct().Count());
        Assert.Equal(["t-000000.hist", "t-000001.hist", "t-000002.hist"], locators.Select(l => l.File).Distinct().Order());
    }

    [Fact]
    public void TwoWritersOnOneFolderNeverShareAFile()
    {
        var a = new HistoryPages(_folder.Path, "a").Append("x/1", History(10));
        var b = new HistoryPages(_folder.Path, "b").Append("x/2", History(10));
        Assert.NotEqual(a.File, b.File);
        AssertSame(History(10), HistoryPages.Read(_folder.Path, a, "x/1", out _));
        AssertSame(History(10), HistoryPages.Read(_folder.Path, b, "x/2", out _));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(HistoryRecord.HeaderLength)]
    [InlineData(HistoryRecord.HeaderLength + 3)]
    public void ARecordCutShortByACrashIsNotReadAndTheOnesBeforeItAre(int kept)
    {
        var pages = new HistoryPages(_folder.Path, "a");
        var whole = pages.Append("x/1", History(40));
        var torn = pages.Append("x/2", History(40));
        using (var file = new FileStream(Path.Combine(_folder.Path, torn.File), FileMode.Open))
            file.SetLength(torn.Offset + kept);
        Assert.Null(HistoryPages.Read(_folder.Path, torn, "x/2", out var problem));
        Assert.Contains("ends before the record", problem, StringComparison.Ordinal);
        AssertSame(History(40), HistoryPages.Read(_folder.Path, whole, "x/1", out _));
    }

    [Fact]
    public void ATornRecordWhoseFileWasAppendedToLaterFailsItsChecksum()
    {
        // A writer that crashed mid-record, and bytes appended after it by the same page's next record: the torn
        // record's locator now spans bytes of two records.
        var pages = new HistoryPages(_folder.Path, "a");
        var first = pages.Append("x/1", History(40));
        var path = Path.Combine(_folder.Path, first.File);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, [.. bytes, .. bytes.AsSpan(0, bytes.Length / 2), .. bytes]);
        var torn = new HistoryLocator(first.File, bytes.Length, bytes.Length);
        Assert.Null(HistoryPages.Read(_folder.Path, torn, "x/1", out var problem));
        Assert.NotNull(problem);
        AssertSame(History(40), HistoryPages.Read(_folder.Path, first with { Offset = bytes.Length + bytes.Length / 2 }, "x/1", out _));
    }

    [Fact]
    public void ADamagedByteFailsTheChecksum()
    {
        var locator = new HistoryPages(_folder.Path, "a").Append("x/1", History(40));
        var path = Path.Combine(_folder.Path, locator.File);
        var bytes = File.ReadAllBytes(path);
        bytes[^5] ^= 0x40;
        File.WriteAllBytes(path, bytes);
        Assert.Null(HistoryPages.Read(_folder.Path, locator, "x/1", out var problem));
        Assert.Contains("checksum", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void AnotherTrialsRecordIsNotThisTrialsHistory()
    {
        var locator = new HistoryPages(_folder.Path, "a").Append("x/1", History(10));
        Assert.Null(HistoryPages.Read(_folder.Path, locator, "x/2", out var problem));
        Assert.Contains("x/1", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingFileOrFolderSaysSo()
    {
        var locator = new HistoryPages(_folder.Path, "a").Append("x/1", History(10));
        Assert.Null(HistoryPages.Read(Path.Combine(_folder.Path, "elsewhere"), locator, "x/1", out var problem));
        Assert.Contains("does not exist here", problem, StringComparison.Ordinal);
        File.Delete(Path.Combine(_folder.Path, locator.File));
        Assert.Null(HistoryPages.Read(_folder.Path, locator, "x/1", out problem));
        Assert.Contains("does not exist here", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ALocatorCannotPointOutsideItsFolder()
    {
        new HistoryPages(_folder.Path, "a").Append("x/1", History(10));
        Assert.Null(HistoryPages.Read(_folder.Path, new HistoryLocator("../a-000000.hist", 0, 100), "x/1", out var problem));
        Assert.NotNull(problem);
    }
}
