namespace SweepCluster.Engine.Results;

/// <summary>One step of an LR range test: the rate, that step's batch loss, and the bias-corrected smoothed loss.</summary>
public sealed record LrFinderPoint(long Step, double LearningRate, double Loss, double SmoothedLoss);

/// <summary>The three suggested rates of an LR range test (docs/results.md lrFinder.suggestions).</summary>
public sealed record LrSuggestions(double Steepest, double MinimumOver10, double Valley);

/// <summary>
/// An LR range test (docs/results.md lrFinder): the recorded curve, up to and including the step that ended it (a step
/// whose loss was not finite ends it and is left out), the suggestions, and the one a search continues from (valley).
/// </summary>
/// <param name="WallSeconds">How long the test trained, for the sweep's computeSeconds.</param>
public sealed record LrFinderResult(IReadOnlyList<LrFinderPoint> Curve, LrSuggestions Suggestions, double Suggested, double WallSeconds);
