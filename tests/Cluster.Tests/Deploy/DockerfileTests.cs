using System.Xml.Linq;

namespace SweepCluster.Cluster.Tests.Deploy;

/// <summary>
/// The Dockerfiles (read, not built: no Docker engine here) copy every project file their restore needs, publish
/// the right project and run its assembly, on images of the repository's target framework.
/// </summary>
public sealed class DockerfileTests
{
    [Theory]
    [InlineData("deploy/silo.Dockerfile", "src/Silo/Silo.csproj", "mcr.microsoft.com/dotnet/aspnet")]
    [InlineData("deploy/client.Dockerfile", "src/Client/Client.csproj", "mcr.microsoft.com/dotnet/runtime")]
    public void ItPublishesItsProjectAndRunsItsAssembly(string dockerfile, string project, string runtimeImage)
    {
        var lines = RepositoryFiles.Read(dockerfile).Split('\n').Select(l => l.Trim()).ToArray();
        foreach (var file in ProjectClosure(project))
        {
            var folder = file[..(file.LastIndexOf('/') + 1)];
            Assert.Contains($"COPY {file} {folder}", lines);
        }
        Assert.Contains($"RUN dotnet publish {project} -c Release --no-restore -o /app", lines);
        var assembly = XDocument.Load(RepositoryFiles.PathOf(project)).Descendants("AssemblyName").Single().Value;
        Assert.Contains(lines, l => l.StartsWith("ENTRYPOINT [\"dotnet\", ", StringComparison.Ordinal) && l.Contains(assembly + ".dll\"]", StringComparison.Ordinal));

        var version = XDocument.Load(RepositoryFiles.PathOf("Directory.Build.props")).Descendants("TargetFramework").Single().Value["net".Length..];
        Assert.Contains($"FROM mcr.microsoft.com/dotnet/sdk:{version} AS build", lines);
        Assert.Contains($"FROM {runtimeImage}:{version}", lines);
    }

    [Fact]
    public void TheSiloImageExposesItsThreePortsAndIsConfiguredBySweepVariables()
    {
        var text = RepositoryFiles.Read("deploy/silo.Dockerfile");
        Assert.Contains("EXPOSE 11111 30000 9464", text, StringComparison.Ordinal);
        Assert.Contains("SWEEP_METRICS_PORT=9464", text, StringComparison.Ordinal);
        // An option on the command line would win over its SWEEP_* variable: the entrypoint passes none.
        Assert.Contains("ENTRYPOINT [\"dotnet\", \"SweepCluster.Silo.dll\"]", text, StringComparison.Ordinal);
    }

    [Fact]
    public void TheBuildContextLeavesOutBuildOutputAndGit()
    {
        var patterns = RepositoryFiles.Read(".dockerignore").Split('\n').Select(l => l.Trim()).ToArray();
        Assert.All(new[] { "**/bin", "**/obj", "**/TestResults", ".git" }, p => Assert.Contains(p, patterns));
    }

    /// <summary>The project and every project it references, transitively, as repository paths ("src/Grains/Grains.csproj").</summary>
    private static SortedSet<string> ProjectClosure(string project)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out var next))
        {
            if (!found.Add(next)) continue;
            var folder = Path.GetDirectoryName(RepositoryFiles.PathOf(next))!;
            foreach (var reference in XDocument.Load(RepositoryFiles.PathOf(next)).Descendants("ProjectReference"))
            {
                var full = Path.GetFullPath(Path.Combine(folder, reference.Attribute("Include")!.Value.Replace('\\', Path.DirectorySeparatorChar)));
                pending.Push(Path.GetRelativePath(RepositoryFiles.Root, full).Replace(Path.DirectorySeparatorChar, '/'));
            }
        }
        return found;
    }
}
