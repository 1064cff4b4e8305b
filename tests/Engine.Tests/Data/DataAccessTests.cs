using SweepCluster.Engine.Data;

namespace SweepCluster.Engine.Tests.Data;

/// <summary>
/// Which files a data path may read: under the root once links and ".." are resolved, and only regular files with
/// data (never a device, a kernel file, a pipe or a socket), root or not.
/// </summary>
public sealed class DataAccessTests
{
    [Fact]
    public void AFileUnderTheRootMayBeReadAndItsRealPathIsWhatIsOpened()
    {
        using var dir = new TempDirectory();
        var root = DataAccess.RealRoot(dir.Path);
        var file = dir.Write("data.csv", "a,b\n1,2\n");

        var check = DataAccess.Check(Path.Join(dir.Path, ".", "data.csv"), root);

        Assert.Null(check.Refusal);
        Assert.Equal(Path.Join(root, "data.csv"), check.Real);
        Assert.True(File.Exists(file));
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("/no/such/file.csv")]
    public void APathOutsideTheRootIsRefusedWhetherOrNotItExists(string path)
    {
        using var dir = new TempDirectory();

        var check = DataAccess.Check(path, DataAccess.RealRoot(dir.Path));

        Assert.False(check.Missing);
        Assert.Contains("is outside the data root", check.Refusal);
        Assert.Contains("--data-root", check.Refusal);
    }

    [Fact]
    public void ASymbolicLinkOutOfTheRootIsRefused()
    {
        using var dir = new TempDirectory();
        Directory.CreateSymbolicLink(dir.File("etc"), "/etc");
        File.CreateSymbolicLink(dir.File("passwd.csv"), "/etc/passwd");
        var root = DataAccess.RealRoot(dir.Path);

        Assert.Contains("outside the data root", DataAccess.Check(dir.File("etc/passwd"), root).Refusal);
        Assert.Contains("outside the data root", DataAccess.Check(dir.File("passwd.csv"), root).Refusal);
        Assert.Contains("outside the data root", DataAccess.Check(dir.File("../x.csv"), root).Refusal);
    }

    [Fact]
    public void DotDotAfterALinkIsTakenFromTheLinksTargetAsTheSystemWouldOpenIt()
    {
        using var outside = new TempDirectory();
        Directory.CreateDirectory(outside.File("deep"));
        var secret = outside.Write("secret.csv", "a,b\n1,2\n");
        using var dir = new TempDirectory();
        Directory.CreateSymbolicLink(dir.File("sub"), outside.File("deep"));
        dir.Write("secret.csv", "a,b\n1,2\n");   // what a lexical ".." would wrongly find

        var check = DataAccess.Check(dir.Path + "/sub/../secret.csv", DataAccess.RealRoot(dir.Path));

        Assert.Equal(DataAccess.RealRoot(secret[..secret.LastIndexOf('/')]) + "/secret.csv", check.Real);
        Assert.Contains("outside the data root", check.Refusal);
    }

    [Theory]
    [InlineData("/dev/zero")]
    [InlineData("/dev/urandom")]
    [InlineData("/proc/self/mem")]
    [InlineData("/proc/self/status")]
    [InlineData("/sys/kernel/mm/transparent_hugepage/enabled")]
    public void DevicesAndKernelFilesAreRefusedWithoutARoot(string path)
    {
        var check = DataAccess.Check(path, root: null);

        Assert.Contains("a device or kernel file", check.Refusal);
    }

    [Fact]
    public void APipeASocketAndALinkToADeviceAreRefusedWithoutBeingOpened()
    {
        using var dir = new TempDirectory();
        var fifo = SpecialFiles.Fifo(dir.File("fifo.csv"));
        using var socket = SpecialFiles.Socket(dir.File("socket.csv"));
        File.CreateSymbolicLink(dir.File("zero.csv"), "/dev/zero");
        var empty = dir.Write("empty.csv", "");

        // Opening the pipe would block until a writer came: a refusal before any open is the only answer that returns.
        Assert.Contains("not a regular file", DataAccess.Check(fifo, null).Refusal);
        Assert.Contains("not a regular file", DataAccess.Check(dir.File("socket.csv"), null).Refusal);
        Assert.Contains("resolves to /dev/zero", DataAccess.Check(dir.File("zero.csv"), null).Refusal);
        Assert.Contains("is empty", DataAccess.Check(empty, null).Refusal);
        var error = Assert.Throws<DataFormatException>(() => CsvReader.Read(fifo));
        Assert.StartsWith(fifo + ": is empty, or not a regular file", error.Message);
    }

    [Fact]
    public void TheRootMustBeADirectory()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("f", "x");

        Assert.Contains("is not a directory", Assert.Throws<InputException>(() => DataAccess.RealRoot(file)).Message);
        Assert.Contains("is not a directory", Assert.Throws<InputException>(() => DataAccess.RealRoot(dir.File("missing"))).Message);
    }
}
