[assembly: AssemblyFixture(typeof(Serverless.Testing.AzuriteFixture))]
