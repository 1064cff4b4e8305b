using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.Spec;

public sealed class DataPathTests
{
    private static System.Text.Json.Nodes.JsonObject Csv(string path) =>
        Specs.Softmax().With("data", $$"""{ "source": "csv", "path": {{System.Text.Json.JsonSerializer.Serialize(path)}} }""");

    [Fact]
    public void ARelativePathIsResolvedAgainstTheBaseDirectoryAndStoredAbsolute()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("data/train.csv", "x,y\n");
        Assert.Equal(file, Assert.IsType<CsvDataSpec>(Csv("data/train.csv").Parse(dir.Path).Data).Path);
    }

    [Fact]
    public void ASpecFilesDirectoryIsItsBaseDirectory()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("train.csv", "x,y\n");
        var spec = dir.Write("specs/../s.json", Csv("train.csv").ToJsonString());
        Assert.Equal(file, Assert.IsType<CsvDataSpec>(SpecParser.ParseFile(spec).Data).Path);
    }

    [Fact]
    public void APathNotInTheBaseDirectoryIsLookedForInTheCurrentDirectory()
    {
        using var dir = new TempDirectory();
        var name = $"cwd-{Guid.NewGuid():N}.csv";
        var inCurrent = Path.GetFullPath(name);
        File.WriteAllText(inCurrent, "x,y\n");
        try
        {
            Assert.Equal(inCurrent, Assert.IsType<CsvDataSpec>(Csv(name).Parse(dir.Path).Data).Path);
        }
        finally
        {
            File.Delete(inCurrent);
        }
    }

    [Fact]
    public void AMissingFileNamesBothPlacesLookedIn()
    {
        using var dir = new TempDirectory();
        var problem = Assert.Single(Csv("x.csv").Problems(dir.Path));
        Assert.Equal($"$.data.path: file \"x.csv\" not found (looked in {dir.Path} and {Directory.GetCurrentDirectory()})", problem.ToString());
    }

    [Fact]
    public void AnAbsolutePathIsKept()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("abs.csv", "x,y\n");
        Assert.Equal(file, Assert.IsType<CsvDataSpec>(Csv(file).Parse().Data).Path);
    }

    [Fact]
    public void ADirectoryIsNotADataFile()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(dir.Path, "folder"));
        Assert.Contains("is a directory", Assert.Single(Csv("folder").Problems(dir.Path)).Message);
    }

    [Fact]
    public void IdxPathsAreAllResolved()
    {
        using var dir = new TempDirectory();
        var files = new[] { "ti.gz", "tl.gz", "vi.gz", "vl.gz" }.Select(f => dir.Write(f, "x")).ToArray();
        var data = Specs.Softmax()
            .With("data", """{ "source": "idx", "trainImages": "ti.gz", "trainLabels": "tl.gz", "testImages": "vi.gz", "testLabels": "vl.gz" }""")
            .Parse(dir.Path).Data;
        Assert.Equal(new IdxDataSpec(files[0], files[1], files[2], files[3]), data);
    }

    [Fact]
    public void IdxTestFilesComeTogetherOrNotAtAll()
    {
        using var dir = new TempDirectory();
        dir.Write("a", "x");
        var problem = Assert.Single(Specs.Softmax()
            .With("data", """{ "source": "idx", "trainImages": "a", "trainLabels": "a", "testImages": "a" }""").Problems(dir.Path));
        Assert.Equal("$.data.testLabels", problem.Path);
    }

    [Fact]
    public void EveryMissingIdxFileIsReported()
    {
        using var dir = new TempDirectory();
        var problems = Specs.Softmax().With("data", """{ "source": "idx", "trainImages": "a", "trainLabels": "b" }""").Problems(dir.Path);
        Assert.Equal(["$.data.trainImages", "$.data.trainLabels"], problems.Select(p => p.Path));
    }
}
