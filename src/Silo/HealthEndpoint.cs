namespace SweepCluster.Silo;

/// <summary>
/// <c>GET /healthz</c>: 200 only while this silo is an active cluster member that can write its membership row; 503
/// while it starts, joins, leaves or restarts, and while its row cannot be found (Redis away or emptied).
/// </summary>
internal static class HealthEndpoint
{
    public static IResult Handle(SiloHealth health)
    {
        if (health.Current is not { } run) return Unavailable("starting");
        if (run.Restarting) return Unavailable("restarting: " + run.Restart.Result);
        if (run.Services is not { } services) return Unavailable("starting");
        SiloStatus status;
        try
        {
            var silo = services.GetRequiredService<ILocalSiloDetails>();
            status = services.GetRequiredService<IClusterMembershipService>().CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
        }
        catch (ObjectDisposedException)
        {
            return Unavailable("restarting");
        }
        var text = status.ToString().ToLowerInvariant();
        if (status != SiloStatus.Active) return Unavailable(text);
        return run.RowProblem is { } problem ? Unavailable($"{text}, but {problem}") : Results.Text(text);
    }

    private static IResult Unavailable(string text) => Results.Text(text, statusCode: StatusCodes.Status503ServiceUnavailable);
}
