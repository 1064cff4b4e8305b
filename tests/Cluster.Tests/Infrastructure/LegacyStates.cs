namespace SweepCluster.Cluster.Tests.Infrastructure;

/// <summary>
/// Coordinator states as the version before the paged log stored them (one dictionary of JSON strings per kind), in
/// both formats a store may hold: Orleans' binary and the providers' earlier default, Newtonsoft JSON. Captured from
/// that version's code, not written by this one, so they say what old stores really hold.
/// </summary>
public static class LegacyStates
{
    /// <summary>
    /// A running coarse-to-fine sweep (<see cref="ContinuingSpec"/>): its three coarse runs issued, the first two
    /// reported (the local runner's outcomes), the third in flight.
    /// </summary>
    public const string ContinuingBinary =
        "IEDuCXsKICAibmFtZSI6ICJsZWdhY3kiLAogICJkYXRhIjogewogICAgInNvdXJjZSI6ICJub25lIgogIH0sCiAgIm1vZGVsIjog"
        + "ewogICAgImtpbmQiOiAicXVhZHJhdGljIiwKICAgICJlaWdlbnZhbHVlcyI6IFsKICAgICAgMSwKICAgICAgMTAsCiAgICAgIDQw"
        + "CiAgICBdCiAgfSwKICAib3B0aW1pemVyIjogewogICAgImtpbmQiOiAic2dkIiwKICAgICJtb21lbnR1bSI6IDAsCiAgICAiZGFt"
        + "cGVuaW5nIjogMCwKICAgICJuZXN0ZXJvdiI6IGZhbHNlLAogICAgIndlaWdodERlY2F5IjogMAogIH0sCiAgInNjaGVkdWxlIjog"
        + "ewogICAgImtpbmQiOiAiY29uc3RhbnQiLAogICAgInVuaXQiOiAic3RlcCIKICB9LAogICJ0cmFpbmluZyI6IHsKICAgICJlcG9j"
        + "aHMiOiA0MCwKICAgICJiYXRjaFNpemUiOiA2NCwKICAgICJzZWVkIjogMCwKICAgICJkaXZlcmdlbmNlRmFjdG9yIjogMTAKICB9"
        + "LAogICJzZWFyY2giOiB7CiAgICAia2luZCI6ICJjb2Fyc2UtdG8tZmluZSIsCiAgICAibWluIjogMC4wMDEsCiAgICAibWF4Ijog"
        + "MC4xLAogICAgInBvaW50c1BlckRlY2FkZSI6IDEsCiAgICAicmVmaW5lbWVudHMiOiAxLAogICAgInBvaW50c1BlclJlZmluZW1l"
        + "bnQiOiAzLAogICAgIm1ldHJpYyI6ICJ0cmFpbkxvc3MiCiAgfQp9AQUhAQdBCzAvMC8wQJF7ImtleSI6IjAvMC8wIiwiYXJtIjow"
        + "LCJzdGFnZSI6MCwibGVhcm5pbmdSYXRlIjowLjAwMSwicHVycG9zZSI6InRyYWluIn1ACzAvMC8xQI97ImtleSI6IjAvMC8xIiwi"
        + "YXJtIjowLCJzdGFnZSI6MCwibGVhcm5pbmdSYXRlIjowLjAxLCJwdXJwb3NlIjoidHJhaW4ifUALMC8wLzJAjXsia2V5IjoiMC8w"
        + "LzIiLCJhcm0iOjAsInN0YWdlIjowLCJsZWFybmluZ1JhdGUiOjAuMSwicHVycG9zZSI6InRyYWluIn3gIQEFwQ1A5gJ7ImtleSI6"
        + "IjAvMC8wIiwiYXJtIjowLCJzdGFnZSI6MCwibGVhcm5pbmdSYXRlIjowLjAwMSwic3RhdHVzIjoiY29tcGxldGVkIiwidHJhaW5M"
        + "b3NzIjozLjQ2MjUxNDQzMTIwODQ1LCJlcG9jaHNDb21wbGV0ZWQiOjQwLCJpbml0aWFsTG9zcyI6MjUuNSwidmVyZGljdCI6Imdv"
        + "b2QiLCJ3YWxsU2Vjb25kcyI6MC4wMTU2MDA1fcARQO4CeyJrZXkiOiIwLzAvMSIsImFybSI6MCwic3RhZ2UiOjAsImxlYXJuaW5n"
        + "UmF0ZSI6MC4wMSwic3RhdHVzIjoiY29tcGxldGVkIiwidHJhaW5Mb3NzIjowLjIyNDg1Mzk3OTM4NDU0NzQzLCJlcG9jaHNDb21w"
        + "bGV0ZWQiOjQwLCJpbml0aWFsTG9zcyI6MjUuNSwidmVyZGljdCI6Imdvb2QiLCJ3YWxsU2Vjb25kcyI6MC4wMDAxMDQyfeAh4IEA"
        + "YMbVA6HdSMEBwQEh4IEAAAAAAAAAAMEB4A==";

