using System.Reflection;

namespace MyElectricalData.Hosting;

/// <summary>
/// Lets a test run an AppHost's real <c>Program.cs</c> and take the builder it creates, the way
/// Aspire.Hosting.Testing does: the entry point runs until <c>Build()</c>, which hands the builder over and
/// stops the entry point there. The test then adjusts the model and builds it itself.
/// </summary>
public static class BuilderInterception
{
    private static readonly AsyncLocal<Interceptor?> Current = new();

    public static DistributedApplicationBuilder CaptureBuilder(Assembly appHostAssembly, DistributedApplicationOptions options)
    {
        var entryPoint = appHostAssembly.EntryPoint ?? throw new ArgumentException($"{appHostAssembly.GetName().Name} has no entry point.", nameof(appHostAssembly));
        var interceptor = new Interceptor(options);
        Current.Value = interceptor;
        try
        {
            entryPoint.Invoke(null, entryPoint.GetParameters().Length == 0 ? null : [options.Args]);
        }
        catch (TargetInvocationException e) when (e.InnerException is BuilderCapturedException)
        {
        }
        finally
        {
            Current.Value = null;
        }
        return interceptor.Builder ?? throw new InvalidOperationException("The AppHost's entry point never called DistributedApplicationBuilder.Build().");
    }

    /// <summary>The options the builder should use: the test's, when a test is capturing.</summary>
    internal static DistributedApplicationOptions OptionsFor(string[] args) =>
        Current.Value?.Options ?? new DistributedApplicationOptions { Args = args };

    internal static void OnBuild(DistributedApplicationBuilder builder)
    {
        if (Current.Value is { Builder: null } interceptor)
        {
            interceptor.Builder = builder;
            // Stops the entry point so that it neither builds nor runs anything.
            throw new BuilderCapturedException();
        }
    }

    private sealed class Interceptor(DistributedApplicationOptions options)
    {
        public DistributedApplicationOptions Options { get; } = options;

        public DistributedApplicationBuilder? Builder { get; set; }
    }

    private sealed class BuilderCapturedException : Exception;
}
