namespace SweepCluster.Engine.Models;

/// <summary>What a model needs to know of its data before it is built: features, and classes for classification.</summary>
/// <param name="Classes">The number of classes (at least 2 for classification); 0 for regression.</param>
public sealed record DataShape(string Name, long Features, int Classes, bool Classification);
