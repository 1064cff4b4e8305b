using System.Diagnostics;
using System.Security.Cryptography;
using SweepCluster.Engine.Data;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Tests.Data;

namespace SweepCluster.Engine.Tests.Cli;

public sealed class DataVerbTests
{
    [Fact]
    public async Task DataMnistWritesTheFourIdxFilesOfTheDefaultSplit()
    {
        using var dir = new TempDirectory();
        string output = Path.Combine(dir.Path, "mnist");

        var (code, stdout, stderr) = await SweepCliRunner.RunAsync("data", "mnist", "--out", output);

        Assert.True(code == 0, stderr);
        Assert.Contains("8000 training digits", stdout);
        Assert.Contains("training.seed 0", stdout);
        var train = IdxReader.Read(Path.Combine(output, "train-images-idx3-ubyte"), Path.Combine(output, "train-labels-idx1-ubyte"));
        var test = IdxReader.Read(Path.Combine(output, "t10k-images-idx3-ubyte"), Path.Combine(output, "t10k-labels-idx1-ubyte"));
        Assert.Equal((8000, 2000, 784), (train.Rows, test.Rows, test.Features));
    }

    [Fact]
    public async Task ThePurePythonReaderReadsTheSameDigitsAsTheBuiltInLoader()
    {
        using var dir = new TempDirectory();
        var (code, _, stderr) = await SweepCliRunner.RunAsync("data", "mnist", "--out", dir.Path, "--train-size", "600", "--validation-size", "400", "--seed", "3");
        Assert.True(code == 0, stderr);

        var python = await ReadWithPythonAsync(dir.Path);

        var split = DataLoader.Load(new MnistDataSpec(600, 400), 3);
        Assert.Equal($"train-images-idx3-ubyte [600, 28, 28] {Sha256(ImageBytes(split.Train, split.TrainRows))}", python[0]);
        Assert.Equal($"train-labels-idx1-ubyte [600] {Sha256(LabelBytes(split.Train, split.TrainRows))}", python[1]);
        Assert.Equal($"t10k-images-idx3-ubyte [400, 28, 28] {Sha256(ImageBytes(split.Validation, split.ValidationRows))}", python[2]);
        Assert.Equal($"t10k-labels-idx1-ubyte [400] {Sha256(LabelBytes(split.Validation, split.ValidationRows))}", python[3]);
    }

    [Theory]
    [InlineData("--train-size", "0", "--train-size: \"0\" is not allowed")]
    [InlineData("--validation-size", "-5", "--validation-size: \"-5\" is not allowed")]
    [InlineData("--seed", "x", "--seed: \"x\" is not allowed")]
    [InlineData("--train-size", "9999", "--train-size + --validation-size is 9999 + 2000 = 11999, more than the 10000 bundled digits")]
    public async Task BadOptionsExitTwoNamingTheOption(string option, string value, string expected)
    {
        using var dir = new TempDirectory();
        var (code, _, stderr) = await SweepCliRunner.RunAsync("data", "mnist", "--out", dir.Path, option, value);
        Assert.Equal(2, code);
        Assert.Contains(expected, stderr);
    }

    [Fact]
    public async Task AnOutFolderThatCannotBeWrittenExitsTwoNamingIt()
    {
        using var dir = new TempDirectory();
        string blocker = dir.Write("a-file", "not a folder");
        string output = Path.Combine(blocker, "mnist");

        var (code, _, stderr) = await SweepCliRunner.RunAsync("data", "mnist", "--out", output);

        Assert.Equal(2, code);
        Assert.StartsWith($"error: --out: cannot write the IDX files into \"{output}\"", stderr);
        Assert.DoesNotContain("Exception", stderr);
    }

    [Fact]
    public async Task WithoutOutTheVerbExitsTwo()
    {
        var (code, _, stderr) = await SweepCliRunner.RunAsync("data", "mnist");
        Assert.Equal(2, code);
        Assert.Contains("--out", stderr);
    }

    // clients/python/sweepcluster.py's read_idx, run by python3: "NAME [dims] sha256" per file.
    private static async Task<string[]> ReadWithPythonAsync(string folder)
    {
        const string script = """
            import hashlib, os, sys
            import sweepcluster
            for name in ("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"):
                dims, data = sweepcluster.read_idx(os.path.join(sys.argv[1], name))
                print(name, dims, hashlib.sha256(data).hexdigest())
            """;
        var info = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        info.ArgumentList.Add(folder);
        info.Environment["PYTHONPATH"] = Path.Combine(TestPaths.RepoRoot, "clients", "python");
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Skip("python3 is not installed");
            throw;
        }
        using (process)
        {
            string output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            string errors = await process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
            Assert.True(process.ExitCode == 0, errors);
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
    }

    private static byte[] ImageBytes(Dataset data, int[] rows) =>
        [.. rows.SelectMany(row => data.Row(row).ToArray().Select(value => (byte)MathF.Round(value * 255f)))];

    private static byte[] LabelBytes(Dataset data, int[] rows) => [.. rows.Select(row => (byte)data.Labels![row])];

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}
