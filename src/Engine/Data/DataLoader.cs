using System.Globalization;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Data;

/// <summary>
/// Turns a spec's <c>data</c> section into the rows a run trains and validates on. Tables are loaded once per process
/// (<see cref="DatasetCache"/>); the split is a seeded permutation of row indices, so every trial and every silo with the
/// same <c>training.seed</c> sees the same rows, and a different seed gives a different split.
/// </summary>
/// <remarks>
/// Split rule: permute the rows with <see cref="SeededRandom"/>(seed, <see cref="SplitStream"/>); the first trainSize
/// rows train, the next validationSize validate. Sizes left out: <c>mnist</c> 8000/2000 (the record's defaults);
/// otherwise validation is 20% of the rows (rounded down) and training the rest, and a size given alone leaves the rest
/// to the other. For <c>idx</c> with test files, validation comes from the test files instead: the first validationSize
/// rows (default all) of their own permutation (stream <see cref="TestSplitStream"/>), and training the first trainSize
/// (default all) of the training files' permutation.
/// </remarks>
public static class DataLoader
{
    /// <summary>"SPLIT" in ASCII: the split does not repeat the order that <c>new SeededRandom(seed)</c> gives other users.</summary>
    public const ulong SplitStream = 0x53504C4954;

    /// <summary>"TEST" in ASCII: the permutation of an IDX test set.</summary>
    public const ulong TestSplitStream = 0x54455354;

    /// <summary>The rows for one run; <paramref name="seed"/> is <c>training.seed</c>.</summary>
    public static DataSplit Load(DataSpec spec, int seed)
    {
        switch (spec)
        {
            case NoDataSpec:
                return DataSplit.Empty;
            case IdxDataSpec { TestImages: not null } idx:
                var train = LoadDataset(idx);
                var test = LoadIdxTest(idx, train);
                int trainSize = CheckSize(idx.TrainSize ?? train.Rows, "data.trainSize", train, "trainImages");
                int validationSize = CheckSize(idx.ValidationSize ?? test.Rows, "data.validationSize", test, "testImages");
                if (trainSize < 1) throw new InputException("data.trainSize is 0; a run needs at least one training row.");
                return new DataSplit(
                    train, new SeededRandom(seed, SplitStream).Permutation(train.Rows)[..trainSize],
                    test, new SeededRandom(seed, TestSplitStream).Permutation(test.Rows)[..validationSize]);
            case IdxDataSpec { TestLabels: not null }:
                throw new InputException("data.testLabels is given without data.testImages; give both or neither.");
            default:
                var table = LoadDataset(spec);
                var (trainRows, validationRows) = Sizes(spec, table);
                int[] order = new SeededRandom(seed, SplitStream).Permutation(table.Rows);
                return new DataSplit(table, order[..trainRows], table, order[trainRows..(trainRows + validationRows)]);
        }
    }

    /// <summary>The cached table a spec names (for <c>idx</c>, the training files'); <see cref="Dataset.EmptyRegression"/> for <c>none</c>.</summary>
    public static Dataset LoadDataset(DataSpec spec) => spec switch
    {
        NoDataSpec => Dataset.EmptyRegression,
        MnistDataSpec => Mnist(),
        IdxDataSpec idx => LoadIdx(idx.TrainImages, "data.trainImages", idx.TrainLabels, "data.trainLabels", minClasses: 0),
        CsvDataSpec csv => LoadCsv(csv),
        SyntheticDataSpec synthetic => DatasetCache.GetOrLoad(
            string.Create(CultureInfo.InvariantCulture,
                $"synthetic|{synthetic.Task}|samples={synthetic.Samples}|features={synthetic.Features}|noise={synthetic.Noise:R}|seed={synthetic.Seed}"),
            "",
            () => SyntheticData.Generate(synthetic)),
        _ => throw new ArgumentException($"Unknown data spec {spec.GetType().Name}.", nameof(spec)),
    };

    /// <summary>The bundled 10,000 MNIST digits (<see cref="BundledMnist"/>), read once per process.</summary>
    public static Dataset Mnist() => DatasetCache.GetOrLoad("mnist|bundled", "", BundledMnist.Read);

