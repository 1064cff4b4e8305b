using System.CommandLine;
using SweepCluster.Engine.Spec;
using SweepCluster.Engine.Training;

namespace SweepCluster.Client.Commands;

/// <summary>`sweep validate SPEC.json`: every problem of the spec at once; exit 0 when valid, 2 when not.</summary>
public sealed class ValidateVerb(TextWriter stdout, TextWriter stderr) : IVerb
{
    public Command Build()
    {
        var spec = CommonOptions.SpecArgument();
        var command = new Command("validate", "check a spec and print every problem it finds") { spec };
        command.SetAction((parsed, _) => RunAsync(parsed.GetValue(spec)!));
        return command;
    }

    private async Task<int> RunAsync(string path)
    {
        var problems = SpecParser.ValidateFile(path);
        if (problems.Count == 0)
        {
            var parsed = SpecParser.ParseFile(path);
            problems = DataCompatibility.Check(parsed);
            if (problems.Count == 0)
            {
                await stdout.WriteLineAsync($"{path}: valid ({parsed.Name}: {Describe(parsed)}).");
                return SweepCommand.Ok;
            }
        }
        await stderr.WriteLineAsync($"{path}: {problems.Count} problem{(problems.Count == 1 ? "" : "s")}:");
        foreach (var problem in problems) await stderr.WriteLineAsync("  " + problem);
        return SweepCommand.BadInput;
    }

    private static string Describe(SweepSpec spec)
    {
        var arms = spec.ResolvedArms();
        var search = System.Text.Json.JsonSerializer.SerializeToElement<SearchSpec>(spec.Search, SpecJson.Options).GetProperty("kind").GetString();
        return $"{arms.Count} arm{(arms.Count == 1 ? "" : "s")}, search {search}{Trainer(spec.Trainer)}";
    }

    /// <summary>A named trainer is only known to the silos that declare it: they check the name when the sweep is submitted.</summary>
    private static string Trainer(TrainerSpec? trainer) => trainer switch
    {
        null => "",
        { Command: { } command } => $", trainer `{string.Join(' ', command)}` in {Results.ContractNames.Of(trainer.Mode ?? Engine.Trainers.TrainerMode.Process)} mode",
        _ => $", trainer \"{trainer.Name}\" (declared on the silos; the name is checked when the sweep is submitted)",
    };
}
