using SweepCluster.Cluster.Tests.Infrastructure;

// One Redis for the whole run; every cluster keeps to its own service id inside it.
[assembly: AssemblyFixture(typeof(RedisServer))]
// Clusters are timing-sensitive and the machine has two cores: one cluster at a time.
[assembly: Xunit.v3.Parallelization(Mode = Xunit.Sdk.ParallelMode.None)]
