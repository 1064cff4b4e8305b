using System.Text;
using SweepCluster.Engine.Data;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.Data;

public sealed class DataLoaderTests
{
    [Fact]
    public void NoDataGivesTheEmptySplit() => Assert.Same(DataSplit.Empty, DataLoader.Load(new NoDataSpec(), 1));

    [Fact]
    public void MnistIsSplit8000To2000ByDefaultIntoDisjointRows()
    {
        var split = DataLoader.Load(new MnistDataSpec(), seed: 1);
        Assert.Same(DataLoader.Mnist(), split.Train);
        Assert.Same(split.Train, split.Validation);
        Assert.Equal(8000, split.TrainRows.Length);
        Assert.Equal(2000, split.ValidationRows.Length);
        Assert.Equal(Enumerable.Range(0, 10_000), split.TrainRows.Concat(split.ValidationRows).Order());
    }

    [Fact]
    public void TheSameSeedGivesTheSameSplitAndAnotherSeedAnother()
    {
        var spec = new MnistDataSpec(TrainSize: 1000, ValidationSize: 500);
        var a = DataLoader.Load(spec, seed: 7);
        var b = DataLoader.Load(spec, seed: 7);
        var c = DataLoader.Load(spec, seed: 8);
        Assert.Equal(a.TrainRows, b.TrainRows);
        Assert.Equal(a.ValidationRows, b.ValidationRows);
        Assert.NotEqual(a.TrainRows, c.TrainRows);
        Assert.Empty(a.TrainRows.Intersect(a.ValidationRows));
        Assert.Equal((1000, 500), (a.TrainRows.Length, a.ValidationRows.Length));
    }

    [Fact]
    public void TheSplitIsTheDocumentedPermutation()
    {
        // DataLoader remarks: SeededRandom(seed, SplitStream) permutes the rows; train first, validation next.
        int[] order = new SeededRandom(5, DataLoader.SplitStream).Permutation(10_000);
        var split = DataLoader.Load(new MnistDataSpec(TrainSize: 100, ValidationSize: 30), seed: 5);
        Assert.Equal(order[..100], split.TrainRows);
        Assert.Equal(order[100..130], split.ValidationRows);
    }

    [Fact]
    public void SizesBeyondTheRowCountNameTheFieldValueAndRows()
    {
        var both = Assert.Throws<InputException>(() => DataLoader.Load(new MnistDataSpec(TrainSize: 9000, ValidationSize: 2000), 0));
        Assert.Equal("data.trainSize + data.validationSize is 9000 + 2000 = 11000, more than the 10000 rows of mnist; together they may use at most 10000.", both.Message);
        var one = Assert.Throws<InputException>(() => DataLoader.Load(new MnistDataSpec(TrainSize: 20_000), 0));
        Assert.Equal("data.trainSize is 20000, more than the 10000 rows of mnist; it may be at most 10000.", one.Message);
    }

    [Fact]
    public void CsvAndSyntheticDataSplitOffTwentyPercentByDefault()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("ten.csv", Csv(rows: 10));
        var csv = DataLoader.Load(new CsvDataSpec(path), seed: 0);
        Assert.Equal((8, 2), (csv.TrainRows.Length, csv.ValidationRows.Length));

        var onlyTrain = DataLoader.Load(new CsvDataSpec(path, TrainSize: 6), seed: 0);
        Assert.Equal((6, 4), (onlyTrain.TrainRows.Length, onlyTrain.ValidationRows.Length));
        var onlyValidation = DataLoader.Load(new CsvDataSpec(path, ValidationSize: 1), seed: 0);
        Assert.Equal((9, 1), (onlyValidation.TrainRows.Length, onlyValidation.ValidationRows.Length));

