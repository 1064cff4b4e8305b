namespace SweepCluster.Silo;

/// <summary><c>GET /healthz</c>: 200 only while this silo is an active cluster member, 503 while joining or leaving.</summary>
internal static class HealthEndpoint
{
    public static IResult Handle(IClusterMembershipService membership, ILocalSiloDetails silo)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
        var text = status.ToString().ToLowerInvariant();
        return status == SiloStatus.Active ? Results.Text(text) : Results.Text(text, statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
