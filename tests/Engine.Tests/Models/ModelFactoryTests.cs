using SweepCluster.Engine.Models;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.Models;

public sealed class ModelFactoryTests
{
    private static readonly Engine.Data.Dataset Digits = TestSets.Classification(10, 6, 10, 1);
    private static readonly Engine.Data.Dataset Binary = TestSets.Classification(10, 6, 2, 1);
    private static readonly Engine.Data.Dataset Regression = TestSets.Regression(10, 6, 1);

    [Fact]
    public void EachKindBuildsItsModelOverTheDataShape()
    {
        Assert.IsType<SoftmaxModel>(ModelFactory.Create(new SoftmaxModelSpec(), Digits, 64));
        Assert.IsType<LogisticModel>(ModelFactory.Create(new LogisticModelSpec(), Binary, 64));
        Assert.IsType<LeastSquaresModel>(ModelFactory.Create(new LeastSquaresModelSpec(), Regression, 64));
        Assert.IsType<LeastSquaresModel>(ModelFactory.Create(new LeastSquaresModelSpec(), Digits, 64));
        var mlp = Assert.IsType<MlpModel>(ModelFactory.Create(new MlpModelSpec([5, 4], Activation.Tanh) { L2 = 0.1 }, Digits, 64));
        Assert.Equal((6 + 1) * 5 + (5 + 1) * 4 + (4 + 1) * 10, mlp.ParameterCount);
        Assert.Equal(Activation.Tanh, mlp.Activation);
        Assert.Equal(0.1, mlp.L2);
    }

    [Fact]
    public void LogisticOnLogisticTargetsInZeroOneIsAccepted()
    {
        var soft = new Data.Dataset("soft", 2, 1, [0, 1], null, [0.25f, 1f], 0);
        Assert.IsType<LogisticModel>(ModelFactory.Create(new LogisticModelSpec(), soft, 8));
    }

    [Theory]
    [InlineData("logistic-multiclass", "model.kind 'logistic' is binary, and data 'classification-1' has 10 classes")]
    [InlineData("logistic-regression", "model.kind 'logistic' needs targets in [0, 1]")]
    [InlineData("softmax-regression", "model.kind 'softmax' needs classification data")]
    [InlineData("mlp-regression", "model.kind 'mlp' needs classification data")]
    [InlineData("mlp-zero-layer", "model.hidden[1] is 0")]
    [InlineData("mlp-huge", "model.hidden [100000, 100000]")]
    [InlineData("negative-l2", "model.l2 is -1")]
    public void ImpossibleCombinationsAreInputErrorsNamingTheField(string mistake, string message)
    {
        var error = Assert.Throws<InputException>(() => mistake switch
        {
            "logistic-multiclass" => ModelFactory.Create(new LogisticModelSpec(), Digits, 8),
            "logistic-regression" => ModelFactory.Create(new LogisticModelSpec(), Regression, 8),
            "softmax-regression" => ModelFactory.Create(new SoftmaxModelSpec(), Regression, 8),
            "mlp-regression" => ModelFactory.Create(new MlpModelSpec(), Regression, 8),
            "mlp-zero-layer" => ModelFactory.Create(new MlpModelSpec([3, 0]), Digits, 8),
            "mlp-huge" => ModelFactory.Create(new MlpModelSpec([100_000, 100_000]), Digits, 8),
            _ => ModelFactory.Create(new SoftmaxModelSpec { L2 = -1 }, Digits, 8),
        });
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void TheQuadraticIsNotADataModel() =>
        Assert.Throws<ArgumentException>(() => ModelFactory.Create(new QuadraticModelSpec(Eigenvalues: [1]), Digits, 8));
}
