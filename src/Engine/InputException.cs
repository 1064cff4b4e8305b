namespace SweepCluster.Engine;

/// <summary>
/// A mistake in what the user gave (spec, data file, option): the command exits with code 2 and prints
/// <see cref="Exception.Message"/>, which names the field or location, the value and what is allowed. Never a stack trace.
/// </summary>
public class InputException : Exception
{
    public InputException(string message) : base(message) { }

    public InputException(string message, Exception inner) : base(message, inner) { }
}
