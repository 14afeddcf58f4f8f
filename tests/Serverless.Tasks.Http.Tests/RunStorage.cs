using Azure;
using Serverless.Testing;

namespace Serverless.Tasks.Http.Tests;

/// <summary>Reads the runs table ("{prefix}Runs") directly, to prove what was (not) written.</summary>
internal static class RunStorage
{
    public static async Task<int> CountRunRowsAsync(AzuriteFixture azurite, string prefix)
    {
        var table = azurite.TableService.GetTableClient(prefix + "Runs");
        try
        {
            var count = 0;
            await foreach (var _ in table.QueryAsync<Azure.Data.Tables.TableEntity>(select: ["PartitionKey"]))
            {
                count++;
            }

            return count;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return 0;
        }
    }
}
