namespace Serverless.Benchmarks;

/// <summary>One request of Azurite's debug log: the service, the method and the resource (queue, table, container).</summary>
internal sealed record StorageRequest(string Service, string Method, string Resource, string Operation)
{
    private const string Marker = "StorageContextMiddleware: RequestMethod=";

    /// <summary>"Queue GET hub-control-00/messages": what the breakdown of a window counts.</summary>
    public string Kind => $"{Service} {Method} {Operation}";

    public static bool TryParse(string line, out StorageRequest request)
    {
        request = null!;
        var marker = line.IndexOf(Marker, StringComparison.Ordinal);
        var urlAt = marker < 0 ? -1 : line.IndexOf("RequestURL=", marker, StringComparison.Ordinal);
        if (urlAt < 0)
        {
            return false;
        }

        var service = line[..marker].Split(' ').Last() switch
        {
            var s when s.StartsWith("Queue", StringComparison.Ordinal) => "Queue",
            var s when s.StartsWith("Table", StringComparison.Ordinal) => "Table",
            _ => "Blob",
        };
        var method = line[(marker + Marker.Length)..].Split(' ')[0];
        var url = line[(urlAt + "RequestURL=".Length)..].Split(' ')[0];
        var path = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.AbsolutePath : url;
        var parts = path.Trim('/').Split('/');
        var resource = parts.Length > 1 ? parts[1] : "";
        var table = resource.IndexOf('(', StringComparison.Ordinal) is var paren and > 0 ? resource[..paren] : resource;
        var operation = service switch
        {
            "Queue" => parts.Length > 2 ? $"{resource}/{parts[2]}{(parts.Length > 3 ? "/{id}" : "")}" : resource,
            "Table" => table,
            _ => parts.Length > 2 ? $"{resource}/{{blob}}" : resource,
        };
        request = new StorageRequest(service, method, service == "Table" ? table : resource, operation);
        return true;
    }
}
