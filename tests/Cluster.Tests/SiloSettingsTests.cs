using SweepCluster.Cluster.Tests.Infrastructure;
using SweepCluster.Silo;

namespace SweepCluster.Cluster.Tests;

public sealed class SiloSettingsTests
{
    private static SiloSettings Parse(params (string Name, string Value)[] given) =>
        SiloCommand.Read([.. given.Select(g => g.Value.Length == 0 ? $"--{g.Name}" : $"--{g.Name}={g.Value}")], _ => null);

    [Fact]
    public void WithNothingGivenTheContractDefaultsApply()
    {
        var s = Parse();
        Assert.Null(s.Options.Redis);
        Assert.Equal((11111, 30000, 9464), (s.Options.SiloPort, s.Options.GatewayPort, s.MetricsPort));
        Assert.Equal(Environment.ProcessorCount, s.Options.Slots);
        Assert.Equal(TimeSpan.FromMinutes(1), s.Options.WatchdogPeriod);
        Assert.False(s.Options.FastFailureDetection);
        Assert.True(s.Options.WarmUpTraining);
        Assert.False(s.Verbose);
    }

    [Theory]
    [InlineData("false", false)]
    [InlineData("0", false)]
    [InlineData("", true)]
    [InlineData("true", true)]
    public void TheTrainingWarmupIsOnUnlessTurnedOff(string given, bool warmUp) =>
        Assert.Equal(warmUp, Parse(("warm-up", given)).Options.WarmUpTraining);

    [Fact]
    public void EveryOptionIsRead()
    {
        using var certificates = new TestCertificates();
        var ca = certificates.Authority;
        var s = Parse(("redis", "r:6379,password=x"), ("silo-port", "1"), ("gateway-port", "2"), ("metrics-port", "3"),
            ("slots", "4"), ("advertise", "10.0.0.5"), ("watchdog-seconds", "2"), ("fast-failure-detection", ""),
            ("bind", "10.0.0.6"), ("redis-ca", ca), ("verbose", ""));
        Assert.Equal("r:6379,password=x", s.Options.Redis);
        Assert.Equal((1, 2, 3, 4), (s.Options.SiloPort, s.Options.GatewayPort, s.MetricsPort, s.Options.Slots));
        Assert.Equal("10.0.0.5", s.Options.Advertise!.ToString());
        Assert.Equal(TimeSpan.FromSeconds(2), s.Options.WatchdogPeriod);
        Assert.True(s.Options.FastFailureDetection);
        Assert.Equal("10.0.0.6", s.Options.Bind!.ToString());
        Assert.Equal(ca, s.Options.RedisTrustedIssuer);
        Assert.True(s.Verbose);
    }

    [Theory]
    [InlineData("slots", "0", "--slots (SWEEP_SLOTS): \"0\" is not allowed")]
    [InlineData("silo-port", "70000", "--silo-port (SWEEP_SILO_PORT)")]
    [InlineData("advertise", "host", "--advertise (SWEEP_ADVERTISE): \"host\" is not an IP address")]
    [InlineData("bind", "0.0.0.0.1", "--bind (SWEEP_BIND): \"0.0.0.0.1\" is not an IP address")]
    [InlineData("redis", "r:1,ssl=maybe", "--redis (SWEEP_REDIS): \"r:1,ssl=maybe\" is not a Redis connection string")]
    public void ABadValueIsNamedWithItsEnvironmentVariable(string name, string value, string message)
    {
        var e = Assert.Throws<SiloSettingsException>(() => Parse((name, value)));
        Assert.StartsWith(message, e.Message);
    }

    [Theory]
    [InlineData("/proc/version", "not a PEM or DER certificate")]
    [InlineData("/no/such/ca.pem", "no such file")]
    public void ARedisCaThatIsNoCertificateIsNamed(string path, string problem)
    {
        var e = Assert.Throws<SiloSettingsException>(() => Parse(("redis", "127.0.0.1:6379,ssl=true"), ("redis-ca", path)));
        Assert.StartsWith($"--redis-ca (SWEEP_REDIS_CA): \"{path}\" is not allowed; {problem}", e.Message);
    }

    [Fact]
    public void EnvironmentNamesAreSweepUpperSnake() => Assert.Equal("SWEEP_METRICS_PORT", SiloOption.Of(nameof(SiloArguments.MetricsPort)).Environment);
}
