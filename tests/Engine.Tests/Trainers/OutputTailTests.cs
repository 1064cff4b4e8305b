using SweepCluster.Engine.Trainers;

namespace SweepCluster.Engine.Tests.Trainers;

public sealed class OutputTailTests
{
    [Fact]
    public void KeepsTheLastLinesWithinItsCapacity()
    {
        var tail = new OutputTail(capacity: 19);
        foreach (var line in new[] { "first", "second", "third", "fourth" }) tail.Append(line);

        Assert.Equal("third\nfourth\n", tail.ToString()); // 6 + 7 bytes with their line breaks; "second" would make 20
        Assert.Equal(2, tail.Dropped);
    }

    [Fact]
    public void ALineLongerThanTheCapacityKeepsItsEnd()
    {
        var tail = new OutputTail(capacity: 5);
        tail.Append("abcdefgh");
        Assert.Equal("efgh\n", tail.ToString());
    }

    [Fact]
    public void LastLinesFitTheLimitInUtf8Bytes()
    {
        var tail = new OutputTail();
        for (int i = 0; i < 1000; i++) tail.Append($"line {i} é");
        string last = tail.LastLines(100);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(last) <= 100);
        Assert.EndsWith("line 999 é", last);
        Assert.StartsWith("line 99", last);
    }

    [Fact]
    public void ASmallerCopyKeepsTheLastWholeLinesWithinItsLimit()
    {
        var tail = new OutputTail();
        foreach (var line in new[] { "first", "second", "third", "fourth" }) tail.Append(line);

        Assert.Equal("third\nfourth\n", tail.ToString(maxBytes: 13));
        Assert.Equal("ourth\n", tail.ToString(maxBytes: 6)); // even the last line does not fit: its end
        Assert.Equal(tail.ToString(), tail.ToString(maxBytes: 1000));
    }
}
