using System.Text.Json;
using SweepCluster.Engine.Search.Spaces;

namespace SweepCluster.Engine.Tests.Search.Spaces;

/// <summary>
/// Parzen estimators against Optuna 3.1's own <c>_ParzenEstimator</c> (multivariate, default settings) on the cases
/// tools/optuna-reference/parzen_reference.py wrote to TestData/tpe: the mixture weights, every kernel's centre and
/// width (or category probabilities), and the log-density at fixed points, both Optuna 3.1's and with the −log σ term
/// of optuna/optuna#5110 that the sampler uses. Tolerance: 1e-12 on weights, centres and widths (the same arithmetic),
/// 1e-10 on log-densities (erf/erfc from MathNet rather than the C library).
/// </summary>
public sealed class ParzenMatchesOptunaTests
{
    public static TheoryData<string> Cases() =>
        new(Directory.GetFiles(TestPaths.TestData("tpe"), "*.json").Select(Path.GetFileNameWithoutExtension).Order()!);

    [Theory]
    [MemberData(nameof(Cases))]
    public void TheEstimatorHasOptunasWeightsAndKernels(string name)
    {
        var reference = Reference.Load(name);
        var estimator = Parzen.For(reference.Space, reference.Observations);

        Near.Equal(reference.Weights, estimator.Weights.ToArray(), 1e-12, $"{name} weight");
        for (int j = 0; j < reference.Space.Count; j++)
        {
            var kernel = reference.Kernels[j];
            if (kernel.TryGetProperty("categoricalWeights", out var rows))
            {
                var actual = estimator.Categorical(j);
                int k = 0;
                foreach (var row in rows.EnumerateArray())
                    Near.Equal(Doubles(row), actual.Row(k++), 1e-12, $"{name} dimension {j} component {k - 1} category");
            }
            else
            {
                var gaussian = estimator.Gaussian(j);
                Near.Equal(Doubles(kernel.GetProperty("mus")), gaussian.Mus, 1e-12, $"{name} dimension {j} mu");
                Near.Equal(Doubles(kernel.GetProperty("sigmas")), gaussian.Sigmas, 1e-12, $"{name} dimension {j} sigma");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TheLogDensityIsOptunasWithTheKernelScale(string name)
    {
        var reference = Reference.Load(name);
        var estimator = Parzen.For(reference.Space, reference.Observations);
        var actual = reference.Points.Select(p => estimator.LogPdf(p)).ToArray();
        Near.Equal(reference.LogPdf, actual, 1e-10, $"{name} log-density at point");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void WithoutTheKernelScaleTheLogDensityIsOptuna31s(string name)
    {
        var reference = Reference.Load(name);
        var estimator = Parzen.For(reference.Space, reference.Observations, new TpeSettings { OmitKernelScale = true });
        var actual = reference.Points.Select(p => estimator.LogPdf(p)).ToArray();
        Near.Equal(reference.LogPdfOptuna31, actual, 1e-10, $"{name} Optuna 3.1 log-density at point");
    }

    private static double[] Doubles(JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    private sealed record Reference(SearchSpace Space, double[][] Observations, double[] Weights, JsonElement[] Kernels,
        double[][] Points, double[] LogPdf, double[] LogPdfOptuna31)
    {
        public static Reference Load(string name)
        {
            using var document = JsonDocument.Parse(File.ReadAllText(TestPaths.TestData("tpe", name + ".json")));
            var root = document.RootElement.Clone();
            var space = new SearchSpace(root.GetProperty("space").EnumerateArray().Select(Dimension));
            double[][] Rows(string property) => root.GetProperty(property).EnumerateArray().Select(Doubles).ToArray();
            return new Reference(space, Rows("observations"), Doubles(root.GetProperty("weights")),
                root.GetProperty("kernels").EnumerateArray().ToArray(), Rows("points"),
                Doubles(root.GetProperty("logPdf")), Doubles(root.GetProperty("logPdfOptuna31")));
        }

        private static SearchDimension Dimension(JsonElement d)
        {
            string name = d.GetProperty("name").GetString()!;
            return d.GetProperty("kind").GetString() switch
            {
                "float" => new FloatDimension(name, d.GetProperty("min").GetDouble(), d.GetProperty("max").GetDouble(), d.GetProperty("log").GetBoolean()),
                "int" => new IntegerDimension(name, d.GetProperty("min").GetInt64(), d.GetProperty("max").GetInt64(), d.GetProperty("log").GetBoolean()),
                _ => new CategoricalDimension(name, d.GetProperty("values").EnumerateArray().Select(v =>
                    v.ValueKind == JsonValueKind.String ? ParameterValue.Of(v.GetString()!) : ParameterValue.Of(v.GetDouble()))),
            };
        }
    }
}
