using SweepCluster.Engine.Data;

namespace SweepCluster.Engine.Tests.Data;

public sealed class DatasetCacheTests
{
    private static Dataset Tiny(string name) => new(name, 1, 1, [0f], [0], null, 2);

    private static string UniqueKey() => "test|" + Guid.NewGuid().ToString("N");

    [Fact]
    public void ConcurrentCallersWaitForASingleLoad()
    {
        string key = UniqueKey();
        int loads = 0;
        var results = new Dataset[16];
        using var start = new Barrier(results.Length);
        var threads = Enumerable.Range(0, results.Length).Select(i => new Thread(() =>
        {
            start.SignalAndWait();
            results[i] = DatasetCache.GetOrLoad(key, "v1", () =>
            {
                Interlocked.Increment(ref loads);
                Thread.Sleep(50); // a slow load: the others arrive while it runs
                return Tiny("slow");
            });
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.Equal(1, loads);
        Assert.All(results, r => Assert.Same(results[0], r));
    }

    [Fact]
    public void ANewVersionReplacesTheOldEntry()
    {
        string key = UniqueKey();
        var first = DatasetCache.GetOrLoad(key, "v1", () => Tiny("first"));
        Assert.Same(first, DatasetCache.GetOrLoad(key, "v1", () => Tiny("unused")));
        var second = DatasetCache.GetOrLoad(key, "v2", () => Tiny("second"));
        Assert.Equal("second", second.Name);
        Assert.Same(second, DatasetCache.GetOrLoad(key, "v2", () => Tiny("unused")));
        Assert.True(DatasetCache.Remove(key));
        Assert.False(DatasetCache.Remove(key));
    }

    [Fact]
    public void AFailedLoadIsNotRemembered()
    {
        string key = UniqueKey();
        Assert.Throws<InputException>(() => DatasetCache.GetOrLoad(key, "v1", () => throw new InputException("broken file")));
        var loaded = DatasetCache.GetOrLoad(key, "v1", () => Tiny("fixed"));
        Assert.Equal("fixed", loaded.Name);
        DatasetCache.Remove(key);
    }
}
