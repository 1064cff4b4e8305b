using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SweepCluster.Engine.Data;
using SweepCluster.Engine.Tests.Data;

namespace SweepCluster.Engine.Tests.Cli;

/// <summary>
/// The hostile corpus, built in a folder from the examples and the bundled digits: mutated specs (each example made
/// cheap to train first: few rows, two steps), then data files that are broken, lie about their size or are no data
/// file at all, and specs whose every value is in range but whose whole would exhaust memory.
/// </summary>
internal static class HostileInputs
{
    public static IReadOnlyList<HostileInput> Build(string folder, string root, int mutationStride)
    {
        Directory.CreateDirectory(root);
        var inputs = new List<HostileInput>();
        inputs.AddRange(Mutated(folder, mutationStride));
        inputs.AddRange(new Corpus(folder, root).All());
        return inputs;
    }

    private static IEnumerable<HostileInput> Mutated(string folder, int stride)
    {
        var examples = Directory.GetFiles(Path.Combine(TestPaths.RepoRoot, "examples"), "*.json").Order();
        var i = 0;
        foreach (var example in examples)
        {
            var cheap = Cheap(JsonNode.Parse(File.ReadAllText(example))!.AsObject());
            foreach (var mutation in SpecMutations.Of(Path.GetFileName(example), cheap.ToJsonString()))
            {
                if (i++ % stride != 0) continue;
                var path = Path.Combine(folder, $"mutated-{i}.json");
                File.WriteAllBytes(path, mutation.Bytes);
                yield return new HostileInput($"{mutation.Example} {mutation.Description}", path,
                    mutation.Expectation == Expectation.Refused ? HostileOutcome.Refused : HostileOutcome.Any);
            }
        }
    }

    // Few rows and two steps: a corpus of hundreds of specs trains in seconds.
    private static JsonObject Cheap(JsonObject spec)
    {
        if (spec["data"] is JsonObject { } data && data["source"]?.GetValue<string>() == "mnist")
        {
            data["trainSize"] = 200;
            data["validationSize"] = 100;
        }
        if (spec["training"] is not JsonObject training) spec["training"] = training = new JsonObject();
        training["maxSteps"] = 2;
        return spec;
    }

    /// <summary>The hand-made part of the corpus: data files and resource bombs.</summary>
    private sealed class Corpus(string folder, string root)
    {
        private readonly List<HostileInput> _inputs = [];
        private int _count;

        public IEnumerable<HostileInput> All()
        {
            Idx();
            Csv();
            SpecialFiles();
            ResourceBombs();
            return _inputs;
        }

        private void Idx()
        {
            var (images, labels) = BundledDigits(100);
            var goodImages = Write("good-images", images);
            var goodLabels = Write("good-labels", labels);
            Add("idx: the first 100 bundled digits", Idx(goodImages, goodLabels), HostileOutcome.Any);
            Add("idx: gzipped", Idx(Write("good-images.gz", IdxFiles.Gzip(images)), Write("good-labels.gz", IdxFiles.Gzip(labels))), HostileOutcome.Any);

            foreach (var fraction in new[] { 0.0, 0.01, 0.1, 0.5, 0.9, 0.999 })
            {
                var cut = images[..(int)(images.Length * fraction)];
                Add($"idx: images cut at {fraction:P1}", Idx(Write("cut-images", cut), goodLabels), HostileOutcome.Refused, "images");
                Add($"idx: gzipped images cut at {fraction:P1}", Idx(Write("cut-images.gz", Cut(IdxFiles.Gzip(images), fraction)), goodLabels), HostileOutcome.Refused, "images");
                Add($"idx: labels cut at {fraction:P1}", Idx(goodImages, Write("cut-labels", labels[..(int)(labels.Length * fraction)])), HostileOutcome.Refused, "labels");
            }
            foreach (var at in new[] { 0, 3, 5, 9, 200, 5000 })
            {
                Add($"idx: a byte of the images flipped at {at}", Idx(Write("flipped", Flip(images, at)), goodLabels), HostileOutcome.Any);
                Add($"idx: a byte of the gzipped images flipped at {at}", Idx(Write("flipped.gz", Flip(IdxFiles.Gzip(images), at)), goodLabels), HostileOutcome.Any);
            }
            foreach (var (count, height, width) in new[] { (int.MaxValue, 28, 28), (100, 65_535, 65_535), (-1, 28, 28), (100, 0, 28), (1_000_000, 28, 28), (100, 28, 29) })
            {
                var header = Header(images, count, height, width);
                Add($"idx: images claiming {count}×{height}×{width}", Idx(Write("claims", header), goodLabels), HostileOutcome.Refused, "images");
                Add($"idx: gzipped images claiming {count}×{height}×{width}", Idx(Write("claims.gz", IdxFiles.Gzip(header)), goodLabels), HostileOutcome.Refused, "images");
            }
            foreach (var count in new[] { int.MaxValue, 1_000_000_000, 101, 99, 0, -5 })
            {
                var claimed = labels.ToArray();
                BinaryPrimitives.WriteInt32BigEndian(claimed.AsSpan(4), count);
                Add($"idx: labels claiming {count}", Idx(goodImages, Write("claims-labels", claimed)), HostileOutcome.Refused, "labels");
                Add($"idx: gzipped labels claiming {count}", Idx(goodImages, Write("claims-labels.gz", IdxFiles.Gzip(claimed))), HostileOutcome.Refused, "labels");
            }
            Add("idx: images and labels swapped", Idx(goodLabels, goodImages), HostileOutcome.Refused, "swapped");
            Add("idx: binary garbage", Idx(Write("garbage", Garbage(50_000, 1)), goodLabels), HostileOutcome.Refused, "magic number");
            Add("idx: gzip garbage", Idx(Write("garbage.gz", [0x1f, 0x8b, .. Garbage(50_000, 2)]), goodLabels), HostileOutcome.Refused, "garbage.gz");
            var bomb = Path.Combine(folder, NextName("bomb.gz"));
            DataSizeLimitTests.WriteGzipBomb(bomb, 1, 40_000, 40_000);
            Add("idx: a gzip bomb of one 40,000×40,000 image", Idx(bomb, Write("one-label", IdxFiles.Labels([0]))), HostileOutcome.Refused, "2,048 MB");
        }

