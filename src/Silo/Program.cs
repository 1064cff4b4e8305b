using SweepCluster.Silo;

return await SiloCommand.RunAsync(args, Console.Error);
