namespace SweepCluster.Grains.Trials;

/// <summary>
/// What a follower of one output stream has not seen yet: the kept lines numbered <c>First + 1</c> to
/// <paramref name="Lines"/>. A <paramref name="First"/> beyond the lines the follower had seen counts lines that fell
/// out of the kept tail before it read them.
/// </summary>
/// <param name="Attempt">The attempt that printed them; when it is not the one the follower asked about, the lines are the
/// new attempt's from the start of its kept tail.</param>
/// <param name="First">How many lines the stream printed before <paramref name="Text"/>'s first.</param>
/// <param name="Text">The lines, each ending with a line break.</param>
/// <param name="Lines">How many lines the stream has printed in all.</param>
[GenerateSerializer, Immutable, Alias("sweep.TrialLogLines")]
public sealed record TrialLogLines(
    [property: Id(0)] int Attempt,
    [property: Id(1)] long First,
    [property: Id(2)] string Text,
    [property: Id(3)] long Lines)
{
    /// <summary>
    /// The lines of <paramref name="text"/> (whole lines, the last <paramref name="kept"/> of <paramref name="lines"/>
    /// printed) numbered after <paramref name="seen"/>; only the new end of the text is read and copied.
    /// </summary>
    internal static TrialLogLines Of(int attempt, string text, long lines, long seen)
    {
        var start = text.Length;
        long taken = 0;
        // Each step takes one more line from the end: start moves to just after the line break before it.
        while (taken < lines - seen && start > 0)
        {
            start = start >= 2 ? text.LastIndexOf('\n', start - 2) + 1 : 0;
            taken++;
        }
        return new TrialLogLines(attempt, lines - taken, text[start..], lines);
    }
}
