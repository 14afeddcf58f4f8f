using System.Text.Json;
using System.Text.Json.Serialization;

namespace Serverless.Tasks;

/// <summary>The JSON options of task parameters, results, runs and the HTTP API: camelCase, enums as strings.</summary>
public static class TaskJson
{
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
