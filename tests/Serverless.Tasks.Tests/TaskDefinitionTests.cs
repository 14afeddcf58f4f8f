using System.ComponentModel.DataAnnotations;
using System.Text.Json;

namespace Serverless.Tasks.Tests;

public sealed class TaskDefinitionTests
{
    public sealed record Email([property: Required, EmailAddress] string To, [Range(1, 10)] int Copies = 1, [MaxLength(20)] string? Subject = null);

    public sealed class Window : IValidatableObject
    {
        public int From { get; set; }

        [Range(0, 100)]
        public int To { get; set; } = 10;

        public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
        {
            if (To < From)
            {
                yield return new ValidationResult("To must not be before From.", [nameof(To)]);
            }
        }
    }

    private static TaskDefinition Define(Type? parameters, string? defaults = null, TimeSpan? delay = null, TimeSpan? max = null, bool jitter = true) =>
        new("t", "tests", (_, _, _, _, _, _) => Task.FromResult<JsonElement?>(null))
        {
            ParametersType = parameters,
            DefaultParameters = defaults ?? (parameters is null ? null : "{}"),
            RetryDelay = delay ?? TimeSpan.FromSeconds(1),
            MaxRetryDelay = max ?? TimeSpan.FromMinutes(5),
            RetryJitter = jitter,
        };

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(3, 8)]
    [InlineData(5, 30)]
    [InlineData(1000, 30)]
    public void GetRetryDelay_NoJitter_DoublesUpToMax(int retry, int expectedSeconds)
    {
        var task = Define(null, delay: TimeSpan.FromSeconds(2), max: TimeSpan.FromSeconds(30), jitter: false);

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), task.GetRetryDelay(retry));
    }

    [Fact]
    public void GetRetryDelay_Jitter_BetweenHalfAndAll()
    {
        var task = Define(null, delay: TimeSpan.FromSeconds(4));
        var random = new Random(42);

        var delays = Enumerable.Range(0, 200).Select(_ => task.GetRetryDelay(2, random)).ToList();

        Assert.All(delays, d => Assert.InRange(d, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8)));
        Assert.True(delays.Distinct().Count() > 100);
    }

    [Fact]
    public void GetRetryDelay_RetryZero_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Define(null).GetRetryDelay(0));

    [Fact]
    public void ValidateParameters_Untyped_AnyJsonNullStaysNull()
    {
        var task = Define(null);

        Assert.Null(task.ValidateParameters(null));
        Assert.Null(task.ValidateParameters(Json("null")));
        Assert.Equal("[1,2]", task.ValidateParameters(Json("[1,2]"))!.Value.GetRawText());
    }

    [Fact]
    public void ValidateParameters_UntypedWithDefaults_MissingGetsDefaults()
    {
        var task = Define(null, defaults: """{"a":1}""");

        Assert.Equal("""{"a":1}""", task.ValidateParameters(null)!.Value.GetRawText());
    }

    [Fact]
    public void ValidateParameters_ValidRecord_NormalizedJson()
    {
        var task = Define(typeof(Email));

        var json = task.ValidateParameters(Json("""{"TO":"a@b.c"}"""))!.Value;

        Assert.Equal("""{"to":"a@b.c","copies":1,"subject":null}""", json.GetRawText());
    }

    [Fact]
    public void ValidateParameters_RecordConstructorAttributes_Checked()
    {
        var task = Define(typeof(Email));

        var e = Assert.Throws<TaskParametersException>(() =>
            task.ValidateParameters(Json("""{"to":"not-an-email","copies":11,"subject":"this subject is far too long"}""")));

        Assert.Equal("t", e.Task);
        Assert.Equal(["copies", "subject", "to"], e.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("between 1 and 10", e.Errors["copies"][0], StringComparison.Ordinal);
        Assert.Contains("'t'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateParameters_MissingUseDefaultsWhichFailRequired()
    {
        var task = Define(typeof(Email));

        var e = Assert.Throws<TaskParametersException>(() => task.ValidateParameters(null));

        Assert.Contains("required", e.Errors["to"][0], StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ValidateParameters_JsonTypeError_NamesPath()
    {
        var task = Define(typeof(Email));

        var e = Assert.Throws<TaskParametersException>(() => task.ValidateParameters(Json("""{"to":"a@b.c","copies":"many"}""")));

        Assert.Equal("$.copies", Assert.Single(e.Errors).Key);
    }

    [Fact]
    public void ValidateParameters_ValidatableObject_Checked()
    {
        var task = Define(typeof(Window));

        Assert.NotNull(task.ValidateParameters(Json("""{"from":1,"to":5}""")));
        var e = Assert.Throws<TaskParametersException>(() => task.ValidateParameters(Json("""{"from":9,"to":5}""")));
        Assert.Equal("To must not be before From.", Assert.Single(e.Errors["to"]));
        var range = Assert.Throws<TaskParametersException>(() => task.ValidateParameters(Json("""{"to":500}""")));
        Assert.Contains("between 0 and 100", range.Errors["to"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateParameters_TypedWithoutDeclaredDefaults_EmptyObject()
    {
        var task = new TaskDefinition("t", "tests", (_, _, _, _, _, _) => Task.FromResult<JsonElement?>(null)) { ParametersType = typeof(Window) };

        Assert.Equal("""{"from":0,"to":10}""", task.ValidateParameters(null)!.Value.GetRawText());
    }

    [Fact]
    public void ValidateParameters_NullForRecord_Refused()
    {
        var task = Define(typeof(Email), defaults: "null");

        var e = Assert.Throws<TaskParametersException>(() => task.ValidateParameters(Json("null")));

        Assert.Contains("$", e.Errors.Keys);
    }
}
