using YamlDotNet.RepresentationModel;

namespace SweepCluster.Cluster.Tests.Deploy;

/// <summary>A repository YAML file parsed by YamlDotNet, and short ways to walk it that name the missing key.</summary>
internal static class Yaml
{
    public static YamlMappingNode Load(string relative)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(RepositoryFiles.Read(relative));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    public static bool Has(this YamlNode node, string key) => ((YamlMappingNode)node).Children.ContainsKey(new YamlScalarNode(key));

    public static YamlNode Child(this YamlNode node, string key) =>
        ((YamlMappingNode)node).Children.TryGetValue(new YamlScalarNode(key), out var child) ? child
        : throw new KeyNotFoundException($"no \"{key}\" in the mapping at line {node.Start.Line}");

    public static YamlMappingNode Map(this YamlNode node, string key) => (YamlMappingNode)node.Child(key);

    public static string Text(this YamlNode node, string key) => ((YamlScalarNode)node.Child(key)).Value ?? "";

    /// <summary>The scalars of a sequence: <c>[CMD, redis-cli, ping]</c> or a block list.</summary>
    public static string[] Texts(this YamlNode node, string key) =>
        [.. ((YamlSequenceNode)node.Child(key)).Children.Select(n => ((YamlScalarNode)n).Value ?? "")];

    public static YamlNode[] List(this YamlNode node, string key) => [.. ((YamlSequenceNode)node.Child(key)).Children];
}
