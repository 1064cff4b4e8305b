namespace SweepCluster.Engine.Trainers;

/// <summary>Where a trial's checkpoints live under a root: one folder per trial id (<c>s-abc/0/3</c> → <c>ROOT/s-abc/0/3</c>), the same on every silo and attempt.</summary>
public static class CheckpointDirectories
{
    public static string For(string root, string trialId)
    {
        // Ids come from the coordinator, but a path must never climb out of the root whatever they hold.
        var parts = trialId.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Safe).ToArray();
        return Path.Combine([Path.GetFullPath(root), .. parts.Length == 0 ? ["_"] : parts]);
    }

    private static string Safe(string part)
    {
        var invalid = Path.GetInvalidFileNameChars();
        var cleaned = new string([.. part.Select(c => invalid.Contains(c) || c == '\\' ? '_' : c)]);
        return cleaned is "." or ".." ? "_" : cleaned;
    }
}
