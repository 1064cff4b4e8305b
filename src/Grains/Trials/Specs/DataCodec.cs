using SweepCluster.Engine.Spec;

namespace SweepCluster.Grains.Trials.Specs;

// The data section as Orleans carries it in a trial's start: one surrogate per source. Engine enums travel by number.

[GenerateSerializer, Immutable, Alias("spec.data.Mnist")]
public readonly record struct MnistDataSurrogate(int TrainSize, int ValidationSize);

[RegisterConverter]
public sealed class MnistDataConverter : IConverter<MnistDataSpec, MnistDataSurrogate>
{
    public MnistDataSpec ConvertFromSurrogate(in MnistDataSurrogate s) => new(s.TrainSize, s.ValidationSize);
    public MnistDataSurrogate ConvertToSurrogate(in MnistDataSpec v) => new(v.TrainSize, v.ValidationSize);
}

[GenerateSerializer, Immutable, Alias("spec.data.Idx")]
public readonly record struct IdxDataSurrogate(
    string TrainImages, string TrainLabels, string? TestImages, string? TestLabels, int? TrainSize, int? ValidationSize);

[RegisterConverter]
public sealed class IdxDataConverter : IConverter<IdxDataSpec, IdxDataSurrogate>
{
    public IdxDataSpec ConvertFromSurrogate(in IdxDataSurrogate s) =>
        new(s.TrainImages, s.TrainLabels, s.TestImages, s.TestLabels, s.TrainSize, s.ValidationSize);
    public IdxDataSurrogate ConvertToSurrogate(in IdxDataSpec v) =>
        new(v.TrainImages, v.TrainLabels, v.TestImages, v.TestLabels, v.TrainSize, v.ValidationSize);
}

/// <param name="LabelName">The label column by header name; <paramref name="LabelIndex"/> by index; both null: the last column.</param>
[GenerateSerializer, Immutable, Alias("spec.data.Csv")]
public readonly record struct CsvDataSurrogate(
    string Path, string? LabelName, int? LabelIndex, bool Header, int Task, int? TrainSize, int? ValidationSize);

[RegisterConverter]
public sealed class CsvDataConverter : IConverter<CsvDataSpec, CsvDataSurrogate>
{
    public CsvDataSpec ConvertFromSurrogate(in CsvDataSurrogate s) =>
        new(s.Path, s.LabelName is null && s.LabelIndex is null ? null : new ColumnRef(s.LabelName, s.LabelIndex), s.Header,
            (CsvTask)s.Task, s.TrainSize, s.ValidationSize);
    public CsvDataSurrogate ConvertToSurrogate(in CsvDataSpec v) =>
        new(v.Path, v.LabelColumn?.Name, v.LabelColumn?.Index, v.Header, (int)v.Task, v.TrainSize, v.ValidationSize);
}

[GenerateSerializer, Immutable, Alias("spec.data.Synthetic")]
public readonly record struct SyntheticDataSurrogate(
    int Task, int Samples, int Features, double Noise, int Seed, int? TrainSize, int? ValidationSize);

[RegisterConverter]
public sealed class SyntheticDataConverter : IConverter<SyntheticDataSpec, SyntheticDataSurrogate>
{
    public SyntheticDataSpec ConvertFromSurrogate(in SyntheticDataSurrogate s) =>
        new((SyntheticTask)s.Task, s.Samples, s.Features, s.Noise, s.Seed, s.TrainSize, s.ValidationSize);
    public SyntheticDataSurrogate ConvertToSurrogate(in SyntheticDataSpec v) =>
        new((int)v.Task, v.Samples, v.Features, v.Noise, v.Seed, v.TrainSize, v.ValidationSize);
}

[GenerateSerializer, Immutable, Alias("spec.data.None")]
public readonly record struct NoDataSurrogate;

[RegisterConverter]
public sealed class NoDataConverter : IConverter<NoDataSpec, NoDataSurrogate>
{
    public NoDataSpec ConvertFromSurrogate(in NoDataSurrogate s) => new();
    public NoDataSurrogate ConvertToSurrogate(in NoDataSpec v) => default;
}
