using SweepCluster.Silo;

return await SiloCommand.RunAsync(args, Console.Out, Console.Error);
