namespace SweepCluster.Engine.Spec.Parsing;

/// <summary>
/// The names <c>search.parameters</c> may use and the spec field each one sets: <c>learningRate</c> is η (the optimizer's
/// learningRate); a dotted path sets that field of optimizer, schedule, training or model (<c>schedule.warmup.steps</c>);
/// <c>trainer.env.NAME</c> sets one environment value of the trainer.
/// </summary>
internal static class ParameterPaths
{
    public static readonly string[] Sections = ["optimizer", "schedule", "training", "model", "trainer"];

    private const int MaxParts = 8;
    private const string TrainerEnv = "trainer.env.";

    /// <summary>What is wrong with the name, or null when it may be searched.</summary>
    public static string? Problem(string name)
    {
        if (name == SearchParameter.LearningRate) return null;
        var quoted = ValueText.Quote(name);
        var parts = name.Split('.');
        if (parts.Length == 1)
            return $"{quoted} is not a parameter name; give learningRate or a dotted path into {ValueText.List(Sections)} " +
                   $"(e.g. \"optimizer.momentum\"){Suggest.Hint(name, [SearchParameter.LearningRate])}";
        if (!Sections.Contains(parts[0]))
            return $"{quoted} is not a parameter name: {ValueText.Quote(parts[0])} is not a section a search may set; " +
                   $"allowed: {ValueText.List(Sections)}{Suggest.Hint(parts[0], Sections)}";
        if (parts.Any(p => p.Trim().Length == 0))
            return $"{quoted} has an empty part; join field names with single dots, e.g. \"optimizer.momentum\"";
        if (parts.Length > MaxParts)
            return $"{quoted} has {parts.Length} parts; a spec's fields are at most {MaxParts} deep";
        if (name == "optimizer.learningRate")
            return $"{quoted} is η, which search.parameters calls \"learningRate\"";
        if (parts[0] == "trainer" && !(parts.Length >= 3 && parts[1] == "env"))
            return $"{quoted} cannot be searched: of the trainer only environment values can (\"trainer.env.NAME\"); its command and args are fixed";
        return null;
    }

    /// <summary>The field a valid name sets, as the names of the objects from the spec's root down: optimizer, momentum.</summary>
    public static string[] Target(string name)
    {
        if (name == SearchParameter.LearningRate) return ["optimizer", "learningRate"];
        // An environment variable's name may itself hold dots.
        if (name.StartsWith(TrainerEnv, StringComparison.Ordinal)) return ["trainer", "env", name[TrainerEnv.Length..]];
        return name.Split('.');
    }

    /// <summary>Whether the field holds text only (an environment value): a number is set as its text.</summary>
    public static bool IsText(string name) => name.StartsWith(TrainerEnv, StringComparison.Ordinal);

    /// <summary>The JSON path of the field a valid name sets: <c>$.optimizer.momentum</c>.</summary>
    public static string JsonPathOf(string name) => Target(name).Aggregate(JsonPath.Root, JsonPath.Child);
}
