using SweepCluster.Engine.Search.Spaces;

namespace SweepCluster.Engine.Search.Importance;

/// <summary>
/// Which bin each trial's value of one parameter falls into: about √n equal-count bins of the sorted numbers, a bin edge
/// never splitting equal values, or one bin per distinct value when there are no more than that (a grid's values) or
/// the values are strings (categories). Equal-count bins depend on the values' order alone, so a log range and a linear
/// one bin the same; and with repeats, where every configuration's values are distinct, a bin holds several
/// configurations, so each parameter groups the trials its own way.
/// </summary>
internal static class ParameterBins
{
    /// <returns>Bin indices 0…k−1, one per value, in the values' order.</returns>
    public static int[] Of(IReadOnlyList<ParameterValue> values, int maxBins)
    {
        var bins = new int[values.Count];
        var distinct = values.Distinct().ToArray();
        int count = Math.Clamp((int)Math.Round(Math.Sqrt(values.Count)), 2, maxBins);
        if (distinct.Length <= count || values.Any(v => v.IsText))
        {
            // Numbers in ascending order, then strings in their first-seen order: the bin numbers read naturally.
            var ordered = distinct.Where(v => !v.IsText).OrderBy(v => v.Number).Concat(distinct.Where(v => v.IsText)).ToList();
            for (int i = 0; i < values.Count; i++) bins[i] = ordered.IndexOf(values[i]);
            return bins;
        }
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i].Number).ThenBy(i => i).ToArray();
        int bin = 0;
        for (int rank = 0; rank < order.Length; rank++)
        {
            // Move to the next bin at its equal-count edge, unless the value equals the one before it.
            bool edge = rank >= (long)(bin + 1) * order.Length / count;
            if (edge && values[order[rank]].Number != values[order[rank - 1]].Number) bin++;
            bins[order[rank]] = bin;
        }
        return bins;
    }
}
