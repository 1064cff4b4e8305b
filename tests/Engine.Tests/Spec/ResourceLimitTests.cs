using System.Text.Json;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.Spec;

/// <summary>
/// Specs whose every value is in range but whose whole would exhaust memory, or whose quadratic has no minimum: each is
/// refused by the parser with the field, the value and the limit, before anything is allocated or generated.
/// </summary>
public sealed class ResourceLimitTests
{
    [Fact]
    public void ANegativeEigenvalueIsRefusedOnceForTheWholeList()
    {
        var problem = Specs.Quadratic().With("model.eigenvalues", "[1, -2, 3, -4]").SingleProblem();

        Assert.Equal("$.model.eigenvalues[1]", problem.Path);
        Assert.Contains("-2 is not allowed; eigenvalues must be ≥ 0", problem.Message);
        Assert.Contains("2 of them are negative", problem.Message);
    }

    [Fact]
    public void AnIndefiniteHessianIsRefusedWithItsSmallestEigenvalue()
    {
        var problem = Specs.Quadratic().With("model.eigenvalues", null).With("model.hessian", "[[1, 2], [2, 1]]").SingleProblem();

        Assert.Equal("$.model.hessian", problem.Path);
        Assert.Contains("is not positive semi-definite: its smallest eigenvalue is -", problem.Message);
    }

    [Fact]
    public void ASemiDefiniteHessianIsAccepted()
    {
        var spec = Specs.Quadratic().With("model.eigenvalues", null).With("model.hessian", "[[1, 1], [1, 1]]").Parse();

        Assert.Equal(2, Assert.IsType<QuadraticModelSpec>(spec.Model).Dimension);
    }

    [Fact]
    public void ADenseHessianPastItsDimensionLimitIsRefusedBeforeItsRowsAreRead()
    {
        var rows = string.Join(",", Enumerable.Repeat("[0]", SpecLimits.MaxHessianDimension + 1));

        var problem = Specs.Quadratic().With("model.eigenvalues", null).With("model.hessian", $"[{rows}]").SingleProblem();

        Assert.Equal("$.model.hessian", problem.Path);
        Assert.Contains("has 4097 rows; a dense hessian may have at most 4096", problem.Message);
    }

    [Fact]
    public void SixteenThousandEigenvaluesAreAQuadraticOfSixteenThousandDimensions()
    {
        var eigenvalues = JsonSerializer.Serialize(Enumerable.Range(1, 16_000).Select(i => (double)i).ToArray());

        var spec = Specs.Quadratic().With("model.eigenvalues", eigenvalues).Parse();

        Assert.Equal(16_000, Assert.IsType<QuadraticModelSpec>(spec.Model).Dimension);
    }

    [Fact]
    public void SyntheticDataPastTheDataSetLimitIsRefusedWithoutBeingGenerated()
    {
        var spec = Specs.Softmax().With("data", """{ "source": "synthetic", "task": "logistic", "samples": 10000000, "features": 100 }""")
            .With("model.kind", "\"logistic\"");

        var problem = spec.SingleProblem();

        Assert.Equal("$.data", problem.Path);
        Assert.Contains("samples × features is 10,000,000 × 100: 3,852 MB in memory", problem.Message);
        Assert.Contains("more than the 2,048 MB a data set may take", problem.Message);
    }

    [Fact]
    public void AnMlpPastTheParameterLimitOnMnistIsRefusedByTheParser()
    {
        var problem = Specs.Softmax().With("model", """{ "kind": "mlp", "hidden": [65536, 65536] }""").SingleProblem();

        Assert.Equal("$.model.hidden", problem.Path);
        Assert.Contains("would have 4,347,133,962 parameters on the 784 features of the bundled MNIST digits", problem.Message);
        Assert.Contains("at most 67,108,864 are allowed (256 MB as float32)", problem.Message);
    }

    [Fact]
    public void AnArmsModelPastTheLimitIsNamedByItsArm()
    {
        var problem = Specs.Softmax().With("search", """{ "kind": "grid", "learningRates": [0.1], "arms": [ { "name": "wide", "model": { "kind": "mlp", "hidden": [60000, 60000] } } ] }""")
            .SingleProblem();

        Assert.Equal("$.search.arms[0].model.hidden", problem.Path);
    }

    [Fact]
    public void WithADataRootAPathOutsideItIsRefusedNamingTheOptionAndTheRelativeOneIsTakenFromIt()
    {
        using var root = new TempDirectory();
        var inside = root.Write("sub/inside.csv", "a,b\n1,0\n2,1\n");
        var json = Specs.Softmax().With("data", """{ "source": "csv", "path": "/etc/passwd" }""").ToJsonString();

        var error = Assert.Throws<SpecException>(() => SpecParser.Parse(json, dataRoot: root.Path));
        var relative = SpecParser.Parse(Specs.Softmax().With("data", """{ "source": "csv", "path": "sub/inside.csv" }""").ToJsonString(), dataRoot: root.Path);

        var problem = Assert.Single(error.Problems);
        Assert.Equal("$.data.path", problem.Path);
        Assert.Contains("\"/etc/passwd\" is outside the data root", problem.Message);
        Assert.Contains("(--data-root)", problem.Message);
        Assert.Equal(inside, Assert.IsType<CsvDataSpec>(relative.Data).Path);
    }

    [Theory]
    [InlineData("/dev/zero")]
    [InlineData("/proc/self/mem")]
    public void ADeviceOrKernelFileIsRefusedAsADataPathEvenWithoutARoot(string path)
    {
        var problem = Specs.Softmax().With("data", $$"""{ "source": "csv", "path": "{{path}}" }""").SingleProblem();

        Assert.Equal("$.data.path", problem.Path);
        Assert.Contains("is a device or kernel file", problem.Message);
    }
}
