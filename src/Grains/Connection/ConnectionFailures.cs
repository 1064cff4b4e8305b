using Microsoft.Extensions.Logging;

namespace SweepCluster.Grains.Connection;

/// <summary>
/// The exceptions a connecting client logged as warnings (its failed connection attempts, its TLS handshakes): what
/// went wrong first is often only there, while the exception that ends the connecting is the last retry's.
/// </summary>
internal sealed class ConnectionFailures : ILoggerProvider, ILogger
{
    private const int Kept = 32;
    private readonly Queue<Exception> _seen = new();

    /// <summary>The exceptions logged so far, oldest first.</summary>
    public IReadOnlyList<Exception> Seen
    {
        get { lock (_seen) return [.. _seen]; }
    }

    public ILogger CreateLogger(string categoryName) => this;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (exception is null || !IsEnabled(logLevel)) return;
        lock (_seen)
        {
            if (_seen.Count == Kept) _seen.Dequeue();
            _seen.Enqueue(exception);
        }
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public void Dispose()
    {
    }
}