    private static (int Train, int Validation) Sizes(DataSpec spec, Dataset table)
    {
        var (train, validation) = spec switch
        {
            MnistDataSpec m => ((int?)m.TrainSize, (int?)m.ValidationSize),
            IdxDataSpec idx => (idx.TrainSize, idx.ValidationSize),
            CsvDataSpec csv => (csv.TrainSize, csv.ValidationSize),
            SyntheticDataSpec s => (s.TrainSize, s.ValidationSize),
            _ => (null, null),
        };
        int rows = table.Rows;
        if (train is int t) CheckSize(t, "data.trainSize", table, null);
        if (validation is int v) CheckSize(v, "data.validationSize", table, null);
        if (train is int t2 && validation is int v2 && (long)t2 + v2 > rows)
            throw new InputException(
                $"data.trainSize + data.validationSize is {t2} + {v2} = {(long)t2 + v2}, more than the {rows} rows of {table.Name}; together they may use at most {rows}.");

        if (train is null && validation is null && rows / 5 == 0)
            throw new InputException(
                $"data: {table.Name} has {rows} rows, too few to split off the default 20% for validation; give data.trainSize and data.validationSize.");
        int validationRows = validation ?? (train is int given ? rows - given : rows / 5);
        int trainRows = train ?? rows - validationRows;
        if (trainRows < 1)
            throw new InputException(train is null
                ? $"data.validationSize is {validationRows}, which leaves none of the {rows} rows of {table.Name} for training; a run needs at least one training row."
                : "data.trainSize is 0; a run needs at least one training row.");
        return (trainRows, validationRows);
    }

    private static int CheckSize(int size, string field, Dataset table, string? fileField)
    {
        if (size < 0) throw new InputException($"{field} is {size}; it must be at least 0.");
        if (size > table.Rows)
        {
            string of = fileField is null ? table.Name : $"{fileField} ({table.Name})";
            throw new InputException($"{field} is {size}, more than the {table.Rows} rows of {of}; it may be at most {table.Rows}.");
        }
        return size;
    }

    private static Dataset LoadCsv(CsvDataSpec csv)
    {
        var (real, version) = Stamp(csv.Path, "data.path");
        return DatasetCache.GetOrLoad($"csv|{real}|label={LabelKey(csv.LabelColumn)}|header={csv.Header}|task={csv.Task}", version, () => CsvReader.Read(csv));
    }

    private static Dataset LoadIdx(string images, string imagesField, string labels, string labelsField, int minClasses)
    {
        var (realImages, imagesVersion) = Stamp(images, imagesField);
        var (realLabels, labelsVersion) = Stamp(labels, labelsField);
        return DatasetCache.GetOrLoad($"idx|{realImages}|{realLabels}|classes>={minClasses}", imagesVersion + "|" + labelsVersion, () =>
        {
            var table = IdxReader.Read(images, labels);
            return table.Classes >= minClasses
                ? table
                : new Dataset(table.Name, table.Rows, table.Features, table.X, table.Labels, null, minClasses);
        });
    }

    // The test table takes the training table's class count, so a model built from the training data can score every
    // validation row; a test label the training labels never reach is refused instead of crashing a run later.
    private static Dataset LoadIdxTest(IdxDataSpec idx, Dataset train)
    {
        if (idx.TestLabels is null)
            throw new InputException("data.testImages is given without data.testLabels; give both or neither.");
        var test = LoadIdx(idx.TestImages!, "data.testImages", idx.TestLabels, "data.testLabels", train.Classes);
        if (test.Features != train.Features)
            throw new DataFormatException(idx.TestImages!,
                $"has images of {test.Features} pixels but data.trainImages ({train.Name}) has images of {train.Features}; they must be the same size");
        if (test.Classes > train.Classes)
            throw new DataFormatException(idx.TestLabels,
                $"has label {test.Labels!.Max()} but the training labels only go up to {train.Classes - 1}; a model trained on them could not predict it");
        return test;
    }

    private static string LabelKey(ColumnRef? column) => column switch
    {
        null => "last",
        { Index: int index } => "index:" + index.ToString(CultureInfo.InvariantCulture),
        _ => "name:" + column.Name,
    };

    /// <summary>The file's real path (checked by <see cref="DataAccess"/>) and its version: length and last write.</summary>
    private static (string Real, string Version) Stamp(string path, string field)
    {
        var real = DataAccess.Readable(path, field);
        var file = new FileInfo(real);
        return (real, string.Create(CultureInfo.InvariantCulture, $"{file.Length}|{file.LastWriteTimeUtc.Ticks}"));
    }
}
