using System.Reflection;
using System.Reflection.Emit;
using Azure.Storage.Queues.Models;
using Microsoft.Azure.WebJobs;
using Microsoft.Azure.WebJobs.Extensions.DurableTask;
using Binder = Microsoft.Azure.WebJobs.Binder;

namespace Serverless.FunctionsHost.WebJobs;

/// <summary>
/// Generates, at start, the methods the WebJobs SDK indexes: one per worker function, named <c>Host.Functions.{name}</c>
/// as under the Functions host, whose parameters carry the host-side extensions' own attributes made from the
/// worker's binding metadata, and whose body hands the bound values to <see cref="GeneratedFunctionsBase"/>.
/// The parameter order is the contract with <see cref="FunctionDispatcher"/>: trigger, Durable clients, then the
/// <see cref="Binder"/> when there are queue outputs, then the cancellation token.
/// </summary>
internal static class FunctionGenerator
{
    public const string TypeName = "Host.Functions";

    private static readonly MethodInfo Invoke = typeof(GeneratedFunctionsBase).GetMethod("InvokeAsync", BindingFlags.Instance | BindingFlags.NonPublic)!;

    public static Type Generate(IReadOnlyList<FunctionDescriptor> functions)
    {
        var assembly = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("Host.Functions.Generated"), AssemblyBuilderAccess.Run);
        var module = assembly.DefineDynamicModule("Host.Functions.Generated");
        var type = module.DefineType(TypeName, TypeAttributes.Public | TypeAttributes.Sealed | TypeAttributes.Class, typeof(GeneratedFunctionsBase));
        DefineConstructor(type);
        foreach (var function in functions)
        {
            DefineMethod(type, function);
        }

        if (functions.Any(f => f.Kind is TriggerKind.Orchestration or TriggerKind.Activity or TriggerKind.Entity || f.DurableClients.Count > 0))
        {
            DefineDurableClientProbe(type);
        }

