namespace SweepCluster.Silo;

/// <summary>
/// The silo's console log, one line per event. Without <c>--verbose</c> Orleans and ASP.NET Core say only what went
/// wrong (warnings and errors): their start-up chatter is hundreds of lines, and the silo says itself when it is ready.
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
        // Two Orleans classes warn at every start: Silo that it runs without server GC (chosen knowingly), and Watchdog of
        // a stall as long as the machine's uptime (its first check races its own start). Their errors still show. A
        // category rule matches every category it begins, so the filter names the two.
        logging.Services.Configure<LoggerFilterOptions>(o => o.Rules.Add(new LoggerFilterRule(null, "Orleans.Runtime", LogLevel.Warning,
            (_, category, level) => level >= LogLevel.Error || category is not ("Orleans.Runtime.Silo" or "Orleans.Runtime.Watchdog"))));
    }
}
