using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MyElectricalData.ServiceDefaults;

namespace MyElectricalData.Tests.ServiceDefaults;

public sealed class RequestLoggingTests
{
    [Fact]
    public void ConfigurationCannotTurnOnTheRequestLinesThatPrintQueryStrings()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Information",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Information",
            [$"Logging:LogLevel:{Extensions.QueryLoggingCategory}"] = "Information",
        });
        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.AddServiceDefaults();
        using var host = builder.Build();

        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(Extensions.QueryLoggingCategory);

        logger.IsEnabled(LogLevel.Information).ShouldBeFalse();
        logger.IsEnabled(LogLevel.Warning).ShouldBeTrue();
    }
}
