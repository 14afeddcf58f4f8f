[assembly: AssemblyFixture(typeof(Serverless.Functions.EndToEnd.Tests.FunctionsApp))]
