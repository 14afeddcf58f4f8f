namespace Serverless.Worker;

/// <summary>Base of every binding attribute. The host finds a binding provider for each attribute it meets.</summary>
public abstract class BindingAttribute : Attribute
{
}

/// <summary>Base of trigger attributes: exactly one parameter of a function carries one.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public abstract class TriggerBindingAttribute : BindingAttribute
{
}

/// <summary>Base of input binding attributes on function parameters.</summary>
[AttributeUsage(AttributeTargets.Parameter)]
public abstract class InputBindingAttribute : BindingAttribute
{
}

/// <summary>Base of output binding attributes: on the method (its return value) or on properties of the return type.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Property | AttributeTargets.ReturnValue)]
public abstract class OutputBindingAttribute : BindingAttribute
{
}

/// <summary>Marks the property of a multi-output return type that carries the HTTP response.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class HttpResultAttribute : Attribute
{
}
