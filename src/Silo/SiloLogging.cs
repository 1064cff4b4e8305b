namespace SweepCluster.Silo;

/// <summary>
/// The silo's console log, one line per event. Without <c>--verbose</c> Orleans and ASP.NET Core say only what went
/// wrong (warnings and errors): their start-up chatter is hundreds of lines, and the silo says itself when it is ready,
/// when it cannot start and when it is replaced.
/// </summary>
internal static class SiloLogging
{
    public static void Configure(ILoggingBuilder logging, bool verbose)
    {
        logging.ClearProviders();
        logging.AddSimpleConsole(o => o.SingleLine = true);
        // Polly logs every placement retry, Kestrel every request.
        logging.AddFilter("Polly", LogLevel.Warning);
        logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        if (verbose) return;
        logging.AddFilter("Orleans", LogLevel.Warning);
        logging.AddFilter("Microsoft", LogLevel.Warning);
        // The host's and the silo lifecycle's own reports of a failed start or stop are stack traces that the silo already
        // says in one line. The Watchdog's first check races its own start and warns of a stall as long as the machine's
        // uptime; its errors still show. (A category rule matches every category it begins: the filter names these.)
        logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
        logging.Services.Configure<LoggerFilterOptions>(o => o.Rules.Add(new LoggerFilterRule(null, "Orleans.Runtime", LogLevel.Warning,
            (_, category, level) => category switch
            {
                "Orleans.Runtime.Silo" or "Orleans.Runtime.SiloLifecycleSubject" => false,
                "Orleans.Runtime.Watchdog" => level >= LogLevel.Error,
                _ => true,
            })));
    }
}
