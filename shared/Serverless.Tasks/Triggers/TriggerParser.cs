namespace Serverless.Tasks.Triggers;

/// <summary>
/// Reads trigger expressions: <c>or</c>-separated terms of <c>and</c>-separated primaries (and binds tighter), a primary
/// being <c>cron(...)</c>, <c>every(...)</c>, <c>at(...)</c> or a parenthesized expression. Keywords are case-insensitive.
/// </summary>
internal sealed class TriggerParser
{
    private readonly string _text;
    private int _pos;

    private TriggerParser(string text) => _text = text;

    public static TaskTrigger Parse(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var parser = new TriggerParser(expression);
        var trigger = parser.ParseOr();
        parser.SkipSpace();
        if (parser._pos < expression.Length)
        {
            throw parser.Error("'or', 'and' or the end of the expression");
        }

        return trigger;
    }

    private TaskTrigger ParseOr()
    {
        List<TaskTrigger> parts = [ParseAnd()];
        while (TryKeyword("or"))
        {
            parts.Add(ParseAnd());
        }

        return parts.Count == 1 ? parts[0] : new AnyTrigger(parts);
    }

    private TaskTrigger ParseAnd()
    {
        List<TaskTrigger> parts = [ParsePrimary()];
        while (TryKeyword("and"))
        {
            parts.Add(ParsePrimary());
        }

        return parts.Count == 1 ? parts[0] : new AllTrigger(parts);
    }

    private TaskTrigger ParsePrimary()
    {
        SkipSpace();
        if (Peek() == '(')
        {
            _pos++;
            var inner = ParseOr();
            SkipSpace();
            Expect(')');
            return inner;
        }

        var start = _pos;
        while (_pos < _text.Length && char.IsAsciiLetter(_text[_pos]))
        {
            _pos++;
        }

        var name = _text[start.._pos].ToLowerInvariant();
        if (name is not ("cron" or "every" or "at"))
        {
            _pos = start;
            throw Error("'cron(', 'every(', 'at(' or '('");
        }

        SkipSpace();
        Expect('(');
        var argsStart = _pos;
        var close = _text.IndexOf(')', _pos);
        if (close < 0)
        {
            _pos = _text.Length;
            throw Error("')' closing " + name + "(");
        }

        var args = _text[argsStart..close];
        _pos = close + 1;
        try
        {
            return name switch
            {
                "cron" => ParseCron(args),
                "every" => ParseEvery(args),
                _ => ParseAt(args),
            };
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new FormatException($"Trigger expression '{_text}': {name}(...) at position {start}: {e.Message}", e);
        }
    }

    private static CronTrigger ParseCron(string args)
    {
        var parts = args.Split(',');
        var fields = new List<string>();
        TimeZoneInfo? zone = null;
        foreach (var part in parts)
        {
            if (TrySplitOption(part, out var key, out var value))
            {
                if (key != "tz")
                {
                    throw new FormatException($"unknown option '{key}': expected tz=<time zone>.");
                }

                zone = TriggerFormat.FindZone(value);
            }
            else if (zone is not null)
            {
                throw new FormatException("the cron fields must come before tz=.");
            }
            else
            {
                fields.Add(part);
            }
        }

        return new CronTrigger(string.Join(',', fields), zone);
    }

    private static EveryTrigger ParseEvery(string args)
    {
        var parts = args.Split(',');
        if (!TriggerFormat.TryParseSpan(parts[0], out var interval))
        {
            throw new FormatException($"'{parts[0].Trim()}' is not an interval: expected a time span (hh:mm:ss or d.hh:mm:ss).");
        }

        DateTimeOffset? start = null, end = null;
        TimeSpan? jitter = null;
        foreach (var part in parts.Skip(1))
        {
            if (!TrySplitOption(part, out var key, out var value))
            {
                throw new FormatException($"'{part.Trim()}' is not an option: expected start=<iso>, end=<iso> or jitter=<time span>.");
            }

            switch (key)
            {
                case "start":
                    start = ParseDate(key, value);
                    break;
                case "end":
                    end = ParseDate(key, value);
                    break;
                case "jitter":
                    jitter = TriggerFormat.TryParseSpan(value, out var j)
                        ? j
                        : throw new FormatException($"jitter '{value}' is not a time span (hh:mm:ss).");
                    break;
                default:
                    throw new FormatException($"unknown option '{key}': expected start, end or jitter.");
            }
        }

        return new EveryTrigger(interval, start, end, jitter);
    }

    private static AtTrigger ParseAt(string args) => new(ParseDate("time", args));

    private static DateTimeOffset ParseDate(string what, string value) => TriggerFormat.TryParseDate(value, out var date)
        ? date
        : throw new FormatException($"{what} '{value.Trim()}' is not an ISO 8601 date and time (2026-12-01T09:00:00Z).");

    private static bool TrySplitOption(string part, out string key, out string value)
    {
        var eq = part.IndexOf('=', StringComparison.Ordinal);
        key = eq < 0 ? "" : part[..eq].Trim().ToLowerInvariant();
        value = eq < 0 ? "" : part[(eq + 1)..].Trim();
        return eq >= 0;
    }

    private bool TryKeyword(string keyword)
    {
        SkipSpace();
        var end = _pos + keyword.Length;
        if (end > _text.Length || !_text.AsSpan(_pos, keyword.Length).Equals(keyword, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (end < _text.Length && !char.IsWhiteSpace(_text[end]) && _text[end] != '(')
        {
            return false;
        }

        _pos = end;
        return true;
    }

    private void Expect(char c)
    {
        if (Peek() != c)
        {
            throw Error($"'{c}'");
        }

        _pos++;
    }

    private char? Peek() => _pos < _text.Length ? _text[_pos] : null;

    private void SkipSpace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
        {
            _pos++;
        }
    }

    private FormatException Error(string expected)
    {
        var found = _pos < _text.Length ? $"'{_text[_pos..Math.Min(_text.Length, _pos + 12)]}'" : "the end";
        return new FormatException($"Trigger expression '{_text}': expected {expected} at position {_pos}, found {found}.");
    }
}
