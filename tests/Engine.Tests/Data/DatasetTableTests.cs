using System.Runtime.CompilerServices;
using SweepCluster.Engine.Data;

namespace SweepCluster.Engine.Tests.Data;

/// <summary>The data cache's byte budget: least recently used first, never two copies of a data set still in use.</summary>
public sealed class DatasetTableTests
{
    private const int Values = 1000;

    // 1,000 features in one row with its label: 4,004 bytes.
    private static readonly long Size = DatasetTable.SizeOf(Table("x"));

    private static Dataset Table(string name) => new(name, 1, Values, new float[Values], [0], null, 2);

    [Fact]
    public void PastItsBudgetTheLeastRecentlyUsedDataSetIsLetGoFirst()
    {
        var table = new DatasetTable(3 * Size);
        var loads = new Dictionary<string, int>();

        LoadAll(table, loads, "a", "b", "c", "a", "d");   // after the second a, b is the least recently used
        Assert.Equal(3 * Size, table.HeldBytes);
        LetGoAndCollect();
        LoadAll(table, loads, "a", "c", "d");
        Assert.All(new[] { "a", "c", "d" }, key => Assert.Equal(1, loads[key]));
        LoadAll(table, loads, "b");

        Assert.Equal(2, loads["b"]);   // it was let go and freed: loaded again
        Assert.Equal(3 * Size, table.HeldBytes);
    }

    // Not inlined, so that no reference to what it loaded outlives it in the test's own frame.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void LoadAll(DatasetTable table, Dictionary<string, int> loads, params string[] keys)
    {
        foreach (var key in keys)
            table.GetOrLoad(key, "v", () =>
            {
                loads[key] = loads.GetValueOrDefault(key) + 1;
                return Table(key);
            });
    }

    [Fact]
    public void ADataSetLetGoWhileARunStillUsesItIsFoundAgainNotLoadedTwice()
    {
        var table = new DatasetTable(Size);
        var loads = 0;
        var inUse = table.GetOrLoad("a", "v", () => { loads++; return Table("a"); });
        table.GetOrLoad("b", "v", () => Table("b"));   // lets a go: over budget

        GC.Collect();
        var again = table.GetOrLoad("a", "v", () => { loads++; return Table("a"); });

        Assert.Same(inUse, again);
        Assert.Equal(1, loads);
        Assert.Equal(Size, table.HeldBytes);
    }

    [Fact]
    public void ADataSetLargerThanTheBudgetIsLoadedButNotKept()
    {
        var table = new DatasetTable(Size / 2);

        var loaded = table.GetOrLoad("big", "v", () => Table("big"));

        Assert.Equal("big", loaded.Name);
        Assert.Equal(0, table.HeldBytes);
    }

    [Fact]
    public void LoweringTheBudgetLetsGoAtOnce()
    {
        var table = new DatasetTable(10 * Size);
        Fill(table, 5);
        Assert.Equal(5 * Size, table.HeldBytes);

        table.BudgetBytes = 2 * Size;

        Assert.Equal(2 * Size, table.HeldBytes);
        LetGoAndCollect();
        Assert.Equal(2, table.Count);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Fill(DatasetTable table, int count)
    {
        for (var i = 0; i < count; i++) table.GetOrLoad("k" + i, "v", () => Table("t"));
    }

    private static void LetGoAndCollect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }
}
