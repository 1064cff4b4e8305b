using System.CommandLine;

namespace SweepCluster.Client.Commands;

/// <summary>One verb of the `sweep` command: declares its arguments once and returns the exit code.</summary>
public interface IVerb
{
    Command Build();
}
