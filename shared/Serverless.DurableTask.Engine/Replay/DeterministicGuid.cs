using System.Security.Cryptography;
using System.Text;

namespace Serverless.DurableTask.Engine.Replay;

/// <summary>Name-based UUIDs (RFC 4122 version 5, SHA-1), as Durable Functions' NewGuid builds them.</summary>
internal static class DeterministicGuid
{
    /// <summary>The namespace Durable Functions uses for orchestration GUIDs.</summary>
    public static readonly Guid DurableNamespace = new("9e952958-5e33-4daf-827f-2fa12937b875");

    public static Guid Create(Guid namespaceId, string name)
    {
        Span<byte> namespaceBytes = stackalloc byte[16];
        namespaceId.TryWriteBytes(namespaceBytes, bigEndian: true, out _);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var buffer = new byte[16 + nameBytes.Length];
        namespaceBytes.CopyTo(buffer);
        nameBytes.CopyTo(buffer, 16);
#pragma warning disable CA5350 // SHA-1 is what RFC 4122 version 5 prescribes; this is an identifier, not security.
        var hash = SHA1.HashData(buffer);
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