        private void Csv()
        {
            var (images, labels) = BundledDigits(40);
            var rows = Enumerable.Range(0, 40).Select(r => string.Join(",", images.Skip(16 + r * 784).Take(784).Select(b => b.ToString())) + "," + labels[8 + r]).ToArray();
            var header = string.Join(",", Enumerable.Range(0, 784).Select(i => $"p{i}")) + ",label";
            var good = header + "\n" + string.Join("\n", rows) + "\n";
            Add("csv: 40 bundled digits", Csv(Write("good.csv", good)), HostileOutcome.Any);
            Add("csv: ragged rows", Csv(Write("ragged.csv", header + "\n" + rows[0] + "\n" + rows[1][..(rows[1].Length / 2)] + "\n")), HostileOutcome.Refused, "fields");
            Add("csv: a non-numeric cell", Csv(Write("text.csv", good.Replace(rows[3], "hello" + rows[3][1..]))), HostileOutcome.Refused, "is not a number");
            Add("csv: NaN", Csv(Write("nan.csv", header + "\n" + "NaN" + rows[0][1..] + "\n")), HostileOutcome.Refused, "not a finite number");
            Add("csv: a label of a million", Csv(Write("label.csv", header + "\n" + rows[0][..rows[0].LastIndexOf(',')] + ",1000000\n")), HostileOutcome.Refused, "larger than");
            Add("csv: empty", Csv(Write("empty.csv", "")), HostileOutcome.Refused, "empty");
            Add("csv: a header only", Csv(Write("header.csv", header + "\n")), HostileOutcome.Refused, "no data rows");
            Add("csv: binary garbage", Csv(Write("garbage.csv", Garbage(200_000, 3))), HostileOutcome.Refused, "garbage.csv");
            Add("csv: a quote never closed", Csv(Write("quote.csv", header + "\n\"" + good)), HostileOutcome.Refused, "never closed");
            Add("csv: a 20 MB cell", Csv(WriteLarge("huge-cell.csv", "a,b\n1,", '7', 20 << 20)), HostileOutcome.Refused, "longer than 16,777,216 characters");
            Add("csv: a 20 MB quoted cell", Csv(WriteLarge("huge-quoted.csv", "a,b\n\"", 'x', 20 << 20)), HostileOutcome.Refused, "longer than");
            Add("csv: a row of 1.2 million fields", Csv(WriteLarge("wide.csv", "", ',', 1_200_000)), HostileOutcome.Refused, "fields");
            Add("csv: 30,000 columns of a long header, label unknown", Csv(Write("long-header.csv",
                string.Join(",", Enumerable.Range(0, 30_000).Select(i => "column-with-a-long-name-" + i)) + "\n" + string.Join(",", Enumerable.Repeat("1", 30_000)) + "\n"), "\"nope\""),
                HostileOutcome.Refused, "more");
            Add("csv: softmax on 1,048,000 features and 9,999 classes", Csv(Write("many-classes.csv",
                "1," + string.Join(",", Enumerable.Repeat("0", 1_048_000)) + ",9999\n" + "2," + string.Join(",", Enumerable.Repeat("0", 1_048_000)) + ",0\n"), header: false),
                HostileOutcome.Refused, null);
        }

