using System.Globalization;
using System.Net;

namespace Serverless.FunctionsHost.Cli;

/// <summary>func start's options that the local host takes: <c>--script-root</c>, <c>--port</c>, <c>--enableAuth</c>, plus <c>--listen</c>.</summary>
internal sealed record CommandLine(string ScriptRoot, int? Port, bool EnableAuth, IPAddress Listen)
{
    public const string Usage =
        "usage: func-local [--script-root <app build output>] [--port <port>] [--enableAuth] [--listen <address>]";

    public static CommandLine Parse(string[] args)
    {
        var scriptRoot = Directory.GetCurrentDirectory();
        int? port = null;
        var enableAuth = false;
        var listen = IPAddress.Loopback;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--script-root" or "--prefix":
                    scriptRoot = Value(args, ref i);
                    break;
                case "--port" or "-p":
                    var text = Value(args, ref i);
                    port = int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is > 0 and < 65536
                        ? p
                        : throw new ArgumentException($"--port '{text}' is not a port number (1-65535).");
                    break;
                case "--enableAuth":
                    enableAuth = true;
                    break;
                case "--listen":
                    var address = Value(args, ref i);
                    listen = IPAddress.TryParse(address, out var ip) ? ip : throw new ArgumentException($"--listen '{address}' is not an IP address.");
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'.");
            }
        }

        return new CommandLine(Path.GetFullPath(scriptRoot), port, enableAuth, listen);
    }

    private static string Value(string[] args, ref int i) =>
        i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
}
