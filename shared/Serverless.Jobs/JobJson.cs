using System.Text.Json;
using System.Text.Json.Serialization;

namespace Serverless.Jobs;

/// <summary>The JSON settings of every job payload: web defaults (camelCase), enums as strings.</summary>
public static class JobJson
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
