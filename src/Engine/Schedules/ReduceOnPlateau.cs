using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Schedules;

/// <summary>
/// PyTorch torch.optim.lr_scheduler.ReduceLROnPlateau with threshold_mode='rel', cooldown=0, min_lr=0, eps=1e-8:
/// mode 'max' for validationAccuracy and 'min' for losses. Stateful, so not an <see cref="ILearningRateSchedule"/>:
/// the trainer calls <see cref="Observe"/> once per epoch with the metric and uses <see cref="Rate"/> for the next.
/// </summary>
/// <remarks>
/// PyTorch's relative test is literally metric &lt; best·(1 − threshold) (min) or metric &gt; best·(1 + threshold)
/// (max), and this keeps it. For a negative best (a quadratic's loss can be negative) that test is inverted in
/// spirit: in min mode a metric slightly worse than best, within threshold·|best|, still counts as an improvement
/// and resets patience. A NaN metric is never an improvement.
/// </remarks>
public sealed class ReduceOnPlateau
{
    /// <summary>PyTorch's eps: a reduction smaller than this is skipped.</summary>
    public const double MinimalDecay = 1e-8;

    public ReduceOnPlateau(ReduceOnPlateauScheduleSpec spec, double initialRate)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!(spec.Factor < 1.0))
            throw new ArgumentOutOfRangeException(nameof(spec), spec.Factor, "factor must be < 1.0.");
        if (spec.Patience < 0)
            throw new ArgumentOutOfRangeException(nameof(spec), spec.Patience, "patience must be >= 0.");
        Spec = spec;
        Maximize = spec.Metric == Metric.ValidationAccuracy;
        Rate = initialRate;
        Best = Maximize ? double.NegativeInfinity : double.PositiveInfinity;
    }

    public ReduceOnPlateauScheduleSpec Spec { get; }

    /// <summary>True in PyTorch's mode 'max' (accuracy).</summary>
    public bool Maximize { get; }

    /// <summary>The rate to use now.</summary>
    public double Rate { get; private set; }

    /// <summary>The best metric so far (±∞ before the first observation).</summary>
    public double Best { get; private set; }

    /// <summary>Observations since the last improvement (PyTorch's num_bad_epochs).</summary>
    public int BadEpochs { get; private set; }

    /// <summary>Observations so far (PyTorch's last_epoch).</summary>
    public int Epochs { get; private set; }

    /// <summary>Records one epoch's metric and returns the rate for the next epoch.</summary>
    public double Observe(double metric)
    {
        Epochs++;
        if (IsBetter(metric))
        {
            Best = metric;
            BadEpochs = 0;
        }
        else
        {
            BadEpochs++;
        }
        if (BadEpochs > Spec.Patience)
        {
            var reduced = Math.Max(Rate * Spec.Factor, 0.0);
            if (Rate - reduced > MinimalDecay)
                Rate = reduced;
            BadEpochs = 0;
        }
        return Rate;
    }

    private bool IsBetter(double metric) => Maximize
        ? metric > Best * (Spec.Threshold + 1.0)
        : metric < Best * (1.0 - Spec.Threshold);
}
