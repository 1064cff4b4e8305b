namespace SweepCluster.Engine.Trainers;

/// <summary>Expands the placeholders of a trainer's <c>command</c> and <c>env</c> values for one trial.</summary>
public static class CommandExpansion
{
    /// <summary>The resolved command; every unknown or malformed placeholder is in <paramref name="problems"/> (then the command must not run).</summary>
    public static ResolvedCommand Expand(CommandTrainerSpec trainer, IPlaceholderResolver resolver, ICollection<PlaceholderProblem> problems)
    {
        var argv = new List<string>(trainer.Command.Count);
        for (int i = 0; i < trainer.Command.Count; i++)
            argv.Add(PlaceholderTemplate.Expand(trainer.Command[i], resolver, $"command[{i}]", problems));
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in trainer.Env)
            env[name] = PlaceholderTemplate.Expand(value, resolver, $"env.{name}", problems);
        return new ResolvedCommand(argv, trainer.WorkingDirectory, env);
    }

    /// <summary>The resolved command, or an <see cref="InputException"/> listing every placeholder problem.</summary>
    public static ResolvedCommand Expand(CommandTrainerSpec trainer, IPlaceholderResolver resolver)
    {
        var problems = new List<PlaceholderProblem>();
        var resolved = Expand(trainer, resolver, problems);
        if (problems.Count > 0)
            throw new InputException("trainer: " + string.Join("; ", problems.Select(p => p.ToString())));
        return resolved;
    }
}
