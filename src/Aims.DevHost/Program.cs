using Aims.Application;
using Aims.Application.Demo;
using Aims.DevHost;

var builder = WebApplication.CreateBuilder(args);

// The demo directory ships beside the host; an explicit Directory:LocalFile still wins.
if (builder.Configuration["Directory:Provider"] == "LocalFile" && string.IsNullOrWhiteSpace(builder.Configuration["Directory:LocalFile"]))
{
    builder.Configuration["Directory:LocalFile"] = Path.Combine(AppContext.BaseDirectory, "demo-directory.json");
}

builder.Services.AddAims(builder.Configuration, "DevHost");
builder.Services.AddAimsTelemetry(builder.Configuration, "DevHost"); // only with APPLICATIONINSIGHTS_CONNECTION_STRING
builder.Services.AddLocalFunctionsRuntime(builder.Configuration);

var app = builder.Build();
app.MapAimsRoutes();
app.Run();

/// <summary>Visible to WebApplicationFactory in tests.</summary>
public partial class Program;