        return type.CreateType();
    }

    /// <summary>The parameters of a function's generated method, in the dispatcher's order.</summary>
    public static IReadOnlyList<(Type Type, string Name, CustomAttributeBuilder? Attribute)> Parameters(FunctionDescriptor function)
    {
        var parameters = new List<(Type, string, CustomAttributeBuilder?)> { Trigger(function) };
        foreach (var client in function.DurableClients)
        {
            parameters.Add((typeof(string), client.Name, Attribute<DurableClientAttribute>([], ("TaskHub", client.String("taskHub")), ("ConnectionName", client.String("connectionName")))));
        }

        if (function.QueueOutputs.Count > 0)
        {
            parameters.Add((typeof(Binder), "__binder", null));
        }

        parameters.Add((typeof(CancellationToken), "__cancellationToken", null));
        return parameters;
    }

    private static (Type, string, CustomAttributeBuilder?) Trigger(FunctionDescriptor function)
    {
        var trigger = function.Trigger;
        return function.Kind switch
        {
            TriggerKind.Http => (typeof(string), HttpInvocationParameter, null),
            TriggerKind.Queue => (typeof(QueueMessage), trigger.Name,
                Attribute<QueueTriggerAttribute>([trigger.String("queueName")!], ("Connection", trigger.String("connection")))),
            TriggerKind.Timer => (typeof(TimerInfo), trigger.Name,
                Attribute<TimerTriggerAttribute>([trigger.String("schedule")!], ("RunOnStartup", trigger.Bool("runOnStartup") ?? false), ("UseMonitor", trigger.Bool("useMonitor") ?? true))),
            TriggerKind.Orchestration => (typeof(string), trigger.Name, Attribute<OrchestrationTriggerAttribute>([], ("Orchestration", function.Name))),
            TriggerKind.Activity => (typeof(string), trigger.Name, Attribute<ActivityTriggerAttribute>([], ("Activity", function.Name))),
            TriggerKind.Entity => (typeof(string), trigger.Name, Attribute<EntityTriggerAttribute>([], ("EntityName", function.Name))),
            _ => throw new InvalidOperationException($"No trigger parameter for {function.Kind}."),
        };
    }

    /// <summary>The argument an HTTP function is called with: the invocation id its request is stored under.</summary>
    public const string HttpInvocationParameter = "__invocationId";

    /// <summary>
    /// A host-only function (not the app's) whose one parameter is a Durable client binding: calling it gives the
    /// host the same client JSON a worker's [DurableClient] receives, from which it makes its own DurableTaskClient.
    /// </summary>
    public const string DurableClientProbe = "Host-DurableClientProbe";

    private static void DefineDurableClientProbe(TypeBuilder type)
    {
        var probe = new FunctionDescriptor(DurableClientProbe, TriggerKind.Http, new BindingMetadata("probe", "httpTrigger", false, []), [new BindingMetadata("client", "durableClient", false, [])], []);
        DefineMethod(type, probe, [(typeof(string), "client", Attribute<DurableClientAttribute>([])), (typeof(CancellationToken), "__cancellationToken", null)]);
    }

    private static void DefineConstructor(TypeBuilder type)
    {
        var baseConstructor = typeof(GeneratedFunctionsBase).GetConstructors(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public).Single();
        var constructor = type.DefineConstructor(MethodAttributes.Public, CallingConventions.Standard, [typeof(IGeneratedFunctionInvoker)]);
        var il = constructor.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Call, baseConstructor);
        il.Emit(OpCodes.Ret);
    }

    private static void DefineMethod(TypeBuilder type, FunctionDescriptor function, IReadOnlyList<(Type Type, string Name, CustomAttributeBuilder? Attribute)>? parameters = null)
    {
        parameters ??= Parameters(function);
        var returnType = function.Kind is TriggerKind.Orchestration or TriggerKind.Activity or TriggerKind.Entity ? typeof(Task<object>) : typeof(Task);
        var method = type.DefineMethod(function.Name, MethodAttributes.Public, returnType, [.. parameters.Select(p => p.Type)]);
        method.SetCustomAttribute(Attribute<FunctionNameAttribute>([function.Name]));
        if (function.Kind == TriggerKind.Http)
        {
            method.SetCustomAttribute(Attribute<NoAutomaticTriggerAttribute>([]));
        }

        for (var i = 0; i < parameters.Count; i++)
        {
            var parameter = method.DefineParameter(i + 1, ParameterAttributes.None, parameters[i].Name);
            if (parameters[i].Attribute is { } attribute)
            {
                parameter.SetCustomAttribute(attribute);
            }
        }

        var il = method.GetILGenerator();
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldstr, function.Name);
        il.Emit(OpCodes.Ldc_I4, parameters.Count);
        il.Emit(OpCodes.Newarr, typeof(object));
        for (var i = 0; i < parameters.Count; i++)
        {
            il.Emit(OpCodes.Dup);
            il.Emit(OpCodes.Ldc_I4, i);
            il.Emit(OpCodes.Ldarg, (short)(i + 1));
            if (parameters[i].Type.IsValueType)
            {
                il.Emit(OpCodes.Box, parameters[i].Type);
            }

            il.Emit(OpCodes.Stelem_Ref);
        }

        il.Emit(OpCodes.Call, Invoke);
        il.Emit(OpCodes.Ret);
    }

    /// <summary>An attribute with constructor arguments and the named properties that have a value.</summary>
    private static CustomAttributeBuilder Attribute<T>(object[] arguments, params (string Name, object? Value)[] properties)
        where T : Attribute
    {
        var constructor = typeof(T).GetConstructor([.. arguments.Select(a => a.GetType())])
                          ?? throw new InvalidOperationException($"{typeof(T).Name} has no constructor for these arguments.");
        var set = properties.Where(p => p.Value is not null).ToArray();
        return new CustomAttributeBuilder(
            constructor,
            arguments,
            [.. set.Select(p => typeof(T).GetProperty(p.Name)!)],
            [.. set.Select(p => p.Value!)]);
    }
}
