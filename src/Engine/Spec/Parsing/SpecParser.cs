using SweepCluster.Engine.Spec.Parsing;

namespace SweepCluster.Engine.Spec;

/// <summary>
/// Reads a spec (docs/spec.md) into a <see cref="SweepSpec"/> with every default applied, or reports every problem
/// it has, each with its JSON path, the value found and what is allowed. A spec with any problem never comes back
/// half-read.
/// </summary>
public static class SpecParser
{
    /// <summary>The name of a sweep whose spec has no <c>name</c> and does not come from a file.</summary>
    public const string DefaultName = "sweep";

    /// <summary>The spec, or a <see cref="SpecException"/> listing every problem.</summary>
    /// <param name="baseDirectory">Where relative data paths are looked for first (then the current directory).</param>
    /// <param name="learningRateOverride">Replaces the learning rate of the base optimizer and of every arm (<c>sweep train --learning-rate</c>).</param>
    /// <param name="dataRoot">
    /// A silo's <c>--data-root</c>: data paths must lie under it (relative ones are taken from it); null: any path.
    /// </param>
    public static SweepSpec Parse(string json, string? baseDirectory = null, double? learningRateOverride = null, string? dataRoot = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        var root = dataRoot is null ? null : Data.DataAccess.RealRoot(dataRoot);
        var ctx = new ReadContext(root ?? baseDirectory, DefaultName, learningRateOverride, root);
        return Read(SpecText.Parse(json, ctx.Problems), ctx);
    }

    /// <summary>Every problem of the spec; empty when it is valid.</summary>
    public static IReadOnlyList<SpecProblem> Validate(string json, string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(json);
        var ctx = new ReadContext(baseDirectory, DefaultName, null);
        return Problems(SpecText.Parse(json, ctx.Problems), ctx);
    }

    /// <summary>
    /// Reads and parses a spec file; relative data paths start at its directory and the sweep's name defaults to
    /// the file's name. A file that cannot be read is an <see cref="InputException"/> naming it.
    /// </summary>
    public static SweepSpec ParseFile(string path, double? learningRateOverride = null)
    {
        var (ctx, bytes) = Open(path, learningRateOverride);
        return Read(bytes is null ? null : SpecText.Parse(bytes, ctx.Problems), ctx);
    }

    /// <summary>Every problem of a spec file (<c>sweep validate</c>); a file that cannot be read is an <see cref="InputException"/>.</summary>
    public static IReadOnlyList<SpecProblem> ValidateFile(string path)
    {
        var (ctx, bytes) = Open(path, null);
        return Problems(bytes is null ? null : SpecText.Parse(bytes, ctx.Problems), ctx);
    }

    private static SweepSpec Read(System.Text.Json.JsonDocument? document, ReadContext ctx)
    {
        using (document)
        {
            var spec = document is null ? null : SpecReader.Read(document.RootElement, ctx);
            return spec ?? throw new SpecException(ctx.Problems.ToList());
        }
    }

    private static IReadOnlyList<SpecProblem> Problems(System.Text.Json.JsonDocument? document, ReadContext ctx)
    {
        using (document)
        {
            if (document is not null) SpecReader.Read(document.RootElement, ctx);
            return ctx.Problems.ToList();
        }
    }

    private static (ReadContext Ctx, byte[]? Bytes) Open(string path, double? learningRateOverride)
    {
        ArgumentNullException.ThrowIfNull(path);
        var fullPath = SpecFile.FullPath(path);
        var name = Path.GetFileNameWithoutExtension(fullPath);
        var ctx = new ReadContext(Path.GetDirectoryName(fullPath), name.Length > 0 ? name : DefaultName, learningRateOverride);
        return (ctx, SpecFile.Read(path, fullPath, ctx.Problems));
    }
}
