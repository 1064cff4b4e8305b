using System.Globalization;

namespace SweepCluster.Engine.Trainers;

/// <summary>
/// The built-in trainer's divergence rule applied to reports: a training loss that is not finite or exceeds
/// <c>divergenceFactor</c> × |the first reported training loss|, or a validation loss that is not finite.
/// </summary>
internal sealed class DivergenceWatch(double factor)
{
    private double? _firstTrainLoss;

    /// <summary>Why the report shows divergence, or null when it does not.</summary>
    public string? Check(TrainerReport report)
    {
        if (report.TrainLoss is double train)
        {
            if (!double.IsFinite(train)) return $"reported trainLoss {Text(train)}";
            if (_firstTrainLoss is not double first) _firstTrainLoss = train;
            else if (train > factor * Math.Abs(first))
                return $"reported trainLoss {Text(train)}, more than divergenceFactor {Text(factor)} × the first reported trainLoss {Text(first)}";
        }
        if (report.ValidationLoss is double validation && !double.IsFinite(validation)) return $"reported validationLoss {Text(validation)}";
        return null;
    }

    private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
