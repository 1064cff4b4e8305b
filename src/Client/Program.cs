using SweepCluster.Client;

return await SweepCommand.RunAsync(args, Console.Out, Console.Error);
