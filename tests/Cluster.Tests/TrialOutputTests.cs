using SweepCluster.Engine.Trainers;
using SweepCluster.Grains.Trials;

namespace SweepCluster.Cluster.Tests;

/// <summary>
/// A trial's kept output answers a follower with only the lines it has not seen, live (<see cref="TrialOutput"/>) and
/// stored (<see cref="TrialLogs"/>) alike: none, some, all, those after lines that fell out of the kept tail, and the
/// new attempt's from its start.
/// </summary>
public sealed class TrialOutputTests
{
    private static TrialOutput Printed(int attempt, int lines, int capacity = OutputTail.DefaultCapacity)
    {
        var output = new TrialOutput(attempt, capacity);
        for (var i = 1; i <= lines; i++) output.Append(OutputStream.Stdout, $"line {i:D4}");
        output.Append(OutputStream.Stderr, "a warning");
        return output;
    }

    private static string Lines(int from, int to) => string.Concat(Enumerable.Range(from, to - from + 1).Select(i => $"line {i:D4}\n"));

    [Fact]
    public void AFollowerWhoSawEverythingGetsNoLine()
    {
        var output = Printed(attempt: 1, lines: 10);
        Assert.Equal(new TrialLogLines(1, 10, "", 10), output.After(1, stderr: false, seen: 10));
        Assert.Equal(new TrialLogLines(1, 10, "", 10), output.Snapshot().After(1, stderr: false, seen: 10));
    }

    [Fact]
    public void ANewFollowerGetsEveryKeptLineAndAFollowerBehindOnlyTheNewOnes()
    {
        var output = Printed(attempt: 1, lines: 10);
        Assert.Equal(new TrialLogLines(1, 0, Lines(1, 10), 10), output.After(0, stderr: false, seen: 0));
        Assert.Equal(new TrialLogLines(1, 7, Lines(8, 10), 10), output.After(1, stderr: false, seen: 7));
        Assert.Equal(new TrialLogLines(1, 0, "a warning\n", 1), output.After(1, stderr: true, seen: 0));
        Assert.Equal(new TrialLogLines(1, 7, Lines(8, 10), 10), output.Snapshot().After(1, stderr: false, seen: 7));
    }

    [Fact]
    public void LinesDroppedFromTheKeptTailBeforeTheFollowerSawThemAreCounted()
    {
        // Each line is 10 bytes with its break: 50 bytes keep the last 5 of 12.
        var output = Printed(attempt: 2, lines: 12, capacity: 50);
        var after = output.After(2, stderr: false, seen: 3);
        Assert.Equal(new TrialLogLines(2, 7, Lines(8, 12), 12), after);
        Assert.Equal(after, output.Snapshot().After(2, stderr: false, seen: 3));
    }

    [Fact]
    public void AnotherAttemptIsAnsweredFromTheStartOfItsKeptTail()
    {
        var output = Printed(attempt: 3, lines: 12, capacity: 50);
        Assert.Equal(new TrialLogLines(3, 7, Lines(8, 12), 12), output.After(2, stderr: false, seen: 11));
        Assert.Equal(new TrialLogLines(3, 7, Lines(8, 12), 12), output.Snapshot().After(2, stderr: false, seen: 11));
        Assert.Equal(new TrialLogLines(1, 0, "", 0), (TrialLogs.Empty with { Attempt = 1 }).After(0, stderr: false, seen: 5));
    }

    [Fact]
    public void MoreLinesSeenThanPrintedGetNothing()
    {
        var output = Printed(attempt: 1, lines: 4);
        Assert.Equal(new TrialLogLines(1, 4, "", 4), output.After(1, stderr: false, seen: 9));
        Assert.Equal(new TrialLogLines(1, 4, "", 4), output.Snapshot().After(1, stderr: false, seen: 9));
    }

    [Fact]
    public void LiveAndStoredAnswersAgreeForEveryLineSeen()
    {
        var output = Printed(attempt: 1, lines: 300, capacity: 1000);
        var stored = output.Snapshot();
        for (var seen = 0; seen <= 301; seen++)
        {
            var live = output.After(1, stderr: false, seen);
            Assert.Equal(live, stored.After(1, stderr: false, seen));
            Assert.Equal(Lines((int)live.First + 1, 300), live.Text);
        }
    }

    [Fact]
    public void TheTailGivesTheKeptLinesAfterAnyNumberSeen()
    {
        // Lines of every width, multi-byte characters and lines longer than the capacity included.
        var random = new Random(7);
        var tail = new OutputTail(capacity: 300);
        for (var i = 0; i < 5000; i++)
        {
            var line = string.Concat(Enumerable.Repeat(random.Next(4) switch { 0 => "é", 1 => "€", 2 => "😀", _ => "a" }, random.Next(i % 97 == 0 ? 400 : 40)));
            tail.Append(line);
            var kept = tail.ToString().Split('\n')[..^1];
            Assert.Equal(tail.Printed - tail.Dropped, kept.Length);
            var seen = random.Next(0, (int)tail.Printed + 2);
            var skip = (int)Math.Clamp(seen - tail.Dropped, 0, kept.Length);
            Assert.Equal(string.Concat(kept.Skip(skip).Select(l => l + "\n")), tail.After(seen));
        }
        Assert.Equal(5000, tail.Printed);
    }
}
