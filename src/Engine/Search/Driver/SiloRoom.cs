namespace SweepCluster.Engine.Search.Driver;

/// <summary>A silo a sweep may place runs on: its address ("host:port") and its training slots.</summary>
public sealed record SiloRoom(string Address, int Slots);
