using Microsoft.Extensions.Logging;

namespace Serverless.Host.Http;

/// <summary>The HTTP extension's log messages. Event ids: 1000-1049 keys, 1050-1099 admin. Key values are never logged.</summary>
internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Information, "Generated new keys into blob '{Container}/{Blob}'.")]
    public static partial void KeysGenerated(ILogger logger, string container, string blob);

    [LoggerMessage(1001, LogLevel.Information, "Created system key '{KeyName}' in blob '{Container}/{Blob}'.")]
    public static partial void SystemKeyCreated(ILogger logger, string keyName, string container, string blob);

    [LoggerMessage(1002, LogLevel.Information, "Created key '{KeyName}' of function '{FunctionName}' in blob '{Container}/{Blob}'.")]
    public static partial void FunctionKeyCreated(ILogger logger, string keyName, string functionName, string container, string blob);

    [LoggerMessage(1003, LogLevel.Information, "Host keys: host id '{HostId}', {ConfiguredCount} key(s) from configuration, the others in blob container '{Container}'.")]
    public static partial void KeysReady(ILogger logger, string hostId, int configuredCount, string container);

    [LoggerMessage(1004, LogLevel.Information, "Host keys: host id '{HostId}', {ConfiguredCount} key(s) from configuration only (AzureWebJobsStorage is not set).")]
    public static partial void KeysFromConfigurationOnly(ILogger logger, string hostId, int configuredCount);

    [LoggerMessage(1005, LogLevel.Error, "Could not check the key of a request to '{Target}': the host keys cannot be read.")]
    public static partial void KeyCheckFailed(ILogger logger, string target, Exception exception);

    [LoggerMessage(1050, LogLevel.Information, "Admin API: running '{FunctionName}' now.")]
    public static partial void AdminInvoke(ILogger logger, string functionName);
}
