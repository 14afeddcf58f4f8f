namespace Serverless.Testing;

/// <summary>Looks at processes by id through /proc (Linux).</summary>
public static class Processes
{
    /// <summary>True while the process exists and is not a zombie (dead but not yet reaped by its parent).</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..][0];
            return state is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }
}
