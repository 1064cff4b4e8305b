using SweepCluster.Engine;

namespace SweepCluster.Client.Commands;

/// <summary>
/// What a grain throws at the user's request, as the CLI reports it: an <see cref="ArgumentException"/> is bad input
/// (exit 2), an <see cref="InvalidOperationException"/> something impossible asked of an existing sweep (exit 1).
/// </summary>
internal static class GrainErrors
{
    public static async Task<T> AsUserErrors<T>(Task<T> call)
    {
        try
        {
            return await call;
        }
        catch (ArgumentException e)
        {
            var message = e.ParamName is { } name ? e.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : e.Message;
            throw new InputException(message);
        }
        catch (InvalidOperationException e)
        {
            throw new VerbFailure(e.Message.ReplaceLineEndings(" "));
        }
    }
}
