// The one place that says which runtime these orchestrations are written against. Code written for Durable Functions on
// the isolated worker runs here with these lines in place of its Microsoft.Azure.Functions.Worker and
// Microsoft.DurableTask usings.
global using Serverless.DurableTask;
global using Serverless.DurableTask.Client;
global using Serverless.Worker;
global using Serverless.Worker.Http;
