using System.Globalization;
using System.Text.Json;
using Microsoft.VisualBasic.FileIO;
using SweepCluster.Client.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.Cli;

/// <summary>`sweep results --format csv`: RFC 4180, read back by .NET's own CSV reader.</summary>
public sealed class TrialCsvTests
{
    private const string Arms = ""","arms":[{"name":"plain"},{"name":"momentum, \"heavy\"","optimizer":{"kind":"sgd","momentum":0.9}}]""";

    private static SweepSpec Spec(string arms) => SpecParser.Parse("""
        {"name":"q","data":{"source":"none"},"model":{"kind":"quadratic","eigenvalues":[1,10,40]},"optimizer":{"kind":"sgd"},
         "training":{"epochs":10},"search":{"kind":"grid","learningRates":[0.003,0.01,0.2],"metric":"trainLoss"ARMS}}
        """.Replace("ARMS", arms, StringComparison.Ordinal));

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    [InlineData("", "")]
    public void AFieldIsQuotedOnlyWhenItMustBe(string field, string written) => Assert.Equal(written, TrialCsv.Quote(field));

    [Fact]
    public void EveryTrialIsOneRowThatReadsBackToItsValues()
    {
        var result = new LocalSweepRunner(2).Run(Spec(Arms), "s-csv", TestContext.Current.CancellationToken);
        // An error with every character CSV must quote, and a trial with no metrics at all.
        var trials = result.Trials.ToArray();
        trials[^1] = trials[^1] with { Error = "boom, \"quoted\"\nsecond line", TrainLoss = null, Verdict = null };
        var csv = TrialCsv.Write(result with { Trials = trials });

        Assert.EndsWith("\r\n", csv);
        var rows = Read(csv);
        Assert.Equal(TrialCsv.Columns, rows[0]);
        Assert.Equal(trials.Length, rows.Count - 1);
        for (var i = 0; i < trials.Length; i++)
        {
            var (t, row) = (trials[i], rows[i + 1]);
            Assert.Equal(["s-csv", t.TrialId, $"{t.Arm}", t.Arm == 0 ? "plain" : "momentum, \"heavy\"", $"{t.Stage}"], row[..5]);
            Assert.Equal(t.LearningRate, double.Parse(row[5], CultureInfo.InvariantCulture));
            Assert.Equal(t.TrainLoss, row[10] == "" ? null : double.Parse(row[10], CultureInfo.InvariantCulture));
            Assert.Equal(t.WallSeconds, double.Parse(row[15], CultureInfo.InvariantCulture));
            Assert.Equal("", row[11]);   // a quadratic has no validation set
            Assert.Equal(t.Error ?? "", row[16]);
            Assert.Equal(t.InitialLoss, row[17] == "" ? null : double.Parse(row[17], CultureInfo.InvariantCulture));
        }
        Assert.Contains(rows, r => r[6] == "diverged" && r[7] == "diverged");
        Assert.Equal("", rows[^1][7]);
    }

    [Fact]
    public void EveryScalarFieldOfATrialHasAColumn()
    {
        // Scalars: what a CSV cell can hold. The optimizer, schedule and history are objects; historyUnavailable is
        // about the history, which the CSV leaves out.
        var scalars = typeof(Engine.Results.Trial).GetProperties()
            .Where(p => p.Name != nameof(Engine.Results.Trial.HistoryUnavailable))
            .Where(p => p.PropertyType.IsPrimitive || p.PropertyType.IsEnum || p.PropertyType == typeof(string)
                || Nullable.GetUnderlyingType(p.PropertyType) is { } inner && (inner.IsPrimitive || inner.IsEnum))
            .Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name));
        Assert.Empty(scalars.Except(TrialCsv.Columns));
    }

    [Fact]
    public void ASweepWithoutArmsLeavesTheArmNameEmpty()
    {
        var result = new LocalSweepRunner(1).Run(Spec(arms: ""), "s-csv", TestContext.Current.CancellationToken);
        Assert.All(Read(TrialCsv.Write(result)).Skip(1), row => Assert.Equal("", row[3]));
    }

    private static List<string[]> Read(string csv)
    {
        using var parser = new TextFieldParser(new StringReader(csv)) { HasFieldsEnclosedInQuotes = true, TrimWhiteSpace = false };
        parser.SetDelimiters(",");
        var rows = new List<string[]>();
        while (!parser.EndOfData) rows.Add(parser.ReadFields()!);
        return rows;
    }
}
