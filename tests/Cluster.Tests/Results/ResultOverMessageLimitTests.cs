using System.Text;
using System.Text.Json;
using Microsoft.VisualBasic.FileIO;
using SweepCluster.Client.Results;
using SweepCluster.Cluster.Tests.Infrastructure;
using SweepCluster.Grains.Sweeps;

namespace SweepCluster.Cluster.Tests.Results;

/// <summary>
/// A sweep whose whole result is several times Orleans' message body limit (cut to 1 MB here, as 10,000 trials with
/// 1,000-point histories are to its 100 MB default): <c>GetResult</c> with histories fails with Orleans' size error,
/// while `sweep results` streams every trial with its history to a file, as JSON or CSV, `sweep report` draws them
/// all, and `sweep status` and `sweep list` answer while a stream is in progress.
/// </summary>
public sealed class ResultOverMessageLimitTests(SmallMessageSilo silo, ITestOutputHelper output) : IClassFixture<SmallMessageSilo>
{
    private const int Epochs = 40;

    // 1e-5 … 1e-2 at 400 points a decade, both ends included: 1,201 rates below 2/L = 0.05, every run converges in
    // microseconds; a history point per step and per epoch makes each trial ~10 KB of JSON.
    private const int Trials = 1201;

    private static readonly string Spec =
        """{"name":"over-the-limit","data":{"source":"none"},"model":{"kind":"quadratic","eigenvalues":[1,10,40]},"optimizer":{"kind":"sgd"},"training":{"epochs":"""
        + Epochs + ""","historyEvery":1},"search":{"kind":"grid","metric":"trainLoss","min":1e-5,"max":1e-2,"pointsPerDecade":400}}""";

    [Fact]
    public async Task AResultOverTheMessageLimitStreamsToAFileWhileStatusAndListAnswer()
    {
        var sweepId = Specs.NewId("s");
        var sweep = silo.Client.GetGrain<ISweepCoordinatorGrain>(sweepId);
        await sweep.Submit(Spec);
        await Eventually.HoldsAsync(async () => (await sweep.GetStatus()).Status.IsTerminal(), TimeSpan.FromMinutes(2), "the sweep ended", TimeSpan.FromMilliseconds(250));
        Assert.Equal(SweepPhase.Completed, (await sweep.GetStatus()).Status);

        // Whole, the result is over the limit: the silo cannot send the response (Orleans logs its size error there) and
        // the call never answers; the caller sees only a timeout.
        var whole = await Assert.ThrowsAsync<TimeoutException>(() => sweep.GetResult(includeHistories: true));
        output.WriteLine($"GetResult(includeHistories: true): {whole.Message}");
        var sizeErrors = silo.Warnings
            .Where(w => w.Contains($"sweepcoordinator/{sweepId}", StringComparison.Ordinal))
            .Select(w => w.Split(Environment.NewLine).FirstOrDefault(l => l.Contains(nameof(Orleans.Configuration.MessagingOptions.MaxMessageBodySize), StringComparison.Ordinal)))
            .OfType<string>()
            .ToArray();
        Assert.True(sizeErrors.Length > 0, $"the silo logged no size error for the response; it logged {silo.Warnings.Count} warnings");
        output.WriteLine($"the silo: ...{sizeErrors[0][Math.Max(0, sizeErrors[0].Length - 300)..]}");

        var json = silo.TempFile("results.json");
        var (code, stdout, stderr) = await silo.SweepAsync("results", sweepId, "--out", json);
        Assert.True(code == 0, stderr);
        Assert.Equal("", stdout);
        var bytes = new FileInfo(json).Length;
        output.WriteLine($"results.json: {bytes:N0} B for {Trials} trials");
        Assert.True(bytes > 4L * SmallMessageSilo.MaxMessageBodySize, $"{bytes:N0} B");
        using (var result = JsonDocument.Parse(File.ReadAllBytes(json)))
        {
            var trials = result.RootElement.GetProperty("trials").EnumerateArray().ToArray();
            Assert.Equal(Trials, trials.Length);
            Assert.Equal(Trials, trials.Select(t => t.GetProperty("trialId").GetString()).Distinct().Count());
            Assert.All(trials, t =>
            {
                Assert.Equal("completed", t.GetProperty("status").GetString());
                Assert.Equal(Epochs, t.GetProperty("history").GetProperty("steps").GetArrayLength());
                Assert.Equal(Epochs, t.GetProperty("history").GetProperty("epochs").GetArrayLength());
            });
        }

        var csv = silo.TempFile("results.csv");
        (code, stdout, stderr) = await silo.SweepAsync("results", sweepId, "--format", "csv", "--out", csv);
        Assert.True(code == 0, stderr);
        var rows = ReadCsv(csv);
        Assert.Equal(TrialCsv.Columns, rows[0]);
        Assert.Equal(Trials, rows.Count - 1);
        Assert.All(rows.Skip(1), r => Assert.Equal([sweepId, "completed"], [r[0], r[6]]));

        // `report` holds the whole result for its charts, but reads it in pieces too.
        var html = silo.TempFile("report.html");
        (code, stdout, stderr) = await silo.SweepAsync("report", sweepId, "--out", html);
        Assert.True(code == 0, stderr);
        Assert.Contains($"{Trials} trials", stderr);

        // A stream held after its first piece: the command is mid-result while the others ask.
        var held = new HeldWriter();
        var streaming = silo.SweepAsync(held, "results", sweepId);
        await held.Holding.WaitAsync(TestContext.Current.CancellationToken);
        (code, stdout, stderr) = await silo.SweepAsync("status", sweepId);
        Assert.True(code == 0, stderr);
        Assert.Contains($"sweep {sweepId} (over-the-limit): completed", stdout);
        Assert.Contains($"trials: {Trials} done", stdout);
        (code, stdout, stderr) = await silo.SweepAsync("list");
        Assert.True(code == 0, stderr);
        Assert.Contains(sweepId, stdout);
        Assert.False(streaming.IsCompleted);
        held.Release();
        (code, stderr) = await streaming;
        Assert.True(code == 0, stderr);
        using var streamed = JsonDocument.Parse(held.Text);
        Assert.Equal(Trials, streamed.RootElement.GetProperty("trials").GetArrayLength());
    }

    private static List<string[]> ReadCsv(string path)
    {
        using var parser = new TextFieldParser(path, Encoding.UTF8) { HasFieldsEnclosedInQuotes = true, TrimWhiteSpace = false };
        parser.SetDelimiters(",");
        var rows = new List<string[]>();
        while (!parser.EndOfData) rows.Add(parser.ReadFields()!);
        return rows;
    }

    /// <summary>Standard output that, at its first write, holds the writer until released.</summary>
    private sealed class HeldWriter : TextWriter
    {
        private readonly StringBuilder _text = new();
        private readonly TaskCompletionSource _holding = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override Encoding Encoding => Encoding.UTF8;

        public Task Holding => _holding.Task;

        public string Text => _text.ToString();

        public void Release() => _released.TrySetResult();

        public override void Write(char value) => _text.Append(value);

        public override async Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default)
        {
            _text.Append(buffer);
            _holding.TrySetResult();
            await _released.Task.WaitAsync(cancellationToken);
        }
    }
}