    /// <inheritdoc cref="ContinuingBinary"/>
    public const string ContinuingJson =
        """{"$id":"1","$type":"SweepCluster.Grains.Sweeps.SweepCoordinatorState, SweepCluster.Grains","SpecJson":"{\n  \"name\": \"legacy\",\n  \"data\": {\n    \"source\": \"none\"\n  },\n  \"model\": {\n    \"kind\": \"quadratic\",\n    \"eigenvalues\": [\n      1,\n      10,\n      40\n    ]\n  },\n  \"optimizer\": {\n    \"kind\": \"sgd\",\n    \"momentum\": 0,\n    \"dampening\": 0,\n    \"nesterov\": false,\n    \"weightDecay\": 0\n  },\n  \"schedule\": {\n    \"kind\": \"constant\",\n    \"unit\": \"step\"\n  },\n  \"training\": {\n    \"epochs\": 40,\n    \"batchSize\": 64,\n    \"seed\": 0,\n    \"divergenceFactor\": 10\n  },\n  \"search\": {\n    \"kind\": \"coarse-to-fine\",\n    \"min\": 0.001,\n    \"max\": 0.1,\n    \"pointsPerDecade\": 1,\n    \"refinements\": 1,\n    \"pointsPerRefinement\": 3,\n    \"metric\": \"trainLoss\"\n  }\n}","Phase":1,"Issued":{"$id":"2","$type":"System.Collections.Generic.Dictionary`2[[System.String, System.Private.CoreLib],[System.String, System.Private.CoreLib]], System.Private.CoreLib","0/0/0":"{\"key\":\"0/0/0\",\"arm\":0,\"stage\":0,\"learningRate\":0.001,\"purpose\":\"train\"}","0/0/1":"{\"key\":\"0/0/1\",\"arm\":0,\"stage\":0,\"learningRate\":0.01,\"purpose\":\"train\"}","0/0/2":"{\"key\":\"0/0/2\",\"arm\":0,\"stage\":0,\"learningRate\":0.1,\"purpose\":\"train\"}"},"Finished":{"$id":"3","$type":"System.Collections.Generic.Dictionary`2[[System.String, System.Private.CoreLib],[System.String, System.Private.CoreLib]], System.Private.CoreLib","0/0/0":"{\"key\":\"0/0/0\",\"arm\":0,\"stage\":0,\"learningRate\":0.001,\"status\":\"completed\",\"trainLoss\":3.46251443120845,\"epochsCompleted\":40,\"initialLoss\":25.5,\"verdict\":\"good\",\"wallSeconds\":0.0156005}","0/0/1":"{\"key\":\"0/0/1\",\"arm\":0,\"stage\":0,\"learningRate\":0.01,\"status\":\"completed\",\"trainLoss\":0.22485397938454743,\"epochsCompleted\":40,\"initialLoss\":25.5,\"verdict\":\"good\",\"wallSeconds\":0.0001042}"},"RangeTests":{"$id":"4","$type":"System.Collections.Generic.Dictionary`2[[System.String, System.Private.CoreLib],[System.String, System.Private.CoreLib]], System.Private.CoreLib"},"StartedUtc":"2025-06-01T12:00:00Z","Rungs":{"$id":"5","$type":"System.Collections.Generic.Dictionary`2[[System.String, System.Private.CoreLib],[System.String, System.Private.CoreLib]], System.Private.CoreLib"}}""";

