using System.Text;

namespace Serverless.Jobs.Local;

/// <summary>Collects a run's stdout/stderr lines: a bounded log text for the log blob and each rank's stderr tail.</summary>
internal sealed class OutputCollector(int ranks, int tailLines, int maxLogChars)
{
    private readonly Lock _lock = new();
    private readonly StringBuilder _log = new();
    private readonly Queue<string>[] _tails = Enumerable.Range(0, ranks).Select(_ => new Queue<string>()).ToArray();
    private bool _truncated;

    public void Add(int rank, bool stderr, string line)
    {
        lock (_lock)
        {
            if (stderr)
            {
                var tail = _tails[rank];
                tail.Enqueue(line);
                while (tail.Count > tailLines)
                {
                    tail.Dequeue();
                }
            }

            if (_log.Length + line.Length < maxLogChars)
            {
                _log.Append("[rank ").Append(rank).Append(stderr ? " stderr] " : " stdout] ").Append(line).Append('\n');
            }
            else
            {
                _truncated = true;
            }
        }
    }

    public string StderrTail(int rank)
    {
        lock (_lock)
        {
            return string.Join('\n', _tails[rank]);
        }
    }

    public string LogText()
    {
        lock (_lock)
        {
            return _truncated ? _log + $"[log truncated at {maxLogChars} characters]\n" : _log.ToString();
        }
    }
}
