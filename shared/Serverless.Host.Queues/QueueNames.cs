using System.Text.RegularExpressions;

namespace Serverless.Host.Queues;

/// <summary>Azure Storage queue naming rules, checked at start so a bad name never reaches the service.</summary>
internal static partial class QueueNames
{
    public const string PoisonSuffix = "-poison";

    /// <summary>The poison queue of a queue, as Functions names it.</summary>
    public static string Poison(string queueName) => queueName + PoisonSuffix;

    /// <summary>Null when the name is valid, else what is wrong with it.</summary>
    public static string? Problem(string name)
    {
        if (name.Length is < 3 or > 63)
        {
            return $"queue name '{name}' must be 3 to 63 characters long (it has {name.Length}).";
        }

        if (!Pattern().IsMatch(name))
        {
            return $"queue name '{name}' is invalid: use lowercase letters, digits and single dashes, starting and ending with a letter or digit.";
        }

        return null;
    }

    /// <summary>Null when a trigger queue is valid and so is its poison queue, else the problem.</summary>
    public static string? TriggerProblem(string name) =>
        Problem(name) ?? (name.Length + PoisonSuffix.Length > 63
            ? $"queue name '{name}' is too long for its poison queue '{Poison(name)}' (at most {63 - PoisonSuffix.Length} characters for a trigger queue)."
            : null);

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9]))*$")]
    private static partial Regex Pattern();
}
