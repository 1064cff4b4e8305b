using System.Text;

namespace SweepCluster.Engine.Trainers;

/// <summary>
/// Reads a program's output stream as UTF-8 lines (\n or \r\n); a line longer than <see cref="MaxLineChars"/> is cut
/// into pieces, so a program that never prints a line break cannot exhaust the silo's memory.
/// </summary>
internal static class OutputLineReader
{
    public const int MaxLineChars = 64 * 1024;

    public static async Task ReadAsync(Stream stream, Func<string, ValueTask> onLine, CancellationToken cancel)
    {
        var decoder = new UTF8Encoding(false, false).GetDecoder();
        var bytes = new byte[16 * 1024];
        var chars = new char[Encoding.UTF8.GetMaxCharCount(bytes.Length)];
        var line = new StringBuilder();
        while (true)
        {
            int read = await stream.ReadAsync(bytes, cancel);
            int count = decoder.GetChars(bytes, 0, read, chars, 0, flush: read == 0);
            for (int i = 0; i < count; i++)
            {
                char c = chars[i];
                if (c == '\n')
                {
                    if (line.Length > 0 && line[^1] == '\r') line.Length--;
                    await onLine(line.ToString());
                    line.Clear();
                }
                else
                {
                    line.Append(c);
                    if (line.Length >= MaxLineChars)
                    {
                        await onLine(line.ToString());
                        line.Clear();
                    }
                }
            }
            if (read == 0) break;
        }
        if (line.Length > 0) await onLine(line.ToString());
    }
}
