using System.Diagnostics;
using Serverless.Jobs;
using Serverless.Jobs.TestJob;

if (!JobEntryPoint.IsJobMode(args))
{
    await Console.Error.WriteLineAsync($"Run with {JobEntryPoint.JobModeSwitch}.");
    return 2;
}

var registry = new JobRegistry()
    .Add<SquareInput, SquareOutput>("square", (context, input, _) =>
        Task.FromResult(new SquareOutput((long)input.Value * input.Value, context.Rank, context.RankCount)))
    .Add<Empty, RankOutput>("rank", (context, _, _) =>
        Task.FromResult(new RankOutput(context.Rank, context.RankCount, Environment.ProcessId)))
    .Add<FailInput, Empty>("fail", (_, input, _) => throw new InvalidOperationException($"asked to fail: {input.Reason}"))
    .Add<FailInput, Empty>("fail-rank0", async (context, input, cancellationToken) =>
    {
        if (context.Rank == 0)
        {
            throw new InvalidOperationException($"rank 0 asked to fail: {input.Reason}");
        }

        await Task.Delay(Timeout.Infinite, cancellationToken);
        return new Empty();
    })
    .Add<Empty, Empty>("crash", (_, _, _) =>
    {
        Console.Error.WriteLine("about to crash on purpose");
        Console.Error.Flush();
        Environment.Exit(42);
        return Task.FromResult(new Empty());
    })
    .Add<Empty, Empty>("hang", (_, _, _) =>
    {
        Console.Error.WriteLine("hanging and ignoring cancellation");
        Thread.Sleep(Timeout.Infinite);
        return Task.FromResult(new Empty());
    })
    .Add<Empty, Empty>("spawn", (_, _, _) =>
    {
        // A grandchild that would outlive its parent if only the parent were killed.
        using var child = Process.Start(new ProcessStartInfo("sleep", "600")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        Console.WriteLine($"child-pid {child.Id}");
        Console.Out.Flush();
        Thread.Sleep(Timeout.Infinite);
        return Task.FromResult(new Empty());
    })
    .Add<Empty, Empty>("oom", (_, _, _) =>
    {
        var hoard = new List<byte[]>();
        while (true)
        {
            var block = new byte[16 << 20];
            Array.Fill(block, (byte)1);
            hoard.Add(block);
        }
    })
    .Add<Empty, Empty>("sigkill", (_, _, _) =>
    {
        Console.Error.WriteLine("killing myself with SIGKILL");
        Console.Error.Flush();
        Process.GetCurrentProcess().Kill();
        Thread.Sleep(Timeout.Infinite);
        return Task.FromResult(new Empty());
    })
    .Add<HoldInput, HoldOutput>("hold", async (_, input, cancellationToken) =>
    {
        var started = DateTimeOffset.UtcNow;
        await File.WriteAllTextAsync(input.StartedFile, "started", cancellationToken);
        while (!File.Exists(input.ReleaseFile))
        {
            await Task.Delay(20, cancellationToken);
        }

        return new HoldOutput(started, DateTimeOffset.UtcNow);
    })
    .Add<Empty, Empty>("burn", (_, _, cancellationToken) =>
    {
        // Burns one core until cancelled (the benchmark's CPU load).
        var x = 0.0;
        while (!cancellationToken.IsCancellationRequested)
        {
            for (var i = 0; i < 1_000_000; i++)
            {
                x = Math.Sqrt(x + i);
            }
        }

        return Task.FromResult(new Empty());
    })
    .Add<PiInput, PiOutput>("monte-carlo-pi", (context, input, _) =>
    {
        var random = new Random(input.Seed + context.Rank);
        var inside = 0L;
        for (var i = 0; i < input.SamplesPerRank; i++)
        {
            var (x, y) = (random.NextDouble(), random.NextDouble());
            inside += x * x + y * y <= 1 ? 1 : 0;
        }

        return Task.FromResult(new PiOutput(context.Rank, inside, input.SamplesPerRank));
    });

return await JobEntryPoint.RunAsync(args, registry);
