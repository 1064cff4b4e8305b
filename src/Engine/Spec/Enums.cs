using System.Text.Json.Serialization;

namespace SweepCluster.Engine.Spec;

// The JSON names are the public spelling of docs/spec.md; the C# names are free to change.

[JsonConverter(typeof(JsonStringEnumConverter<Metric>))]
public enum Metric
{
    [JsonStringEnumMemberName("validationLoss")] ValidationLoss,
    [JsonStringEnumMemberName("trainLoss")] TrainLoss,
    [JsonStringEnumMemberName("validationAccuracy")] ValidationAccuracy,
}

[JsonConverter(typeof(JsonStringEnumConverter<Activation>))]
public enum Activation
{
    [JsonStringEnumMemberName("relu")] Relu,
    [JsonStringEnumMemberName("tanh")] Tanh,
}

[JsonConverter(typeof(JsonStringEnumConverter<ScheduleUnit>))]
public enum ScheduleUnit
{
    [JsonStringEnumMemberName("step")] Step,
    [JsonStringEnumMemberName("epoch")] Epoch,
}

[JsonConverter(typeof(JsonStringEnumConverter<CyclicMode>))]
public enum CyclicMode
{
    [JsonStringEnumMemberName("triangular")] Triangular,
    [JsonStringEnumMemberName("triangular2")] Triangular2,
    [JsonStringEnumMemberName("exp_range")] ExpRange,
}

[JsonConverter(typeof(JsonStringEnumConverter<AnnealStrategy>))]
public enum AnnealStrategy
{
    [JsonStringEnumMemberName("cos")] Cos,
    [JsonStringEnumMemberName("linear")] Linear,
}

[JsonConverter(typeof(JsonStringEnumConverter<SmoothnessRule>))]
public enum SmoothnessRule
{
    [JsonStringEnumMemberName("1/L")] InverseL,
    [JsonStringEnumMemberName("2/(L+mu)")] TwoOverLPlusMu,
}

[JsonConverter(typeof(JsonStringEnumConverter<RampMode>))]
public enum RampMode
{
    [JsonStringEnumMemberName("exponential")] Exponential,
    [JsonStringEnumMemberName("linear")] Linear,
}

/// <summary>What a csv data set predicts.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<CsvTask>))]
public enum CsvTask
{
    [JsonStringEnumMemberName("classification")] Classification,
    [JsonStringEnumMemberName("regression")] Regression,
}

[JsonConverter(typeof(JsonStringEnumConverter<SyntheticTask>))]
public enum SyntheticTask
{
    [JsonStringEnumMemberName("linear-regression")] LinearRegression,
    [JsonStringEnumMemberName("logistic")] Logistic,
}
