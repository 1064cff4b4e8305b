namespace SweepCluster.Client;

/// <summary>The texts of `sweep --help` that point at the reference in the repository's docs/ folder.</summary>
internal static class Help
{
    public const string Root = """
        SweepCluster: find the best learning rate for each optimizer and schedule, on one machine or a cluster.

        Reference, in the SweepCluster repository: docs/cli.md (verbs, options, exit codes), docs/spec.md (the spec),
        docs/results.md (the Trial and Sweep result JSON), docs/metrics.md (Prometheus metrics). Examples: examples/.
        Results: `train`, `run`, `retry` and `refine` write JSON to --out, or to standard output when it is not a
        terminal; on a terminal they print a summary and save the JSON under ./sweep-results/.
        """;

    public const string Spec = "the spec file (docs/spec.md; examples/ has one of each kind)";

    public const string Out =
        "write the result JSON to this file (checked before any work starts); without it the JSON goes to standard output, "
        + "or on a terminal to ./sweep-results/NAME-ID.json with a summary printed (docs/results.md)";
}