        private void SpecialFiles()
        {
            foreach (var path in new[] { "/dev/zero", "/dev/urandom", "/dev/null", "/proc/self/mem", "/proc/self/status", "/proc/kcore", "/sys/kernel/mm/transparent_hugepage/enabled", "/dev" })
            {
                Add($"csv path {path}", Csv(path), HostileOutcome.Refused, "$.data.path", outsideRoot: true);
                Add($"idx path {path}", Idx(path, path), HostileOutcome.Refused, "$.data.train", outsideRoot: true);
            }
            var fifo = Data.SpecialFiles.Fifo(Path.Combine(root, NextName("fifo.csv")));
            Add("csv: a named pipe nobody writes to", Csv(fifo), HostileOutcome.Refused, "not a regular file");
            var link = Path.Combine(root, NextName("zero.csv"));
            File.CreateSymbolicLink(link, "/dev/zero");
            Add("csv: a link to /dev/zero", Csv(link), HostileOutcome.Refused, "/dev/zero");
            // A file like /etc/shadow outside the data root: readable by this user, so validate reads it, quoting little of it.
            var secret = Path.Combine(folder, NextName("shadow"));
            File.WriteAllText(secret, "root:$6$" + new string('s', 200) + ":19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n");
            Add("csv: a shadow-like file outside the root", Csv(secret), HostileOutcome.Refused, "shadow", outsideRoot: true);
            Add("csv: a shadow-like file by label name", Csv(secret, "\"label\""), HostileOutcome.Refused, "shadow", outsideRoot: true);
            Add("csv: ../ out of the root", Csv(Path.Combine(root, "..", Path.GetFileName(secret))), HostileOutcome.Refused, "shadow", outsideRoot: true);
        }

        private void ResourceBombs()
        {
            string Quadratic(string model, string training) => $$"""
                { "name": "q", "data": { "source": "none" }, "model": {{model}},
                  "optimizer": { "kind": "sgd", "learningRate": 1e-9 }, "training": {{training}} }
                """;
            var many = JsonSerializer.Serialize(Enumerable.Range(0, 1_000_000).Select(i => 1 + i % 7).ToArray());
            Add("quadratic: 16,000 eigenvalues", Spec(Quadratic($$"""{ "kind": "quadratic", "eigenvalues": {{JsonSerializer.Serialize(Enumerable.Repeat(2, 16_000))}} }""", """{ "epochs": 50 }""")), HostileOutcome.Any);
            Add("quadratic: a million eigenvalues", Spec(Quadratic($$"""{ "kind": "quadratic", "eigenvalues": {{many}} }""", """{ "epochs": 20 }""")), HostileOutcome.Any);
            Add("quadratic: a million eigenvalues, some negative", Spec(Quadratic($$"""{ "kind": "quadratic", "eigenvalues": {{many.Replace("[1,", "[-1,").Replace(",3,", ",-3,")}} }""", """{ "epochs": 20 }""")),
                HostileOutcome.Refused, "must be ≥ 0");
            Add("quadratic: an indefinite hessian", Spec(Quadratic("""{ "kind": "quadratic", "hessian": [[1, 3], [3, 1]] }""", """{ "epochs": 20 }""")), HostileOutcome.Refused, "not positive semi-definite");
            Add("quadratic: a hessian of 4,097 rows", Spec(Quadratic($$"""{ "kind": "quadratic", "hessian": [{{string.Join(",", Enumerable.Repeat("[1]", 4097))}}] }""", "{}")), HostileOutcome.Refused, "4096");
            Add("quadratic: historyEvery 1 over 200,000 steps", Spec(Quadratic("""{ "kind": "quadratic", "eigenvalues": [1, 2, 3] }""", """{ "epochs": 200000, "historyEvery": 1 }""")), HostileOutcome.Any);
            Add("mnist: historyEvery 1, batches of 1, 5,000 steps", Spec("""
                { "name": "h", "data": { "source": "mnist", "trainSize": 1000, "validationSize": 10 }, "model": { "kind": "softmax" },
                  "optimizer": { "kind": "sgd", "learningRate": 0.01 }, "training": { "epochs": 1000000, "batchSize": 1, "historyEvery": 1, "maxSteps": 5000 } }
                """), HostileOutcome.Any);
            Add("synthetic: 10⁷ × 100", Spec(Synthetic(10_000_000, 100)), HostileOutcome.Refused, "2,048 MB");
            Add("synthetic: 10⁷ × 10, valid: validate must not generate it", Spec(Synthetic(10_000_000, 10)), HostileOutcome.Any, validateOnly: true);
            Add("synthetic: 1,000 × 100,000 under an mlp of [1000]", Spec(Synthetic(1000, 100_000, """{ "kind": "mlp", "hidden": [1000] }""")), HostileOutcome.Refused, "67,108,864");
            Add("mnist: an mlp of [65536, 65536]", Spec("""
                { "name": "m", "data": { "source": "mnist" }, "model": { "kind": "mlp", "hidden": [65536, 65536] }, "optimizer": { "kind": "sgd", "learningRate": 0.1 } }
                """), HostileOutcome.Refused, "67,108,864");
            Add("mnist: 500 layers of 65,536", Spec($$"""
                { "name": "m", "data": { "source": "mnist" }, "model": { "kind": "mlp", "hidden": {{JsonSerializer.Serialize(Enumerable.Repeat(65536, 500))}} }, "optimizer": { "kind": "sgd", "learningRate": 0.1 } }
                """), HostileOutcome.Refused, "67,108,864");
        }

