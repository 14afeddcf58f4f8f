namespace Serverless.Storage.Leases;

/// <summary>
/// How a <see cref="RenewedBlobLease"/> is held: the blob lease <paramref name="Period"/> (15 to 60 s), renewed every
/// <paramref name="RenewalInterval"/> (also the longest one renewal attempt may take), read and waited on
/// <paramref name="Clock"/>.
/// </summary>
internal sealed record LeaseTiming(TimeSpan Period, TimeSpan RenewalInterval, TimeProvider Clock)
{
    /// <summary>How long before the period's end the lease counts as no longer held: a host stops before another starts.</summary>
    public static readonly TimeSpan SafetyMargin = TimeSpan.FromSeconds(1);

    /// <summary>The wait after a failed or abandoned renewal before the next attempt.</summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);
}
