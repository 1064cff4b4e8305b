using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using SweepCluster.Engine.Spec;

namespace SweepCluster.Engine.Trainers;

/// <summary>
/// What a user's program is told about its trial: who it is (ids, arm, stage, attempt), the rate to train with and the
/// trial's resolved <c>optimizer</c>, <c>schedule</c>, <c>training</c> and search <c>parameters</c> as JSON objects.
/// <see cref="ToJson"/> is the content of the <c>SWEEP_TRIAL</c> file and of a worker's stdin line.
/// </summary>
/// <param name="Parameters">The searched values, e.g. <c>{"learningRate": 0.01, "optimizer.momentum": 0.9}</c>; null means none.</param>
public sealed record TrialContext(
    string TrialId,
    string SweepId,
    int Arm,
    string ArmName,
    int Stage,
    int Attempt,
    double LearningRate,
    JsonElement Optimizer,
    JsonElement Schedule,
    JsonElement Training,
    JsonElement? Parameters = null)
{
    /// <summary>
    /// A trial of an arm at <paramref name="learningRate"/>: its optimizer (with that rate as its <c>learningRate</c>),
    /// schedule and training written as a spec writes them, so <c>{optimizer.momentum}</c> or <c>{training.batchSize}</c>
    /// name what the spec (with its defaults) says.
    /// </summary>
    public static TrialContext For(
        string trialId, string sweepId, int arm, string armName, int stage, int attempt, double learningRate,
        OptimizerSpec optimizer, ScheduleSpec schedule, TrainingSpec training, JsonElement? parameters = null) =>
        new(trialId, sweepId, arm, armName, stage, attempt, learningRate,
            JsonSerializer.SerializeToElement(optimizer with { LearningRate = learningRate }, SpecJson.Options),
            JsonSerializer.SerializeToElement(schedule, SpecJson.Options),
            JsonSerializer.SerializeToElement(training, SpecJson.Options),
            parameters);

    /// <summary>The trial as one line of JSON; <paramref name="checkpointDir"/> is added as <c>checkpointDir</c> when given.</summary>
    public string ToJson(string? checkpointDir = null)
    {
        using var buffer = new MemoryStream();
        // Relaxed escaping keeps "2/(L+mu)" and non-ASCII arm names readable in the file a user may open.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("trialId", TrialId);
            json.WriteString("sweepId", SweepId);
            json.WriteNumber("arm", Arm);
            json.WriteString("armName", ArmName);
            json.WriteNumber("stage", Stage);
            json.WriteNumber("attempt", Attempt);
            json.WriteNumber("learningRate", LearningRate);
            WriteObject(json, "optimizer", Optimizer);
            WriteObject(json, "schedule", Schedule);
            WriteObject(json, "training", Training);
            WriteObject(json, "parameters", Parameters);
            if (checkpointDir is not null) json.WriteString("checkpointDir", checkpointDir);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteObject(Utf8JsonWriter json, string name, JsonElement? value)
    {
        json.WritePropertyName(name);
        if (value is { ValueKind: not JsonValueKind.Undefined } element) element.WriteTo(json);
        else
        {
            json.WriteStartObject();
            json.WriteEndObject();
        }
    }
}
