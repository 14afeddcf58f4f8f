using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;

namespace Serverless.Tasks;

/// <summary>
/// Reads run parameters into a task's parameter type and checks its DataAnnotations: attributes on properties, on the
/// primary constructor parameters of records (where C# puts the attributes of positional parameters) and
/// <see cref="IValidatableObject"/>.
/// </summary>
internal static class TaskParameters
{
    private static readonly ConcurrentDictionary<Type, (PropertyInfo Property, ValidationAttribute[] Attributes)[]> ConstructorRules = new();

    /// <summary>True when JSON is absent (no element, undefined or null).</summary>
    public static bool IsMissing(JsonElement? json) => json is not { } e || e.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null;

    /// <summary>Deserializes and validates; errors map member (JSON name or path; "$" for the whole object) to messages.</summary>
    public static object? Read(Type type, JsonElement json, out Dictionary<string, string[]> errors)
    {
        errors = [];
        object? value;
        try
        {
            value = json.Deserialize(type, TaskJson.Options);
        }
        catch (JsonException e)
        {
            errors[string.IsNullOrEmpty(e.Path) ? "$" : e.Path] = [e.Message];
            return null;
        }
        catch (NotSupportedException e)
        {
            errors["$"] = [e.Message];
            return null;
        }

        if (value is null)
        {
            if (type.IsClass || Nullable.GetUnderlyingType(type) is not null)
            {
                errors["$"] = ["parameters are required (got null)."];
            }

            return value;
        }

        Validate(value, errors);
        return value;
    }

    private static void Validate(object value, Dictionary<string, string[]> errors)
    {
        if (value is JsonElement || value.GetType().IsPrimitive || value is string)
        {
            return;
        }

        var found = new Dictionary<string, List<string>>();
        void Add(IEnumerable<string> members, string? message)
        {
            var names = members.ToList();
            foreach (var member in names.Count == 0 ? ["$"] : names)
            {
                var key = member == "$" ? member : JsonName(member);
                if (!found.TryGetValue(key, out var list))
                {
                    found[key] = list = [];
                }

                if (message is not null && !list.Contains(message))
                {
                    list.Add(message);
                }
            }
        }

        // Record constructor parameters first: their attributes are invisible to Validator.
        foreach (var (property, attributes) in ConstructorRules.GetOrAdd(value.GetType(), FindConstructorRules))
        {
            var member = property.GetValue(value);
            var context = new ValidationContext(value) { MemberName = property.Name, DisplayName = property.Name };
            foreach (var attribute in attributes)
            {
                if (attribute.GetValidationResult(member, context) is { } result && result != ValidationResult.Success)
                {
                    Add(result.MemberNames.Any() ? result.MemberNames : [property.Name], result.ErrorMessage);
                }
            }
        }

        var results = new List<ValidationResult>();
        if (found.Count == 0)
        {
            // Property attributes, then (when they pass) IValidatableObject.
            Validator.TryValidateObject(value, new ValidationContext(value), results, validateAllProperties: true);
        }
        else
        {
            // Constructor parameters failed already: check the property attributes only, not IValidatableObject on an invalid object.
            foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.CanRead && property.GetIndexParameters().Length == 0)
                {
                    var context = new ValidationContext(value) { MemberName = property.Name };
                    Validator.TryValidateProperty(property.GetValue(value), context, results);
                }
            }
        }

        foreach (var result in results)
        {
            Add(result.MemberNames, result.ErrorMessage);
        }

        foreach (var (key, list) in found)
        {
            errors[key] = [.. list];
        }
    }

    private static string JsonName(string member) => TaskJson.Options.PropertyNamingPolicy?.ConvertName(member) ?? member;

    private static (PropertyInfo, ValidationAttribute[])[] FindConstructorRules(Type type)
    {
        var rules = new List<(PropertyInfo, ValidationAttribute[])>();
        foreach (var constructor in type.GetConstructors())
        {
            foreach (var parameter in constructor.GetParameters())
            {
                var attributes = parameter.GetCustomAttributes<ValidationAttribute>(inherit: true).ToArray();
                if (attributes.Length == 0 || parameter.Name is null
                    || type.GetProperty(parameter.Name, BindingFlags.Public | BindingFlags.Instance) is not { CanRead: true } property)
                {
                    continue;
                }

                // The same attribute on the property as well is checked by Validator already.
                var own = property.GetCustomAttributes<ValidationAttribute>(inherit: true).Select(a => a.GetType()).ToHashSet();
                var extra = attributes.Where(a => !own.Contains(a.GetType())).ToArray();
                if (extra.Length > 0 && !rules.Any(r => r.Item1 == property))
                {
                    rules.Add((property, extra));
                }
            }
        }

        return [.. rules];
    }
}