    /// <summary>The spec of <see cref="ContinuingBinary"/>, as submitted.</summary>
    public const string ContinuingSpec =
        """{"name":"legacy","data":{"source":"none"},"model":{"kind":"quadratic","eigenvalues":[1,10,40]},"optimizer":{"kind":"sgd"},"training":{"epochs":40},"search":{"kind":"coarse-to-fine","min":0.001,"max":0.1,"pointsPerDecade":1,"refinements":1,"pointsPerRefinement":3,"metric":"trainLoss"}}""";

    /// <summary>
    /// Every field of the old state set, not a real sweep (its spec is "{}"): a range test and its result, a stopped
    /// and a cancelled run, two rung values (one NaN), an inheritance, an error, a cancelled phase.
    /// </summary>
    public const string EveryFieldBinary =
        "IEAFe30BDSEBB0ELMC8wLzBAm3sia2V5IjoiMC8wLzAiLCJhcm0iOjAsInN0YWdlIjowLCJsZWFybmluZ1JhdGUiOjFFLTA3LCJw"
        + "dXJwb3NlIjoicmFuZ2UtdGVzdCJ9QAswLzEvMECPeyJrZXkiOiIwLzEvMCIsImFybSI6MCwic3RhZ2UiOjEsImxlYXJuaW5nUmF0"
        + "ZSI6MC4wMiwicHVycG9zZSI6InRyYWluIn1ACzAvMS8xQI97ImtleSI6IjAvMS8xIiwiYXJtIjowLCJzdGFnZSI6MSwibGVhcm5p"
        + "bmdSYXRlIjowLjA0LCJwdXJwb3NlIjoidHJhaW4ifeAhAQXBEUBeA3sia2V5IjoiMC8xLzAiLCJhcm0iOjAsInN0YWdlIjoxLCJs"
        + "ZWFybmluZ1JhdGUiOjAuMDIsInN0YXR1cyI6InN0b3BwZWQiLCJ0cmFpbkxvc3MiOjAuNzUsInZhbGlkYXRpb25Mb3NzIjowLjgs"
        + "InZhbGlkYXRpb25BY2N1cmFjeSI6MC45LCJlcG9jaHNDb21wbGV0ZWQiOjMsImluaXRpYWxMb3NzIjoyLjUsInZlcmRpY3QiOiJ0"
        + "b28tc21hbGwiLCJ3YWxsU2Vjb25kcyI6MC4xMjV9wBVA3Xsia2V5IjoiMC8xLzEiLCJhcm0iOjAsInN0YWdlIjoxLCJsZWFybmlu"
        + "Z1JhdGUiOjAuMDQsInN0YXR1cyI6ImNhbmNlbGxlZCIsImVwb2Noc0NvbXBsZXRlZCI6MCwid2FsbFNlY29uZHMiOjB94CEBA8EN"
        + "QM4DeyJjdXJ2ZSI6W3sic3RlcCI6MCwibGVhcm5pbmdSYXRlIjoxRS0wNywibG9zcyI6Mi41LCJzbW9vdGhlZExvc3MiOjIuNX0s"
        + "eyJzdGVwIjoxLCJsZWFybmluZ1JhdGUiOjFFLTA2LCJsb3NzIjoiTmFOIiwic21vb3RoZWRMb3NzIjoyLjR9XSwic3VnZ2VzdGlv"
        + "bnMiOnsic3RlZXBlc3QiOjAuMDAxLCJtaW5pbXVtT3ZlcjEwIjowLjAxLCJ2YWxsZXkiOjAuMDAzfSwic3VnZ2VzdGVkIjowLjAw"
        + "Mywid2FsbFNlY29uZHMiOjAuNzV94IEAYMbVA6HdSIEAvpaIBKHdSEERYW4gZXJyb3IhAQVBDzAvMS8wQDFAV3sia2V5IjoiMC8x"
        + "LzAiLCJlcG9jaCI6MSwibWV0cmljVmFsdWUiOjEuNX1ADzAvMS8wQDNAW3sia2V5IjoiMC8xLzAiLCJlcG9jaCI6MywibWV0cmlj"
        + "VmFsdWUiOiJOYU4ifeCBAAAAAAAAKUBBCgR7InBhcmVudFN3ZWVwSWQiOiJzLXBhcmVudDAxIiwicmVmaW5lbWVudHMiOjEsInBv"
        + "aW50c1BlclJlZmluZW1lbnQiOjMsIm91dGNvbWVzIjpbeyJrZXkiOiJzLXBhcmVudDAxLzAvMC8xIiwiYXJtIjowLCJzdGFnZSI6"
        + "MCwibGVhcm5pbmdSYXRlIjowLjAxLCJzdGF0dXMiOiJjb21wbGV0ZWQiLCJ0cmFpbkxvc3MiOjAuNSwiZXBvY2hzQ29tcGxldGVk"
        + "Ijo0MCwiaW5pdGlhbExvc3MiOjIsInZlcmRpY3QiOiJnb29kIiwid2FsbFNlY29uZHMiOjAuMjV9XX3g";

