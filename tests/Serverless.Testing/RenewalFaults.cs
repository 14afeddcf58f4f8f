namespace Serverless.Testing;

/// <summary>What <see cref="RenewalFaults"/> does to lease renewal requests; every other request passes.</summary>
public enum RenewalFault
{
    None,

    /// <summary>The first renewal waits until its caller gives up on it; later ones pass.</summary>
    HangFirst,

    /// <summary>Every renewal fails in the transport, as when the storage account cannot be reached.</summary>
    FailAll,
}

/// <summary>
/// An HTTP transport for the Azure SDK that passes requests to Azurite, except blob lease renewals, which it hangs or
/// fails as told: the fault the renewed leases (timers' listener lock, scheduler, shared lease) must survive.
/// </summary>
public sealed class RenewalFaults(RenewalFault fault) : DelegatingHandler(new SocketsHttpHandler())
{
    private int _renewals;
    private int _abandoned;
    private int _succeeded;

    public int Abandoned => Volatile.Read(ref _abandoned);

    public int Succeeded => Volatile.Read(ref _succeeded);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var renewal = request.Headers.TryGetValues("x-ms-lease-action", out var actions) && actions.Contains("renew");
        if (renewal)
        {
            var number = Interlocked.Increment(ref _renewals);
            if (fault == RenewalFault.FailAll)
            {
                throw new HttpRequestException("Renewal refused by the test transport.");
            }

            if (fault == RenewalFault.HangFirst && number == 1)
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                finally
                {
                    Interlocked.Increment(ref _abandoned);
                }
            }
        }

        var response = await base.SendAsync(request, cancellationToken);
        if (renewal && response.IsSuccessStatusCode)
        {
            Interlocked.Increment(ref _succeeded);
        }

        return response;
    }
}
