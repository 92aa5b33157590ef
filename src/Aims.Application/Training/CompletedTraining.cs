namespace Aims.Application.Training;

/// <summary>One training a person completed, as the <c>training</c> command lists it.</summary>
public sealed record CompletedTraining(string Title, string MaterialVersion, DateTimeOffset At, bool Late);
