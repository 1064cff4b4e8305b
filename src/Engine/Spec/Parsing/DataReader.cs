namespace SweepCluster.Engine.Spec.Parsing;

/// <summary>Reads <c>data</c> (docs/spec.md data).</summary>
internal static class DataReader
{
    public static readonly string[] Sources = ["mnist", "idx", "csv", "synthetic", "none"];

    public static DataSpec? Read(SpecObject o, string? baseDirectory, string? root)
    {
        var source = o.Kind("source", Sources, "a data source");
        if (source is null) return null;
        o.What = $"the {source} data";
        DataSpec? data = source switch
        {
            "mnist" => Mnist(o),
            "idx" => Idx(o, baseDirectory, root),
            "csv" => Csv(o, baseDirectory, root),
            "synthetic" => SyntheticReader.Read(o),
            _ => new NoDataSpec(),
        };
        o.RejectUnknown();
        return data;
    }

    /// <summary>Validation rows the spec itself fixes: null when they depend on the files (idx, csv) or come from test files.</summary>
    public static int? KnownValidationRows(DataSpec data) => data switch
    {
        MnistDataSpec m => m.ValidationSize,
        SyntheticDataSpec s => s.ValidationSize,
        IdxDataSpec { TestImages: null } i => i.ValidationSize,
        CsvDataSpec c => c.ValidationSize,
        NoDataSpec => 0,
        _ => null,
    };

    private static MnistDataSpec? Mnist(SpecObject o)
    {
        var train = o.Int("trainSize", 8000, 1, SpecLimits.MnistImages);
        var validation = o.Int("validationSize", 2000, 0, SpecLimits.MnistImages);
        if (train is null || validation is null) return null;
        if (train + validation > SpecLimits.MnistImages)
        {
            o.Problems.Add(o.Path, $"trainSize {train} + validationSize {validation} = {ValueText.Count(train.Value + validation.Value)} " +
                                   $"is more than the {ValueText.Count(SpecLimits.MnistImages)} bundled MNIST images");
            return null;
        }
        return new MnistDataSpec(train.Value, validation.Value);
    }

    private static IdxDataSpec? Idx(SpecObject o, string? baseDirectory, string? root)
    {
        var trainImages = DataPaths.Read(o, "trainImages", baseDirectory, root, required: true);
        var trainLabels = DataPaths.Read(o, "trainLabels", baseDirectory, root, required: true);
        var hasTestImages = o.Has("testImages");
        var hasTestLabels = o.Has("testLabels");
        var testImages = DataPaths.Read(o, "testImages", baseDirectory, root, required: false);
        var testLabels = DataPaths.Read(o, "testLabels", baseDirectory, root, required: false);
        var (train, validation) = (o.OptionalInt("trainSize", 1), o.OptionalInt("validationSize", 0));
        var ok = true;
        if (hasTestImages != hasTestLabels)
        {
            var (missing, given) = hasTestImages ? ("testLabels", "testImages") : ("testImages", "testLabels");
            o.Problems.Add(o.At(missing), $"is required when {given} is given (give both test files or neither)");
            ok = false;
        }
        if (!ok || trainImages is null || trainLabels is null || hasTestImages && testImages is null || hasTestLabels && testLabels is null
            || Invalid(o, "trainSize", train) || Invalid(o, "validationSize", validation)) return null;
        return new IdxDataSpec(trainImages, trainLabels, testImages, testLabels, train, validation);
    }

    private static CsvDataSpec? Csv(SpecObject o, string? baseDirectory, string? root)
    {
        var path = DataPaths.Read(o, "path", baseDirectory, root, required: true);
        var labelColumn = o.Field("labelColumn") is { } e ? LabelColumn(e, o.At("labelColumn"), o.Problems) : null;
        var header = o.Bool("header", true);
        var task = o.Enum("task", CsvTask.Classification, "a csv task");
        var (train, validation) = (o.OptionalInt("trainSize", 1), o.OptionalInt("validationSize", 0));
        if (path is null || (o.Has("labelColumn") && labelColumn is null) || header is null || task is null
            || Invalid(o, "trainSize", train) || Invalid(o, "validationSize", validation)) return null;
        return new CsvDataSpec(path, labelColumn, header.Value, task.Value, train, validation);
    }

    /// <summary>A header name, or a 0-based column index.</summary>
    private static ColumnRef? LabelColumn(System.Text.Json.JsonElement e, string path, Problems problems)
    {
        if (e.ValueKind == System.Text.Json.JsonValueKind.Number)
            return JsonValues.Int(e, path, 0, int.MaxValue, problems) is { } index ? new ColumnRef(null, index) : null;
        if (e.ValueKind != System.Text.Json.JsonValueKind.String)
        {
            problems.Add(path, $"expected a column name or a 0-based column index, found {ValueText.Found(e)}");
            return null;
        }
        var name = JsonValues.String(e, path, problems);
        if (name is { Length: > 0 }) return new ColumnRef(name, null);
        if (name is not null) problems.Add(path, "must not be empty");
        return null;
    }

    // An optional field that was given but held a wrong value (already reported).
    private static bool Invalid(SpecObject o, string field, int? value) => value is null && o.Has(field);
}
