[assembly: AssemblyFixture(typeof(Serverless.FunctionsHost.Tests.SharedHost))]
