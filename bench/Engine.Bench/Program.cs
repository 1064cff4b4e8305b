using SweepCluster.Engine.Bench;

if (args is ["optimizers"])
{
    OptimizerTimings.Run(Console.Out);
    return 0;
}
return 0;
