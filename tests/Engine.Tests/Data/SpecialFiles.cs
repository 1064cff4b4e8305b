using System.Diagnostics;
using System.Net.Sockets;

namespace SweepCluster.Engine.Tests.Data;

/// <summary>Makes the files a data path must never read: a named pipe and a Unix socket (devices and /proc exist already).</summary>
internal static class SpecialFiles
{
    public static string Fifo(string path)
    {
        using var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false })!;
        mkfifo.WaitForExit();
        Assert.Equal(0, mkfifo.ExitCode);
        return path;
    }

    /// <summary>A bound Unix socket at <paramref name="path"/>; dispose it to close.</summary>
    public static Socket Socket(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        return socket;
    }
}
