using SweepCluster.Client;
using SweepCluster.Client.Console;

return await SweepCommand.RunAsync(args, Console.Out, Console.Error, ResultConsole.Detect());
