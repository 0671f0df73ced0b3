using System.Text.Json.Nodes;
using Orchestrator.Api.Objects;
using Orchestrator.Api.Resources;

namespace Orchestrator.Api.Tables;

/// <summary>
/// Renders objects as the <c>meta.k8s.io/v1</c> Table that <c>kubectl get</c> asks for, with the columns
/// kube-apiserver prints for the kind (Name and Age for kinds it has no printer for).
/// </summary>
public static class TableRenderer
{
    /// <summary>
    /// A Table of <paramref name="objects"/> with ages measured at <paramref name="now"/>. Each row's object is the
    /// <c>PartialObjectMetadata</c> of the object (its metadata without managedFields). The Table's metadata is empty:
    /// the caller adds resourceVersion and continue. Watch events carry a one-row Table each, and only the first
    /// needs <paramref name="includeColumnDefinitions"/>. Pure: the objects are not changed.
    /// </summary>
    public static JsonObject Render(
        ResourceDefinition resource, IReadOnlyList<JsonObject> objects, DateTimeOffset now,
        bool includeColumnDefinitions = true)
    {
        var printer = KindPrinters.For(resource.Group, resource.Kind);

        var columns = new JsonArray();
        if (includeColumnDefinitions)
        {
            foreach (var column in printer.Columns)
            {
                columns.Add(new JsonObject
                {
                    ["name"] = column.Name,
                    ["type"] = column.Type,
                    ["format"] = column.Format,
                    ["description"] = column.Description,
                    ["priority"] = column.Priority,
                });
            }
        }

        var rows = new JsonArray();
        foreach (var obj in objects)
        {
            var row = new JsonObject { ["cells"] = printer.Cells(obj, now) };
            if (printer.Conditions(obj) is { } conditions)
            {
                row["conditions"] = conditions;
            }

            row["object"] = PartialObjectMetadata(obj);
            rows.Add(row);
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = new JsonObject(),
            ["columnDefinitions"] = columns,
            ["rows"] = rows,
        };
    }

    /// <summary>The object's metadata alone, as <c>meta.k8s.io/v1 PartialObjectMetadata</c>.</summary>
    public static JsonObject PartialObjectMetadata(JsonObject obj)
    {
        var metadata = obj.ObjectAt("metadata")?.DeepClone().AsObject() ?? [];
        metadata.Remove("managedFields");
        return new JsonObject
        {
            ["kind"] = "PartialObjectMetadata",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = metadata,
        };
    }
}
