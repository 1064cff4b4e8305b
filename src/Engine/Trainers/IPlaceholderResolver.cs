namespace SweepCluster.Engine.Trainers;

/// <summary>Gives the text a placeholder such as <c>learningRate</c> or <c>optimizer.momentum</c> stands for, or null when it names nothing.</summary>
public interface IPlaceholderResolver
{
    string? Resolve(string path);
}
