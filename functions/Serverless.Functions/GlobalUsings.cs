// The one place that says which runtime this app's functions are written against. Code written for the Azure
// Functions isolated worker runs here with these lines in place of its Microsoft.Azure.Functions.Worker usings.
global using Serverless.Worker;
global using Serverless.Worker.Http;
