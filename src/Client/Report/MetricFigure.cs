using SweepCluster.Engine.Spec;

namespace SweepCluster.Client.Report;

/// <summary>
/// The figure a trial is plotted at on the metric axis: the sweep's metric, or for a loss metric the train loss of a
/// trial that has no validation set (the quadratic), as the sweep ranks it. Accuracy never falls back: a loss on an
/// accuracy axis would mislead.
/// </summary>
internal static class MetricFigure
{
    public static double? Of(Metric metric, double? trainLoss, double? validationLoss, double? validationAccuracy) => metric switch
    {
        Metric.ValidationAccuracy => validationAccuracy,
        Metric.ValidationLoss => validationLoss ?? trainLoss,
        _ => trainLoss,
    };

    public static bool IsFinite(double? value) => value is { } v && double.IsFinite(v);
}
