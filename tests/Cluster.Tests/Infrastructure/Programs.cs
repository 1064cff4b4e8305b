namespace SweepCluster.Cluster.Tests.Infrastructure;

/// <summary>Small shell programs that play a user's trainer: they report as a real one would, and leave traces to check.</summary>
public static class Programs
{
    /// <summary>
    /// Three epochs of JSON reports whose losses are lowest at η = 0.01 ((log10 η + 2)² + 1/epoch); first a stdout line
    /// naming the GPU it was given, and a stderr line. $1 is η.
    /// </summary>
    public const string JsonGrid =
        """
        #!/bin/sh
        echo "gpu=${CUDA_VISIBLE_DEVICES:-none} trial=$SWEEP_TRIAL_ID"
        echo "warming up at rate $1" >&2
        awk -v lr="$1" 'BEGIN { d = log(lr) / log(10) + 2
          for (e = 1; e <= 3; e++) { printf "{\"epoch\": %d, \"trainLoss\": %.6g, \"validationLoss\": %.6g}\n", e, d * d + 1 / e, d * d + 1 / e; fflush(); system("sleep 0.2") } }'
        """;

    /// <summary>The same losses printed as plain text on stderr, for a regular expression to read.</summary>
    public const string TextGrid =
        """
        #!/bin/sh
        awk -v lr="$1" 'BEGIN { d = log(lr) / log(10) + 2
          for (e = 1; e <= 3; e++) { printf "epoch %d val_loss=%.6g\n", e, d * d + 1 / e > "/dev/stderr" } }'
        """;

    /// <summary>Fails: a line on stderr and exit code 3.</summary>
    public const string Failing =
        """
        #!/bin/sh
        echo "loading the data"
        echo "boom: the data set is missing" >&2
        exit 3
        """;

    /// <summary>
    /// Trains <c>$2</c> epochs of 0.2 s, reporting losses lowest at η = 0.01, after writing its process group id to
    /// <c>$3/PID</c> and starting a child that ignores SIGTERM (it must die with the group all the same).
    /// </summary>
    public const string Endless =
        """
        #!/bin/sh
        sh -c 'trap "" TERM; while true; do sleep 1; done' &
        cut -d" " -f5 /proc/$$/stat > "$3/$$.pid"
        awk -v lr="$1" -v n="$2" 'BEGIN { d = log(lr) / log(10) + 2
          for (e = 1; e <= n; e++) { system("sleep 0.2"); printf "{\"epoch\": %d, \"trainLoss\": %.6g, \"validationLoss\": %.6g}\n", e, d * d + 1 / e, d * d + 1 / e; fflush() } }'
        """;

    /// <summary>
    /// Prints 3,000 lines (<c>line 00001</c> …) in bursts of 50 every 0.1 s, with an epoch report after each thousandth:
    /// a chatty program for `sweep logs --follow`.
    /// </summary>
    public const string Chatty =
        """
        #!/bin/sh
        awk 'BEGIN { for (i = 1; i <= 3000; i++) { printf "line %05d\n", i
            if (i % 1000 == 0) printf "{\"epoch\": %d, \"trainLoss\": %.6g, \"validationLoss\": %.6g}\n", i / 1000, 1000 / i, 1000 / i
            if (i % 50 == 0) { fflush(); system("sleep 0.1") } } }'
        """;

    /// <summary>Leaves a marker of its attempt in its checkpoint folder, then trains 40 epochs of 0.25 s.</summary>
    public const string Resuming =
        """
        #!/bin/sh
        mkdir -p "$SWEEP_CHECKPOINT_DIR"
        echo "$SWEEP_CHECKPOINT_DIR" > "$SWEEP_CHECKPOINT_DIR/attempt-$2"
        cut -d" " -f5 /proc/$$/stat > "$3/$$.pid"
        awk 'BEGIN { for (e = 1; e <= 40; e++) { system("sleep 0.25"); printf "{\"epoch\": %d, \"trainLoss\": %.6g}\n", e, 1 / e; fflush() } }'
        """;

    /// <summary>
    /// Worker mode in Python: one process serves trial after trial read from stdin, each three epoch reports (lowest at
    /// η = 0.01) after a line naming its process id, then <c>{"done": true}</c>.
    /// </summary>
    public const string Worker =
        """
        import json, math, os, sys
        for line in sys.stdin:
            trial = json.loads(line)
            d = math.log10(trial["learningRate"]) + 2
            print(f"worker pid={os.getpid()}", flush=True)
            for epoch in range(1, 4):
                print(json.dumps({"epoch": epoch, "trainLoss": d * d + 1 / epoch, "validationLoss": d * d + 1 / epoch}), flush=True)
            print(json.dumps({"done": True}), flush=True)
        """;

    public static string Write(string folder, string name, string text)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text.ReplaceLineEndings("\n") + "\n");
        return path;
    }

    /// <summary>Whether any process of process group <paramref name="group"/> is alive (Linux: read from /proc).</summary>
    public static bool GroupAlive(int group)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out _)) continue;
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;   // it ended while we looked
            }
            // pid (comm) state ppid pgrp ...: comm may hold spaces, so count from its closing parenthesis.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            if (fields[0] != "Z" && int.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture) == group) return true;
        }
        return false;
    }

    /// <summary>The process group ids the <see cref="Endless"/> programs wrote to <paramref name="folder"/>.</summary>
    public static IReadOnlyList<int> Groups(string folder) =>
        [.. Directory.EnumerateFiles(folder, "*.pid").Select(f => int.Parse(File.ReadAllText(f).Trim(), System.Globalization.CultureInfo.InvariantCulture))];
}