        private static string Synthetic(int samples, int features, string model = """{ "kind": "least-squares" }""") => $$"""
            { "name": "s", "data": { "source": "synthetic", "samples": {{samples}}, "features": {{features}} }, "model": {{model}},
              "optimizer": { "kind": "sgd", "learningRate": 0.01 }, "training": { "maxSteps": 2 } }
            """;

        private string Idx(string images, string labels) => Spec($$"""
            { "name": "i", "data": { "source": "idx", "trainImages": {{JsonSerializer.Serialize(images)}}, "trainLabels": {{JsonSerializer.Serialize(labels)}} },
              "model": { "kind": "softmax" }, "optimizer": { "kind": "sgd", "learningRate": 0.1 }, "training": { "maxSteps": 2 } }
            """);

        private string Csv(string path, string? labelColumn = null, bool header = true) => Spec($$"""
            { "name": "c", "data": { "source": "csv", "path": {{JsonSerializer.Serialize(path)}}, "header": {{(header ? "true" : "false")}}{{(labelColumn is null ? "" : $", \"labelColumn\": {labelColumn}")}} },
              "model": { "kind": "softmax" }, "optimizer": { "kind": "sgd", "learningRate": 0.1 }, "training": { "maxSteps": 2 } }
            """);

        private string Spec(string json)
        {
            var path = Path.Combine(folder, NextName("spec.json"));
            File.WriteAllText(path, json);
            return path;
        }

        private void Add(string name, string spec, HostileOutcome outcome, string? mentions = null, bool validateOnly = false, bool outsideRoot = false) =>
            _inputs.Add(new HostileInput(name, spec, outcome, mentions, validateOnly, outsideRoot));

        // Data files go under the root, so that the submit check accepts them and only their content is on trial.
        private string Write(string name, byte[] bytes)
        {
            var path = Path.Combine(root, NextName(name));
            File.WriteAllBytes(path, bytes);
            return path;
        }

        private string Write(string name, string text) => Write(name, Encoding.UTF8.GetBytes(text));

        private string WriteLarge(string name, string prefix, char fill, int count)
        {
            var path = Path.Combine(root, NextName(name));
            using var writer = new StreamWriter(path);
            writer.Write(prefix);
            var block = new string(fill, 1 << 16);
            for (var left = count; left > 0; left -= block.Length) writer.Write(block.AsSpan(0, Math.Min(block.Length, left)));
            writer.Write('\n');
            return path;
        }

        private string NextName(string name) => $"{_count++}-{name}";

        private static (byte[] Images, byte[] Labels) BundledDigits(int count)
        {
            var images = Gunzip(BundledMnist.ImagesResource);
            var labels = Gunzip(BundledMnist.LabelsResource);
            var someImages = images[..(16 + count * 784)];
            var someLabels = labels[..(8 + count)];
            BinaryPrimitives.WriteInt32BigEndian(someImages.AsSpan(4), count);
            BinaryPrimitives.WriteInt32BigEndian(someLabels.AsSpan(4), count);
            return (someImages, someLabels);
        }

        private static byte[] Gunzip(string resource)
        {
            using var gzip = new GZipStream(BundledMnist.OpenResource(resource), CompressionMode.Decompress);
            using var memory = new MemoryStream();
            gzip.CopyTo(memory);
            return memory.ToArray();
        }

        private static byte[] Header(byte[] images, int count, int height, int width)
        {
            var copy = images.ToArray();
            BinaryPrimitives.WriteInt32BigEndian(copy.AsSpan(4), count);
            BinaryPrimitives.WriteInt32BigEndian(copy.AsSpan(8), height);
            BinaryPrimitives.WriteInt32BigEndian(copy.AsSpan(12), width);
            return copy;
        }

        private static byte[] Cut(byte[] bytes, double fraction) => bytes[..(int)(bytes.Length * fraction)];

        private static byte[] Flip(byte[] bytes, int at)
        {
            var copy = bytes.ToArray();
            copy[Math.Min(at, copy.Length - 1)] ^= 0x5A;
            return copy;
        }

        private static byte[] Garbage(int length, int seed)
        {
            var bytes = new byte[length];
            new Random(seed).NextBytes(bytes);
            return bytes;
        }
    }
}