        var synthetic = DataLoader.Load(new SyntheticDataSpec(Samples: 99, Features: 2), seed: 0);
        Assert.Equal((80, 19), (synthetic.TrainRows.Length, synthetic.ValidationRows.Length)); // 19 = ⌊99/5⌋
    }

    [Fact]
    public void TooFewRowsForTheDefaultSplitIsAnInputError()
    {
        var error = Assert.Throws<InputException>(() => DataLoader.Load(new SyntheticDataSpec(Samples: 4, Features: 2), 0));
        Assert.Contains("4 rows, too few", error.Message);
        var none = Assert.Throws<InputException>(() => DataLoader.Load(new SyntheticDataSpec(Samples: 10, Features: 2, ValidationSize: 10), 0));
        Assert.Equal("data.validationSize is 10, which leaves none of the 10 rows of synthetic-linear-regression for training; a run needs at least one training row.", none.Message);
    }

    [Fact]
    public void IdxTestFilesProvideTheValidationRows()
    {
        using var dir = new TempDirectory();
        var spec = new IdxDataSpec(
            dir.Write("train-images", IdxFiles.Images(6, 2, 2, IdxFiles.Ramp(24))),
            dir.Write("train-labels", IdxFiles.Labels([0, 1, 2, 0, 1, 2])),
            dir.Write("test-images.gz", IdxFiles.Gzip(IdxFiles.Images(4, 2, 2, IdxFiles.Ramp(16)))),
            dir.Write("test-labels.gz", IdxFiles.Gzip(IdxFiles.Labels([1, 1, 0, 0]))));

        var all = DataLoader.Load(spec, seed: 3);
        Assert.Equal(6, all.TrainRows.Length);
        Assert.Equal(4, all.ValidationRows.Length);
        Assert.NotSame(all.Train, all.Validation);
        Assert.Equal(3, all.Validation.Classes); // the training set's class count, so every model output has a class
        Assert.Equal(Enumerable.Range(0, 4), all.ValidationRows.Order());

        var part = DataLoader.Load(spec with { TrainSize = 5, ValidationSize = 2 }, seed: 3);
        Assert.Equal(all.TrainRows[..5], part.TrainRows);
        Assert.Equal(all.ValidationRows[..2], part.ValidationRows);

        var tooMany = Assert.Throws<InputException>(() => DataLoader.Load(spec with { ValidationSize = 5 }, 3));
        Assert.Contains("data.validationSize is 5, more than the 4 rows of testImages (test-images.gz)", tooMany.Message);
    }

    [Fact]
    public void AnIdxTestLabelTheTrainingLabelsNeverReachIsRefused()
    {
        using var dir = new TempDirectory();
        var spec = new IdxDataSpec(
            dir.Write("train-images", IdxFiles.Images(2, 1, 1, [0, 1])),
            dir.Write("train-labels", IdxFiles.Labels([0, 1])),
            dir.Write("test-images", IdxFiles.Images(2, 1, 1, [0, 1])),
            dir.Write("test-labels", IdxFiles.Labels([0, 7])));
        var error = Assert.Throws<DataFormatException>(() => DataLoader.Load(spec, 0));
        Assert.Contains("test-labels: has label 7 but the training labels only go up to 1", error.Message);
    }

    [Fact]
    public void AMissingFileNamesTheSpecField()
    {
        using var dir = new TempDirectory();
        string missing = dir.File("gone.csv");
        var error = Assert.Throws<InputException>(() => DataLoader.Load(new CsvDataSpec(missing), 0));
        Assert.Equal($"data.path: no such file: {missing}", error.Message);
        var idx = Assert.Throws<InputException>(() => DataLoader.Load(new IdxDataSpec(missing, missing), 0));
        Assert.StartsWith("data.trainImages: no such file", idx.Message);
    }

    [Fact]
    public void TheSameDataIsLoadedOnceWhateverTheSizesAndSeeds()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("same.csv", Csv(rows: 20));
        var table = DataLoader.LoadDataset(new CsvDataSpec(path));
        Assert.Same(table, DataLoader.LoadDataset(new CsvDataSpec(path, TrainSize: 5)));
        Assert.Same(table, DataLoader.Load(new CsvDataSpec(path, ValidationSize: 3), seed: 9).Train);
        Assert.NotSame(table, DataLoader.LoadDataset(new CsvDataSpec(path, Task: CsvTask.Regression)));

        var synthetic = new SyntheticDataSpec(Samples: 30, Features: 2, Seed: 12345);
        Assert.Same(DataLoader.LoadDataset(synthetic), DataLoader.LoadDataset(synthetic with { TrainSize = 10 }));
    }

    [Fact]
    public void AChangedFileIsLoadedAgain()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("changing.csv", Csv(rows: 10));
        var before = DataLoader.LoadDataset(new CsvDataSpec(path));
        File.WriteAllText(path, Csv(rows: 15));
        var after = DataLoader.LoadDataset(new CsvDataSpec(path));
        Assert.NotSame(before, after);
        Assert.Equal(15, after.Rows);
    }

    [Fact]
    public void ConcurrentCallersShareOneTable()
    {
        using var dir = new TempDirectory();
        string path = dir.Write("shared.csv", Csv(rows: 5000));
        var tables = new Dataset[8];
        using var start = new Barrier(tables.Length);
        var threads = Enumerable.Range(0, tables.Length).Select(i => new Thread(() =>
        {
            start.SignalAndWait();
            tables[i] = DataLoader.Load(new CsvDataSpec(path), seed: i).Train;
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        Assert.All(tables, t => Assert.Same(tables[0], t));
    }

    private static string Csv(int rows)
    {
        var text = new StringBuilder("a,b,label\n");
        for (int i = 0; i < rows; i++) text.Append(i).Append(',').Append(i * 0.5).Append(',').Append(i % 3).Append('\n');
        return text.ToString();
    }
}
