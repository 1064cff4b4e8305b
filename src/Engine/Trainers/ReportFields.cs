namespace SweepCluster.Engine.Trainers;

/// <summary>
/// The names a report's figures go by: the spec's camelCase, and the snake_case a Python program is likely to print
/// (<c>train_loss</c>), which mean the same.
/// </summary>
internal static class ReportFields
{
    public const string Epoch = "epoch";
    public const string Step = "step";
    public const string TrainLoss = "trainLoss";
    public const string ValidationLoss = "validationLoss";
    public const string ValidationAccuracy = "validationAccuracy";
    public const string LearningRate = "learningRate";

    public static IReadOnlyList<string> All { get; } = [Epoch, Step, TrainLoss, ValidationLoss, ValidationAccuracy, LearningRate];

    /// <summary>The camelCase name for a field name or its snake_case alias; null for any other name.</summary>
    public static string? Canonical(string name) => name switch
    {
        Epoch or Step or TrainLoss or ValidationLoss or ValidationAccuracy or LearningRate => name,
        "train_loss" => TrainLoss,
        "validation_loss" => ValidationLoss,
        "validation_accuracy" => ValidationAccuracy,
        "learning_rate" => LearningRate,
        _ => null,
    };

    /// <summary>Collects named figures, then makes the report; the epoch and step must be whole numbers.</summary>
    public sealed class Builder
    {
        private readonly Dictionary<string, double> _values = new(StringComparer.Ordinal);

        public void Set(string canonical, double value) => _values[canonical] = value;

        public bool HasEpochOrStep => Whole(Epoch) is not null || Whole(Step) is not null;

        public bool IsEmpty => _values.Count == 0;

        public TrainerReport Build(int? epochIfMissing = null)
        {
            long? epoch = Whole(Epoch);
            long? step = Whole(Step);
            int? epochNumber = epoch is long e ? (int)Math.Clamp(e, int.MinValue, int.MaxValue) : step is null ? epochIfMissing : null;
            return new TrainerReport(epochNumber, step, Get(TrainLoss), Get(ValidationLoss), Get(ValidationAccuracy), Get(LearningRate));
        }

        private double? Get(string name) => _values.TryGetValue(name, out var value) ? value : null;

        // An epoch or step printed as 3.0 is 3; a fractional one (a progress figure such as 2.5 epochs) counts as the whole part.
        private long? Whole(string name) =>
            _values.TryGetValue(name, out var value) && double.IsFinite(value) && Math.Abs(value) < 9e15 ? (long)Math.Floor(value) : null;
    }
}
