using System.Text;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.Spec;

/// <summary>Broken text: every case is one clear problem at "$", never a crash.</summary>
public sealed class SpecTextTests
{
    [Fact]
    public void InvalidJsonIsOneProblemWithItsLineAndByte()
    {
        var problem = Specs.SingleProblem("{\n  \"name\": \"x\",\n  \"model\" { }\n}");
        Assert.Equal("$", problem.Path);
        Assert.StartsWith("invalid JSON at line 3, byte 11: ", problem.Message);
        Assert.DoesNotContain("LineNumber", problem.Message);
    }

    [Fact]
    public void EmptyTextIsInvalidJson() => Assert.StartsWith("invalid JSON", Specs.SingleProblem("").Message);

    [Fact]
    public void TrailingTextAfterTheSpecIsInvalidJson() =>
        Assert.StartsWith("invalid JSON", Specs.SingleProblem(Specs.Softmax().ToJsonString() + " {}").Message);

    [Fact]
    public void CommentsAndTrailingCommasAreAllowed() =>
        Assert.Empty(SpecParser.Validate("""
            // a sweep
            { "data": { "source": "mnist", }, /* the model */ "model": { "kind": "softmax" },
              "optimizer": { "kind": "sgd", "learningRate": 0.1, }, }
            """));

    [Theory]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("-Infinity")]
    public void NaNAndInfinityLiteralsAreInvalidJson(string literal) =>
        Assert.StartsWith("invalid JSON at line 1", Specs.SingleProblem(Specs.Softmax().ToJsonString().Replace("0.1", literal)).Message);

    [Fact]
    public void ANaNStringIsAWrongType() =>
        Assert.Equal("expected a number, found string \"NaN\"", Specs.Softmax().With("optimizer.learningRate", "\"NaN\"").SingleProblem().Message);

    [Fact]
    public void ANumberBeyondDoubleRangeIsNotFinite() =>
        Assert.Equal("1e400 is not a finite number",
            Specs.SingleProblem(Specs.Softmax().ToJsonString().Replace("0.1", "1e400")).Message);

    [Fact]
    public void InvalidUtf8BytesAreAProblemWithTheirPosition()
    {
        using var dir = new TempDirectory();
        var bytes = Encoding.UTF8.GetBytes("{\n  \"name\": \"caf\u00e9\" }").ToList();
        bytes.InsertRange(bytes.IndexOf((byte)'c'), [0xFF, 0xFE]);
        var path = dir.Write("bad.json", bytes.ToArray());
        var problem = Assert.Single(SpecParser.ValidateFile(path));
        Assert.Equal("$", problem.Path);
        Assert.Equal("the spec is not valid UTF-8: byte 0xFF at line 2, byte 12; save it as UTF-8", problem.Message);
    }

    [Fact]
    public void AUtf8ByteOrderMarkIsAccepted()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("bom.json", [.. Encoding.UTF8.Preamble, .. Encoding.UTF8.GetBytes(Specs.Softmax().ToJsonString())]);
        Assert.Empty(SpecParser.ValidateFile(path));
    }

    [Fact]
    public void AnUnpairedSurrogateInTheTextIsAProblem() =>
        Assert.Contains("unpaired", Specs.SingleProblem("{ \"name\": \"a\ud800b\" }").Message);

    [Fact]
    public void AnEscapedUnpairedSurrogateIsAProblemNotACrash()
    {
        var problem = Specs.SingleProblem(Specs.Softmax().ToJsonString().Replace("\"name\":\"t\"", "\"name\":\"\\ud800\""));
        Assert.Equal("$.name", problem.Path);
    }

    [Fact]
    public void TenThousandNestedArraysAreOneProblemNotAStackOverflow()
    {
        var json = new string('[', 10_000) + new string(']', 10_000);
        var problem = Specs.SingleProblem(json);
        Assert.Equal("$", problem.Path);
        Assert.Contains("nested more than 64 levels deep at line 1, byte 65", problem.Message);
    }

    [Fact]
    public void DeepNestingInsideAFieldIsCaughtToo() =>
        Assert.Contains("nested more than", Specs.SingleProblem(
            Specs.Softmax().ToJsonString().Replace("\"t\"", new string('[', 5000) + new string(']', 5000))).Message);

    [Fact]
    public void ATextLargerThanTenMegabytesIsRefused() =>
        Assert.Equal("the spec is 10,485,761 bytes, more than the limit of 10,485,760 bytes (10 MB)",
            Specs.SingleProblem(new string(' ', SpecLimits.MaxSpecBytes + 1)).Message);

    [Fact]
    public void AFileLargerThanTenMegabytesIsRefusedWithoutReadingIt()
    {
        using var dir = new TempDirectory();
        var path = dir.File("huge.json");
        // SetLength makes a sparse file: the test neither writes nor reads a gigabyte.
        using (var stream = File.Create(path)) stream.SetLength(1L << 30);
        var e = Assert.Throws<SpecException>(() => SpecParser.ParseFile(path));
        Assert.Equal("$: the spec is 1,073,741,824 bytes, more than the limit of 10,485,760 bytes (10 MB)", Assert.Single(e.Problems).ToString());
    }

    [Fact]
    public void AMissingFileIsAnInputErrorNamingThePath()
    {
        var e = Assert.Throws<InputException>(() => SpecParser.ParseFile("no/such/spec.json"));
        Assert.IsNotType<SpecException>(e);
        Assert.Contains("\"no/such/spec.json\" not found", e.Message);
    }

    [Fact]
    public void ADirectoryIsNotASpecFile()
    {
        using var dir = new TempDirectory();
        Assert.Contains("is a directory", Assert.Throws<InputException>(() => SpecParser.ValidateFile(dir.Path)).Message);
    }

    [Fact]
    public void ASpecFileParsesLikeItsText()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("contract.json", Specs.ContractExample);
        Assert.Equal(
            System.Text.Json.JsonSerializer.Serialize(SpecParser.Parse(Specs.ContractExample), SpecJson.Options),
            System.Text.Json.JsonSerializer.Serialize(SpecParser.ParseFile(path), SpecJson.Options));
    }
}
