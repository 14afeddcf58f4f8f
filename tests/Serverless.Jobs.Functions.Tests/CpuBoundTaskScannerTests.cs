using System.Reflection;
using System.Reflection.Emit;

namespace Serverless.Jobs.Functions.Tests;

/// <summary>Declarations the scanner rejects, built as dynamic assemblies so no host of these tests sees them.</summary>
public sealed class CpuBoundTaskScannerTests
{
    [Fact]
    public void Scan_WrongSignatureAndInstanceMethod_ThrowsNamingEachMethod()
    {
        var assembly = Declare(
            ("Bad.Tasks", "NoParameters", "no_parameters", MethodAttributes.Public | MethodAttributes.Static, typeof(Task<int>), Type.EmptyTypes),
            ("Bad.Tasks", "OnInstance", "on_instance", MethodAttributes.Public, typeof(Task<int>), [typeof(JobContext), typeof(int), typeof(CancellationToken)]),
            ("Bad.Tasks", "ReturnsInt", "returns_int", MethodAttributes.Public | MethodAttributes.Static, typeof(int), [typeof(JobContext), typeof(int), typeof(CancellationToken)]));

        var error = Assert.Throws<InvalidOperationException>(() => CpuBoundTaskScanner.Scan([assembly]));

        Assert.Contains("'Bad.Tasks.NoParameters': expected parameters (JobContext, TInput, CancellationToken)", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Bad.Tasks.OnInstance': a CPU-bound task must be a static method", error.Message, StringComparison.Ordinal);
        Assert.Contains("'Bad.Tasks.ReturnsInt': expected the return type Task<TOutput>", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_SameNameTwice_ThrowsNamingTheDuplicate()
    {
        var parameters = new[] { typeof(JobContext), typeof(int), typeof(CancellationToken) };
        var assembly = Declare(
            ("Dup.Tasks", "First", "same", MethodAttributes.Public | MethodAttributes.Static, typeof(Task<int>), parameters),
            ("Dup.Tasks", "Second", "SAME", MethodAttributes.Public | MethodAttributes.Static, typeof(Task<int>), parameters));

        var error = Assert.Throws<InvalidOperationException>(() => CpuBoundTaskScanner.Scan([assembly]));

        Assert.Contains("named 'SAME' is declared more than once", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_ValidDeclaration_DescribesTaskWithDefaultResources()
    {
        var assembly = Declare(("Ok.Tasks", "Run", "ok_task", MethodAttributes.Public | MethodAttributes.Static, typeof(Task<string>),
            [typeof(JobContext), typeof(int), typeof(CancellationToken)]));

        var task = Assert.Single(CpuBoundTaskScanner.Scan([assembly]));

        Assert.Equal(("ok_task", typeof(int), typeof(string), 1), (task.Name, task.InputType, task.OutputType, task.Resources.Ranks));
        Assert.Equal("ok_task: cpuBoundJob (ranks 1, cpus 1, memory 2 GiB, timeout default)", task.Describe());
    }

    /// <summary>A dynamic assembly with one class per type name holding [CpuBoundTask] methods that throw.</summary>
    private static Assembly Declare(params (string Type, string Method, string Task, MethodAttributes Attributes, Type Returns, Type[] Parameters)[] methods)
    {
        var assembly = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("CpuBoundScan" + Guid.NewGuid().ToString("N")), AssemblyBuilderAccess.Run);
        var module = assembly.DefineDynamicModule("main");
        var attribute = typeof(CpuBoundTaskAttribute).GetConstructor([typeof(string)])!;
        foreach (var group in methods.GroupBy(m => m.Type))
        {
            var type = module.DefineType(group.Key, TypeAttributes.Public | TypeAttributes.Class);
            type.DefineDefaultConstructor(MethodAttributes.Public);
            foreach (var m in group)
            {
                var method = type.DefineMethod(m.Method, m.Attributes, m.Returns, m.Parameters);
                method.SetCustomAttribute(new CustomAttributeBuilder(attribute, [m.Task]));
                var il = method.GetILGenerator();
                il.Emit(OpCodes.Ldnull);
                il.Emit(OpCodes.Throw);
            }

            type.CreateType();
        }

        return assembly;
    }
}
