using System.Text.Json.Nodes;
using Orchestrator.Api.Schema;
using Orchestrator.Api.Server;

namespace Orchestrator.Api.Apply;

/// <summary>
/// Merges an applied configuration into a live object: objects and free maps field by field, map and set lists item
/// by item (the configuration's order wins for the items it names; the others keep their place), and everything
/// atomic replaced whole. Returns a new tree; neither input is changed.
/// </summary>
internal static class ObjectMerge
{
    public static JsonObject Merge(JsonObject live, JsonObject config, SchemaNode? schema) =>
        Walk([], true, live, true, config, schema)!.AsObject();

    private static JsonNode? Walk(
        List<PathElement> path, bool hasLive, JsonNode? live, bool hasConfig, JsonNode? config, SchemaNode? schema)
    {
        if (!hasConfig)
        {
            return live?.DeepClone();
        }

        return ApplySchema.SharedShape(schema, hasLive, live, hasConfig, config) switch
        {
            NodeShape.Struct or NodeShape.FreeMap when hasLive =>
                MergeFields(path, live!.AsObject(), config!.AsObject(), schema),
            NodeShape.MapList or NodeShape.SetList when hasLive =>
                MergeItems(path, live!.AsArray(), config!.AsArray(), schema!),
            _ => config?.DeepClone(),
        };
    }

    private static JsonObject MergeFields(
        List<PathElement> path, JsonObject live, JsonObject config, SchemaNode? schema)
    {
        var result = new JsonObject();
        foreach (var key in live.Select(p => p.Key).Concat(config.Select(p => p.Key)).Distinct().ToList())
        {
            var hasLive = live.TryGetPropertyValue(key, out var liveValue);
            var hasConfig = config.TryGetPropertyValue(key, out var configValue);
            result[key] = Walk(
                [.. path, PathElement.Field(key)], hasLive, liveValue, hasConfig, configValue,
                ApplySchema.Child(schema, key).Schema);
        }

        return result;
    }

    private static JsonArray MergeItems(List<PathElement> path, JsonArray live, JsonArray config, SchemaNode schema)
    {
        var liveItems = Identify(path, live, schema);
        var configItems = Identify(path, config, schema);
        var liveByElement = new Dictionary<PathElement, JsonNode?>();
        liveItems.ForEach(p => liveByElement.TryAdd(p.Element, p.Item));
        var configByElement = new Dictionary<PathElement, JsonNode?>();
        foreach (var (element, item) in configItems)
        {
            if (!configByElement.TryAdd(element, item))
            {
                throw ApiErrors.BadRequest($"{new FieldPath(path)}: duplicate entries for key {element}");
            }
        }

        var shared = new Queue<PathElement>(configItems.Select(p => p.Element).Where(liveByElement.ContainsKey));
        shared.TryDequeue(out var nextShared);
        var emitted = new HashSet<PathElement>();
        var result = new JsonArray();

        void EmitConfigItem(PathElement element, JsonNode? item)
        {
            emitted.Add(element);
            var hasLive = liveByElement.TryGetValue(element, out var liveItem);
            result.Add(Walk([.. path, element], hasLive, liveItem, true, item, schema.Items));
            if (Equals(nextShared, element))
            {
                shared.TryDequeue(out nextShared);
            }
        }

        var (l, c) = (0, 0);
        while (l < liveItems.Count || c < configItems.Count)
        {
            if (l < liveItems.Count && c < configItems.Count)
            {
                if (liveItems[l].Element.Equals(configItems[c].Element))
                {
                    EmitConfigItem(configItems[c].Element, configItems[c].Item);
                    (l, c) = (l + 1, c + 1);
                    continue;
                }

                // A live item the configuration moves further down waits until the configuration reaches it.
                if (configByElement.ContainsKey(liveItems[l].Element) && nextShared is not null &&
                    !nextShared.Equals(liveItems[l].Element))
                {
                    l++;
                    continue;
                }
            }

            if (l < liveItems.Count)
            {
                var element = liveItems[l].Element;
                if (!configByElement.ContainsKey(element))
                {
                    if (emitted.Add(element))
                    {
                        result.Add(liveItems[l].Item?.DeepClone());
                    }

                    l++;
                    continue;
                }

                if (emitted.Contains(element))
                {
                    l++;
                }
            }

            if (c < configItems.Count)
            {
                EmitConfigItem(configItems[c].Element, configItems[c].Item);
                c++;
            }
        }

        return result;
    }

    private static List<(PathElement Element, JsonNode? Item)> Identify(
        List<PathElement> path, JsonArray items, SchemaNode schema) =>
        items.Select((item, i) => (ApplySchema.ItemElement(schema, item, path, i), item)).ToList();
}
