using System.Net;
using SweepCluster.Grains.Connection;

namespace SweepCluster.Cluster.Tests.Connection;

/// <summary>The gateways a following command probes, read from membership rows as Orleans' Redis clustering writes them.</summary>
public sealed class ClusterPulseTests
{
    private const string ActiveRow = """
        {"SiloAddress":{"SiloAddress":"127.0.0.1:25118@155652729"},"Status":3,"SuspectTimes":[],"ProxyPort":25119,"HostName":"vm","SiloName":"Silo_73857","RoleName":"SweepCluster.Silo","UpdateZone":0,"FaultZone":0,"StartTime":"2026-12-07T12:52:09.4306841Z","IAmAliveTime":"2026-12-07T12:52:27.9552098Z"}
        """;

    [Fact]
    public void AnActiveRowsGatewayIsItsAddressAtItsProxyPort() =>
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 25119), ClusterPulse.GatewayOf(ActiveRow));

    [Theory]
    [InlineData("\"Status\":3", "\"Status\":6")]     // declared dead
    [InlineData("\"Status\":3", "\"Status\":1")]     // still joining
    [InlineData("\"ProxyPort\":25119", "\"ProxyPort\":0")]
    public void ARowThatIsNotAnActiveGatewayHasNone(string field, string replacement) =>
        Assert.Null(ClusterPulse.GatewayOf(ActiveRow.Replace(field, replacement, StringComparison.Ordinal)));

    [Theory]
    [InlineData("3")]          // the table's Version field
    [InlineData("not json")]
    [InlineData("[]")]
    public void AFieldThatIsNoRowHasNone(string value) => Assert.Null(ClusterPulse.GatewayOf(value));
}
