namespace Orchestrator.EndToEnd.Tests.Support;

/// <summary>Writes manifests as files, as users keep them, under the stack's directory.</summary>
internal static class Manifests
{
    public static string Write(string name, string yaml)
    {
        var path = Path.Combine(ApiStack.Current.Directory, "manifests", name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, yaml);
        return path;
    }

    public static string Deployment(string name, string ns, int replicas, string image, string envValue) => $$"""
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: {{name}}
          namespace: {{ns}}
          labels: {app: {{name}}}
        spec:
          replicas: {{replicas}}
          selector:
            matchLabels: {app: {{name}}}
          template:
            metadata:
              labels: {app: {{name}}}
            spec:
              containers:
              - name: app
                image: {{image}}
                env:
                - {name: A, value: "{{envValue}}"}
        """;
}
