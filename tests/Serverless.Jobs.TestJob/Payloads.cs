namespace Serverless.Jobs.TestJob;

public sealed record Empty;

public sealed record SquareInput(int Value);

public sealed record SquareOutput(long Square, int Rank, int RankCount);

public sealed record RankOutput(int Rank, int RankCount, int ProcessId);

public sealed record FailInput(string Reason);

public sealed record HoldInput(string StartedFile, string ReleaseFile);

public sealed record HoldOutput(DateTimeOffset StartedAt, DateTimeOffset EndedAt);

public sealed record PiInput(int Seed, int SamplesPerRank);

public sealed record PiOutput(int Rank, long Inside, long Samples);
