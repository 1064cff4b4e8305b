using System.Text.Json.Serialization;

namespace SweepCluster.Engine.Spec;

/// <summary>Where the examples come from (docs/spec.md data). One derived record per <c>source</c>.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "source")]
[JsonDerivedType(typeof(MnistDataSpec), "mnist")]
[JsonDerivedType(typeof(IdxDataSpec), "idx")]
[JsonDerivedType(typeof(CsvDataSpec), "csv")]
[JsonDerivedType(typeof(SyntheticDataSpec), "synthetic")]
[JsonDerivedType(typeof(NoDataSpec), "none")]
public abstract record DataSpec;

/// <summary>The bundled 10,000 real MNIST digits.</summary>
public sealed record MnistDataSpec(int TrainSize = 8000, int ValidationSize = 2000) : DataSpec;

/// <summary>Standard IDX files (.gz or not). Without test files the validation rows are split off the training files.</summary>
public sealed record IdxDataSpec(
    string TrainImages,
    string TrainLabels,
    string? TestImages = null,
    string? TestLabels = null,
    int? TrainSize = null,
    int? ValidationSize = null) : DataSpec;

/// <summary>A CSV file; <see cref="LabelColumn"/> is a header name or a 0-based index, null meaning the last column.</summary>
public sealed record CsvDataSpec(
    string Path,
    ColumnRef? LabelColumn = null,
    bool Header = true,
    CsvTask Task = CsvTask.Classification,
    int? TrainSize = null,
    int? ValidationSize = null) : DataSpec;

/// <summary>Seeded generated data. trainSize/validationSize extend the contract: default an 80/20 split of <see cref="Samples"/>.</summary>
public sealed record SyntheticDataSpec(
    SyntheticTask Task = SyntheticTask.LinearRegression,
    int Samples = 1000,
    int Features = 10,
    double Noise = 0.1,
    int Seed = 0,
    int? TrainSize = null,
    int? ValidationSize = null) : DataSpec;

/// <summary>No data: the quadratic model's gradient is exact.</summary>
public sealed record NoDataSpec : DataSpec;

/// <summary>A CSV column given by header name or by 0-based index.</summary>
[JsonConverter(typeof(ColumnRefJsonConverter))]
public sealed record ColumnRef(string? Name, int? Index)
{
    public override string ToString() => Name ?? Index!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
