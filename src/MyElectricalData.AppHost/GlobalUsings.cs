global using Aspire.Hosting.ApplicationModel;
global using Microsoft.Extensions.Configuration;
global using Microsoft.Extensions.DependencyInjection;
global using Microsoft.Extensions.Hosting;
global using Microsoft.Extensions.Logging;
global using Microsoft.Extensions.Logging.Abstractions;

// The AppHost starts Linux processes (redis-server, postgres, setpriv) and sets Unix file modes.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
