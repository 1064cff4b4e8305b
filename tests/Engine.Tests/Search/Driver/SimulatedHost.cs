using SweepCluster.Engine.Results;
using SweepCluster.Engine.Search;
using SweepCluster.Engine.Search.Driver;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Tests.Search.Driver;

/// <summary>
/// A host of a <see cref="SweepDriver"/> as a cluster would be, in one thread and driven by a seeded random order: its
/// trials keep their progress and their ends through the host's crashes, its log is stored only when flushed (or when
/// an effect is durable), and a crash loses what was not stored and restores the driver from what was.
/// </summary>
internal sealed class SimulatedHost(SweepSpec spec, int seed, bool crashes)
{
    private static readonly SiloRoom[] Silos = [new("a:1", 1), new("b:1", 2)];
    private readonly Random _random = new(seed);
    private readonly List<SweepFact> _unsaved = [];
    // The trials, by key: what each was started with, its epochs done, and its end once it has one.
    private readonly Dictionary<string, TrialRequest> _started = [];
    private readonly Dictionary<string, int> _epochs = [];
    private readonly Dictionary<string, TrialOutcome> _ended = [];
    // Range tests run on the host itself: a crash loses them.
    private readonly HashSet<string> _rangeTests = [];

    public SweepDriver Driver { get; private set; } = new(spec);

    public List<SweepFact> Stored { get; } = [];

    public int Crashes { get; private set; }

    /// <summary>Starts of a trial already started: each must ask for the same run, and happens only after a crash.</summary>
    public int Restarts { get; private set; }

    public SweepEnd? End { get; private set; }

    public SimulatedHost Run()
    {
        for (var step = 0; End is null; step++)
        {
            if (step > 200_000) throw new InvalidOperationException("the sweep did not end");
            switch (_random.Next(10))
            {
                case < 3:
                    Apply(Driver.Pump(Driver.Capacity(Silos), Silos));
                    break;
                case < 7:
                    Advance();
                    break;
                case < 8:
                    if (_rangeTests.Count > 0) FinishRangeTest(_rangeTests.ElementAt(_random.Next(_rangeTests.Count)));
                    break;
                case < 9:
                    Flush();
                    break;
                default:
                    if (crashes && _random.Next(4) == 0) Crash();
                    break;
            }
        }
        return this;
    }

    private void Apply(SweepEffects effects)
    {
        _unsaved.AddRange(effects.Log);
        if (effects.Durable || effects.End is not null) Flush();
        foreach (var launch in effects.Launches) Start(launch.Request);
        foreach (var test in effects.RangeTests) _rangeTests.Add(test.Key);
        End ??= effects.End;
    }

    private void Start(TrialRequest request)
    {
        if (_started.TryGetValue(request.Key, out var was))
        {
            Assert.Equal(was, request);
            Assert.True(Crashes > 0, $"{request.Key} was started twice without a crash");
            Restarts++;
            return;
        }
        _started[request.Key] = request;
    }

    /// <summary>A training run in flight takes a step: it reports its end if it has one, or trains to its next rung or its end.</summary>
    private void Advance()
    {
        var running = Driver.Search.InFlightKeys.Where(k => !Driver.IsRangeTest(k)).ToArray();
        if (running.Length == 0) return;
        var key = running[_random.Next(running.Length)];
        var request = _started[key];
        if (_ended.TryGetValue(key, out var outcome))
        {
            Apply(Driver.RunEnded(outcome, _random.Next(2) == 0 ? "a:1" : "b:1"));
            return;
        }
        var epochs = Driver.Search.Arms[request.Arm].Training.Epochs;
        var rungs = Driver.Search.Rungs(request.Arm);
        var epoch = rungs.FirstOrDefault(r => r > _epochs.GetValueOrDefault(key), epochs);
        _epochs[key] = epoch;
        if (epoch == epochs)
        {
            _ended[key] = Outcome(request, epoch, TrialStatus.Completed);
            return;
        }
        var (goOn, effects) = Driver.RungReached(key, epoch, Loss(request, epoch));
        Apply(effects);
        if (!goOn) _ended[key] = Outcome(request, epoch, TrialStatus.Stopped);
    }

    private void FinishRangeTest(string key)
    {
        _rangeTests.Remove(key);
        var arm = Driver.Search.Request(key).Arm;
        Apply(Driver.RangeTestEnded(key, Sweeps.RangeTestAt(0.01 * (1 + arm))));
    }

    private void Flush()
    {
        Stored.AddRange(_unsaved);
        _unsaved.Clear();
    }

    private void Crash()
    {
        Crashes++;
        _unsaved.Clear();
        _rangeTests.Clear();
        Driver = SweepDriver.Restore(spec, null, Stored, running: true);
        // The new host runs again the range tests the log has in flight.
        foreach (var key in Driver.Search.InFlightKeys.Where(Driver.IsRangeTest)) _rangeTests.Add(key);
    }

    private static double Loss(TrialRequest r, int epoch) => (Sweeps.Bowl(r.LearningRate, 0.02 * (1 + r.Arm)) + Momentum(r)) * (1 + 1.0 / epoch);

    // A search over parameters also finds the best momentum, 0.5.
    private static double Momentum(TrialRequest r) =>
        r.Parameters is { } p && p.TryGetValue("optimizer.momentum", out var m) ? (m.Number - 0.5) * (m.Number - 0.5) : 0;

    private static TrialOutcome Outcome(TrialRequest r, int epoch, TrialStatus status) =>
        new(r.Key, r.Arm, r.Stage, r.LearningRate, status, Loss(r, epoch), Loss(r, epoch), null, epoch, 2.3, Verdict.Good, 0.5);
}
