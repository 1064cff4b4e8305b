using SweepCluster.Silo;

namespace SweepCluster.Cluster.Tests;

/// <summary>The silo's data options: <c>--data-root</c> (an existing directory, resolved; default the working directory) and <c>--data-cache-mb</c>.</summary>
public sealed class DataSettingsTests
{
    private static SiloSettings Parse(params (string Name, string Value)[] given) =>
        SiloCommand.Read([.. given.Select(g => g.Value.Length == 0 ? $"--{g.Name}" : $"--{g.Name}={g.Value}")], _ => null);

    [Fact]
    public void WithNothingGivenTheDataRootIsTheWorkingDirectoryAndTheCacheTakesItsDefault()
    {
        var s = Parse();

        Assert.Equal(Engine.Data.DataAccess.RealRoot(Directory.GetCurrentDirectory()), s.Options.DataRoot);
        Assert.Null(s.Options.DataCacheBytes);
    }

    [Fact]
    public void TheDataOptionsAreRead()
    {
        var root = Directory.CreateTempSubdirectory("sweep-root-").FullName;
        try
        {
            var s = Parse(("data-root", root), ("data-cache-mb", "512"));

            Assert.Equal(Engine.Data.DataAccess.RealRoot(root), s.Options.DataRoot);
            Assert.Equal(512L << 20, s.Options.DataCacheBytes);
        }
        finally
        {
            Directory.Delete(root);
        }
    }

    [Theory]
    [InlineData("data-root", "/no/such/dir", "--data-root (SWEEP_DATA_ROOT): \"/no/such/dir\" is not allowed; must be an existing directory")]
    [InlineData("data-root", "/etc/passwd", "--data-root (SWEEP_DATA_ROOT): \"/etc/passwd\" is not allowed; must be an existing directory")]
    [InlineData("data-cache-mb", "-1", "--data-cache-mb (SWEEP_DATA_CACHE_MB): \"-1\" is not allowed")]
    public void ABadValueIsNamedWithItsEnvironmentVariable(string name, string value, string message)
    {
        var e = Assert.Throws<SiloSettingsException>(() => Parse((name, value)));
        Assert.StartsWith(message, e.Message);
    }
}
