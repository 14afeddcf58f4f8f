using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker.Http;

namespace Serverless.Orchestrations;

/// <summary>
/// Reads the JSON body of an HTTP function that starts or signals durable work. A body that is not JSON, is null, or
/// breaks the input type's data annotations is answered with 400 and a message naming the problem, so nothing starts.
/// </summary>
internal static class StartInput
{
    public static async Task<(T? Input, HttpResponseData? BadRequest)> ReadAsync<T>(HttpRequestData req)
    {
        string? problem;
        T? input = default;
        try
        {
            input = await JsonSerializer.DeserializeAsync<T>(req.Body, JsonSerializerOptions.Web, req.FunctionContext.CancellationToken);
            problem = input is null ? $"The request body must be a JSON {Describe<T>()}, not null." : Validate(input);
        }
        catch (JsonException ex)
        {
            problem = $"The request body is not a valid JSON {Describe<T>()}: {ex.Message}";
        }

        if (problem is null)
        {
            return (input, null);
        }

        var response = req.CreateResponse(HttpStatusCode.BadRequest);
        await response.WriteStringAsync(problem);
        return (default, response);
    }

    private static string? Validate(object input)
    {
        var results = new List<ValidationResult>();
        return Validator.TryValidateObject(input, new ValidationContext(input), results, validateAllProperties: true)
            ? null
            : string.Join(" ", results.Select(result => result.ErrorMessage));
    }

    private static string Describe<T>() => typeof(T).IsArray ? $"array of {typeof(T).GetElementType()!.Name}" : typeof(T).Name;
}
