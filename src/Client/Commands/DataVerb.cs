using System.CommandLine;
using System.Globalization;
using SweepCluster.Engine;
using SweepCluster.Engine.Data;

namespace SweepCluster.Client.Commands;

/// <summary>
/// `sweep data mnist --out DIR [--train-size N] [--validation-size N] [--seed N]`: writes the bundled digits as standard
/// IDX files, split as <c>"source": "mnist"</c> splits them for those sizes and <c>training.seed</c> (defaults 8000, 2000,
/// 0: a spec that leaves them out), so a user's own program can train and validate on the same rows.
/// </summary>
public sealed class DataVerb(TextWriter stdout) : IVerb
{
    public Command Build()
    {
        var output = new Option<string>("--out") { Description = "the folder to write the four IDX files into (created when missing)", Required = true };
        var trainSize = new Option<string?>("--train-size") { Description = "training rows, in train-*-ubyte (data.trainSize; default 8000)" };
        var validationSize = new Option<string?>("--validation-size") { Description = "validation rows, in t10k-*-ubyte (data.validationSize; default 2000)" };
        var seed = new Option<string?>("--seed") { Description = "the spec's training.seed, which decides the split (default 0)" };
        var mnist = new Command("mnist", "write the bundled MNIST digits as IDX files, split as \"source\": \"mnist\" splits them")
        {
            output, trainSize, validationSize, seed,
        };
        mnist.SetAction((parsed, _) => RunAsync(parsed.GetValue(output)!, parsed.GetValue(trainSize), parsed.GetValue(validationSize), parsed.GetValue(seed)));
        return new Command("data", "write a bundled data set as files for your own training program") { mnist };
    }

    private async Task<int> RunAsync(string folder, string? trainText, string? validationText, string? seedText)
    {
        int train = CommonOptions.PositiveInteger(trainText, "--train-size", 8000) ?? 8000;
        int validation = CommonOptions.PositiveInteger(validationText, "--validation-size", 2000) ?? 2000;
        int seed = Seed(seedText);
        if ((long)train + validation > BundledMnist.Rows)
            throw new InputException(
                $"--train-size + --validation-size is {train} + {validation} = {(long)train + validation}, more than the {BundledMnist.Rows} bundled digits; together they may use at most {BundledMnist.Rows}.");

        IReadOnlyList<string> files;
        try
        {
            files = MnistExport.Write(folder, train, validation, seed);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new InputException($"--out: cannot write the IDX files into \"{folder}\": {e.Message}");
        }
        await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"wrote {files.Count} IDX files to {Path.GetFullPath(folder)}: {train} training digits ({MnistExport.TrainImages}, {MnistExport.TrainLabels}) and {validation} validation digits ({MnistExport.TestImages}, {MnistExport.TestLabels}), the split of \"source\": \"mnist\" with trainSize {train}, validationSize {validation}, training.seed {seed}."));
        return SweepCommand.Ok;
    }

    private static int Seed(string? text)
    {
        if (text is null) return 0;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int seed) || seed < 0)
            throw new InputException($"--seed: \"{text}\" is not allowed; must be a whole number of at least 0 (the spec's training.seed), such as 1.");
        return seed;
    }
}
