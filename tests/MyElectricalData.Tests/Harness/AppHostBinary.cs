using System.Reflection;

namespace MyElectricalData.Tests.Harness;

/// <summary>The AppHost as its own build left it (with its own dependencies), to run as a separate process like azd or a developer.</summary>
public static class AppHostBinary
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        var project = Projects.MyElectricalData_AppHost.ProjectPath;
        if (!Directory.Exists(project))
        {
            project = System.IO.Path.GetDirectoryName(project)!;
        }
        var configuration = typeof(AppHostBinary).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var path = System.IO.Path.Combine(project, "bin", configuration, "net" + Environment.Version.ToString(2), "MyElectricalData.AppHost.dll");
        return File.Exists(path) ? path : throw new InvalidOperationException($"The AppHost is not built: {path}");
    }
}
