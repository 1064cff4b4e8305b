using System.Text;

namespace SweepCluster.Engine.Trainers;

/// <summary>
/// Expands <c>{name}</c> placeholders in a command argument or environment value; <c>{{</c> and <c>}}</c> stand for
/// literal braces. A placeholder the resolver does not know, an empty one, an unclosed <c>{</c> or a lone <c>}</c> is a
/// <see cref="PlaceholderProblem"/>, so a validator can list every one before anything runs.
/// </summary>
public static class PlaceholderTemplate
{
    /// <summary>The names every trial has, besides dotted paths into its optimizer, schedule, training and parameters.</summary>
    public static IReadOnlyList<string> TrialNames { get; } = ["learningRate", "trialId", "sweepId", "arm", "armName", "stage", "attempt"];

    /// <summary>The placeholder names in a template, in order; syntax mistakes are added to <paramref name="problems"/>.</summary>
    public static IReadOnlyList<string> Names(string template, string where, ICollection<PlaceholderProblem> problems) =>
        [.. Tokenize(template, where, problems).Where(t => t.IsPlaceholder).Select(t => t.Text)];

    /// <summary>The template with each placeholder replaced; problems are added to <paramref name="problems"/> and their placeholders left as written.</summary>
    public static string Expand(string template, IPlaceholderResolver resolver, string where, ICollection<PlaceholderProblem> problems)
    {
        var text = new StringBuilder(template.Length);
        foreach (var token in Tokenize(template, where, problems))
        {
            if (!token.IsPlaceholder)
            {
                text.Append(token.Text);
                continue;
            }
            if (resolver.Resolve(token.Text) is { } value)
            {
                text.Append(value);
                continue;
            }
            problems.Add(new PlaceholderProblem(where, "{" + token.Text + "}",
                $"unknown placeholder {{{token.Text}}}: it names nothing in this trial; allowed are {string.Join(", ", TrialNames)} " +
                "and dotted paths into the trial's optimizer, schedule, training or parameters, e.g. {optimizer.momentum}, {training.batchSize}; " +
                "write {{ and }} for literal braces"));
            text.Append('{').Append(token.Text).Append('}');
        }
        return text.ToString();
    }

    private readonly record struct Token(string Text, bool IsPlaceholder);

    private static List<Token> Tokenize(string template, string where, ICollection<PlaceholderProblem> problems)
    {
        var tokens = new List<Token>();
        var literal = new StringBuilder();
        for (int i = 0; i < template.Length; i++)
        {
            char c = template[i];
            bool doubled = i + 1 < template.Length && template[i + 1] == c;
            if (c == '}')
            {
                if (!doubled)
                    problems.Add(new PlaceholderProblem(where, "", $"a lone '}}' at position {i} in \"{template}\"; write }}}} for a literal brace"));
                literal.Append('}');
                if (doubled) i++;
                continue;
            }
            if (c != '{')
            {
                literal.Append(c);
                continue;
            }
            if (doubled)
            {
                literal.Append('{');
                i++;
                continue;
            }
            int close = template.IndexOfAny(['{', '}'], i + 1);
            if (close < 0 || template[close] == '{')
            {
                problems.Add(new PlaceholderProblem(where, "", $"an unclosed '{{' at position {i} in \"{template}\"; close it with }} or write {{{{ for a literal brace"));
                literal.Append('{');
                continue;
            }
            string name = template[(i + 1)..close].Trim();
            if (name.Length == 0)
            {
                problems.Add(new PlaceholderProblem(where, "{}", $"an empty placeholder {{}} at position {i} in \"{template}\"; name a value such as {{learningRate}}, or write {{{{}}}} for literal braces"));
                literal.Append(template, i, close - i + 1);
                i = close;
                continue;
            }
            if (literal.Length > 0) tokens.Add(new Token(literal.ToString(), false));
            literal.Clear();
            tokens.Add(new Token(name, true));
            i = close;
        }
        if (literal.Length > 0) tokens.Add(new Token(literal.ToString(), false));
        return tokens;
    }
}