    /// <inheritdoc cref="EveryFieldBinary"/>
    public const string EveryFieldJson =
        """{"$id":"1","$type":"SweepCluster.Grains.Sweeps.SweepCoordinatorState, SweepCluster.Grains","SpecJson":"{}","Phase":3,"Issued":{"$id":"2","$type":"System.Collections.Generic.Dictionary`2[[System.String, System.Private.CoreLib],[System.String, System.Private.CoreLib]], System.Private.CoreLib","0/0/0":"{\"key\":\"0/0/0\",\"arm\":0,\"stage\":0,\"learningRate\":1E-07,\"purpose\":\"range-test\"}","0/1/0":"{\"key\":\"0/1/0\",\"arm\":0,\"stage\":1,\"learningRate\":0.02,\"purpose\":\"train\"}","0/1/1":"{\"key\":\"0/1/1\",\"arm\":0,\"stage\":1,\"learningRate\":0.04,\"purpose\":\"train\"}"},"Finished":{"$id":"3","$type":"System.Collections.Generic.Dictionary`2[[System.String, System.Private.CoreLib],[System.String, System.Private.CoreLib]], System.Private.CoreLib","0/1/0":"{\"key\":\"0/1/0\",\"arm\":0,\"stage\":1,\"learningRate\":0.02,\"status\":\"stopped\",\"trainLoss\":0.75,\"validationLoss\":0.8,\"validationAccuracy\":0.9,\"epochsCompleted\":3,\"initialLoss\":2.5,\"verdict\":\"too-small\",\"wallSeconds\":0.125}","0/1/1":"{\"key\":\"0/1/1\",\"arm\":0,\"stage\":1,\"learningRate\":0.04,\"status\":\"cancelled\",\"epochsCompleted\":0,\"wallSeconds\":0}"},"RangeTests":{"$id":"4","$type":"System.Collections.Generic.Dictionary`2[[System.String, System.Private.CoreLib],[System.String, System.Private.CoreLib]], System.Private.CoreLib","0/0/0":"{\"curve\":[{\"step\":0,\"learningRate\":1E-07,\"loss\":2.5,\"smoothedLoss\":2.5},{\"step\":1,\"learningRate\":1E-06,\"loss\":\"NaN\",\"smoothedLoss\":2.4}],\"suggestions\":{\"steepest\":0.001,\"minimumOver10\":0.01,\"valley\":0.003},\"suggested\":0.003,\"wallSeconds\":0.75}"},"StartedUtc":"2025-06-01T12:00:00Z","EndedUtc":"2025-06-01T12:05:00Z","Error":"an error","EarlierWallSeconds":12.5,"InheritanceJson":"{\"parentSweepId\":\"s-parent01\",\"refinements\":1,\"pointsPerRefinement\":3,\"outcomes\":[{\"key\":\"s-parent01/0/0/1\",\"arm\":0,\"stage\":0,\"learningRate\":0.01,\"status\":\"completed\",\"trainLoss\":0.5,\"epochsCompleted\":40,\"initialLoss\":2,\"verdict\":\"good\",\"wallSeconds\":0.25}]}","Rungs":{"$id":"5","$type":"System.Collections.Generic.Dictionary`2[[System.String, System.Private.CoreLib],[System.String, System.Private.CoreLib]], System.Private.CoreLib","0/1/0@1":"{\"key\":\"0/1/0\",\"epoch\":1,\"metricValue\":1.5}","0/1/0@3":"{\"key\":\"0/1/0\",\"epoch\":3,\"metricValue\":\"NaN\"}"}}""";
}
