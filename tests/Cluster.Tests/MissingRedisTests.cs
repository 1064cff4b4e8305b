using SweepCluster.Cluster.Tests.Infrastructure;

namespace SweepCluster.Cluster.Tests;

/// <summary>
/// Without redis-server the shared Redis fixture still starts, so the tests that need no Redis run; a test that asks
/// for its port fails with how to install it. (The assembly runs one test at a time, so changing PATH here is safe.)
/// </summary>
public sealed class MissingRedisTests
{
    [Fact]
    public async Task AMissingRedisServerFailsOnlyTheTestsThatUseIt()
    {
        var path = Environment.GetEnvironmentVariable("PATH");
        var empty = Directory.CreateTempSubdirectory("sweep-no-redis-").FullName;
        try
        {
            Environment.SetEnvironmentVariable("PATH", empty);
            await using var redis = new RedisServer();
            await redis.InitializeAsync();
            var error = Assert.Throws<InvalidOperationException>(() => redis.ConnectionString);
            Assert.Contains("redis-server was not found on PATH", error.Message);
            Assert.Contains("apt-get install -y redis-server", error.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PATH", path);
            Directory.Delete(empty);
        }
    }
}
