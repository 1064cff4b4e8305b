namespace SweepCluster.Engine.Tests.Infrastructure;

/// <summary>One headless Chromium for every test class of the "chromium" collection, which run one after another.</summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    private HeadlessChromium? _browser;

    internal HeadlessChromium Browser => _browser ?? throw new InvalidOperationException("chromium has not started");

    public async ValueTask InitializeAsync() => _browser = await HeadlessChromium.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ChromiumCollection : ICollectionFixture<ChromiumFixture>
{
    public const string Name = "chromium";
}
