namespace Orchestrator.Api.Tests.Patching;

public sealed partial class StrategicMergePatchTests
{
    /// <summary>The container the cases write as <c>&lt;app&gt;</c>.</summary>
    private const string App = """{"name":"app","image":"app:1","env":[{"name":"A","value":"1"}]}""";

    public static IEnumerable<object[]> Cases =>
    [
        Row(
            "maps merge and a null deletes a key",
            """{"metadata":{"labels":{"a":"1","b":"2"}}}""",
            """{"metadata":{"labels":{"b":null,"c":"3"}}}""",
            """{"metadata":{"labels":{"a":"1","c":"3"}}}"""),
        Row(
            "kubectl apply, second time: replicas, annotation, env merged by name in $setElementOrder",
            """
            {"apiVersion":"apps/v1","kind":"Deployment",
             "metadata":{"name":"web","annotations":{"kubectl.kubernetes.io/last-applied-configuration":"old"}},
             "spec":{"replicas":3,"template":{"spec":{"containers":[<app>]}}}}
            """,
            """
            {"metadata":{"annotations":{"kubectl.kubernetes.io/last-applied-configuration":"new"}},
             "spec":{"replicas":4,"template":{"spec":{"$setElementOrder/containers":[{"name":"app"}],
              "containers":[{"$setElementOrder/env":[{"name":"A"}],"env":[{"name":"A","value":"2"}],"name":"app"}]}}}}
            """,
            """
            {"apiVersion":"apps/v1","kind":"Deployment",
             "metadata":{"name":"web","annotations":{"kubectl.kubernetes.io/last-applied-configuration":"new"}},
             "spec":{"replicas":4,"template":{"spec":{"containers":[
              {"name":"app","image":"app:1","env":[{"name":"A","value":"2"}]}]}}}}
            """),
        Row(
            "kubectl apply removing one env var and adding another",
            """
            {"spec":{"template":{"spec":{"containers":[
             {"name":"app","env":[{"name":"A","value":"1"},{"name":"B","value":"2"}]}]}}}}
            """,
            """
            {"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"app"}],"containers":[
             {"$setElementOrder/env":[{"name":"A"},{"name":"C"}],
              "env":[{"name":"C","value":"3"},{"$patch":"delete","name":"B"}],"name":"app"}]}}}}
            """,
            """
            {"spec":{"template":{"spec":{"containers":[
             {"name":"app","env":[{"name":"A","value":"1"},{"name":"C","value":"3"}]}]}}}}
            """),
        Row(
            "kubectl set image changes one container and keeps the order",
            """{"spec":{"template":{"spec":{"containers":[<app>,{"name":"sidecar","image":"side:1"}]}}}}""",
            """
            {"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"app"},{"name":"sidecar"}],
             "containers":[{"image":"side:2","name":"sidecar"}]}}}}
            """,
            """{"spec":{"template":{"spec":{"containers":[<app>,{"name":"sidecar","image":"side:2"}]}}}}"""),
        Row(
            "kubectl rollout restart adds the restartedAt annotation",
            """{"spec":{"replicas":1,"template":{"spec":{"containers":[<app>]}}}}""",
            """
            {"spec":{"template":{"metadata":{"annotations":
             {"kubectl.kubernetes.io/restartedAt":"2025-06-01T10:00:00Z"}}}}}
            """,
            """
            {"spec":{"replicas":1,"template":{
             "metadata":{"annotations":{"kubectl.kubernetes.io/restartedAt":"2025-06-01T10:00:00Z"}},
             "spec":{"containers":[<app>]}}}}
            """),
        Row(
            "an item is deleted by its merge key",
            """{"spec":{"template":{"spec":{"containers":[<app>,{"name":"sidecar"}]}}}}""",
            """{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","$patch":"delete"}]}}}}""",
            """{"spec":{"template":{"spec":{"containers":[<app>]}}}}"""),
        Row(
            "kubectl apply after a container left the manifest",
            """{"spec":{"template":{"spec":{"containers":[<app>,{"name":"sidecar"}]}}}}""",
            """
            {"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"app"}],
             "containers":[{"$patch":"delete","name":"sidecar"}]}}}}
            """,
            """{"spec":{"template":{"spec":{"containers":[<app>]}}}}"""),
        Row(
            "a delete removes every item with that key",
            """
            {"spec":{"template":{"spec":{"containers":[{"name":"app","env":[{"name":"A"},{"name":"A"},
            {"name":"B"}]}]}}}}
            """,
            """{"spec":{"template":{"spec":{"containers":[{"name":"app","env":[{"name":"A","$patch":"delete"}]}]}}}}""",
            """{"spec":{"template":{"spec":{"containers":[{"name":"app","env":[{"name":"B"}]}]}}}}"""),
        Row(
            "a new item without $setElementOrder goes first, as upstream orders it",
            """{"spec":{"template":{"spec":{"containers":[<app>]}}}}""",
            """{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"s"}]}}}}""",
            """{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"s"},<app>]}}}}"""),
        Row(
            "a new item with $setElementOrder goes where it says; nulls in it are dropped",
            """{"spec":{"template":{"spec":{"containers":[<app>]}}}}""",
            """
            {"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"app"},{"name":"sidecar"}],
             "containers":[{"name":"sidecar","image":"s","args":null}]}}}}
            """,
            """{"spec":{"template":{"spec":{"containers":[<app>,{"name":"sidecar","image":"s"}]}}}}"""),
        Row(
            "patch items keep the patch's order, the others keep their place",
            """{"spec":{"template":{"spec":{"containers":[{"name":"c1"},{"name":"c2","image":"b"},{"name":"c3"}]}}}}""",
            """{"spec":{"template":{"spec":{"containers":[{"name":"c3","image":"c"},{"name":"c1","image":"a"}]}}}}""",
            """
            {"spec":{"template":{"spec":{"containers":[
             {"name":"c2","image":"b"},{"name":"c3","image":"c"},{"name":"c1","image":"a"}]}}}}
            """),
        Row(
            "$setElementOrder may name items that are in neither list",
            """{"spec":{"template":{"spec":{"containers":[{"name":"c1"},{"name":"c3"}]}}}}""",
            """
            {"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"c3"},{"name":"c2"},{"name":"c1"}],
             "containers":[{"name":"c3","image":"3"},{"name":"c1","image":"1"}]}}}}
            """,
            """{"spec":{"template":{"spec":{"containers":[{"name":"c3","image":"3"},{"name":"c1","image":"1"}]}}}}"""),
        Row(
            "ports merge on containerPort",
            """
            {"spec":{"template":{"spec":{"containers":[{"name":"app","ports":[{"containerPort":80,"name":"http"}]}]}}}}
            """,
            """
            {"spec":{"template":{"spec":{"containers":[{"name":"app",
             "$setElementOrder/ports":[{"containerPort":80},{"containerPort":443}],
             "ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":443,"name":"https"}]}]}}}}
            """,
            """
            {"spec":{"template":{"spec":{"containers":[{"name":"app","ports":[
             {"containerPort":80,"name":"http","protocol":"TCP"},{"containerPort":443,"name":"https"}]}]}}}}
            """),
        Row(
            "volumes merge on name and $retainKeys switches a volume's source",
            """
            {"spec":{"template":{"spec":{"volumes":[
             {"name":"config","configMap":{"name":"cm"}},{"name":"scratch","emptyDir":{}}]}}}}
            """,
            """
            {"spec":{"template":{"spec":{"$setElementOrder/volumes":[{"name":"config"},{"name":"scratch"}],
             "volumes":[{"$retainKeys":["emptyDir","name"],"configMap":null,"emptyDir":{},"name":"config"}]}}}}
            """,
            """
            {"spec":{"template":{"spec":{"volumes":[{"name":"config","emptyDir":{}},{"name":"scratch",
            "emptyDir":{}}]}}}}
            """),
        Row(
            "$retainKeys on the strategy: RollingUpdate to Recreate removes rollingUpdate",
            """
            {"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%","maxUnavailable":"25%"}}}}
            """,
            """{"spec":{"strategy":{"$retainKeys":["type"],"rollingUpdate":null,"type":"Recreate"}}}""",
            """{"spec":{"strategy":{"type":"Recreate"}}}"""),
        Row(
            "$retainKeys alone clears the keys it does not list",
            """{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1}}}}""",
            """{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}""",
            """{"spec":{"strategy":{"type":"Recreate"}}}"""),
        Row(
            "without $retainKeys the strategy merges",
            """{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1}}}}""",
            """{"spec":{"strategy":{"rollingUpdate":{"maxUnavailable":0}}}}""",
            """{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1,"maxUnavailable":0}}}}"""),
        Row(
            "a merged list of primitives is a union in upstream's order",
            """{"metadata":{"finalizers":["a","b"]}}""",
            """{"metadata":{"finalizers":["c","a"]}}""",
            """{"metadata":{"finalizers":["c","a","b"]}}"""),
        Row(
            "a merged list of primitives keeps the patch's order around untouched items",
            """{"metadata":{"finalizers":["1","2","3"]}}""",
            """{"metadata":{"finalizers":["3","1"]}}""",
            """{"metadata":{"finalizers":["2","3","1"]}}"""),
        Row(
            "$deleteFromPrimitiveList removes values",
            """{"metadata":{"finalizers":["a","b","c"]}}""",
            """{"metadata":{"$deleteFromPrimitiveList/finalizers":["b","z"]}}""",
            """{"metadata":{"finalizers":["a","c"]}}"""),
        Row(
            "$setElementOrder and $deleteFromPrimitiveList together",
            """{"metadata":{"finalizers":["a","b","c"]}}""",
            """{"metadata":{"$setElementOrder/finalizers":["c","a"],"$deleteFromPrimitiveList/finalizers":["b"]}}""",
            """{"metadata":{"finalizers":["c","a"]}}"""),
        Row(
            "$deleteFromPrimitiveList on an absent list adds nothing",
            """{"metadata":{"name":"x"}}""",
            """{"metadata":{"$deleteFromPrimitiveList/finalizers":["b"]}}""",
            """{"metadata":{"name":"x"}}"""),
        Row(
            "$setElementOrder alone reorders a primitive list",
            """{"metadata":{"finalizers":["1","3"]}}""",
            """{"metadata":{"$setElementOrder/finalizers":["3","2","1"]}}""",
            """{"metadata":{"finalizers":["3","1"]}}"""),
        Row(
            "$patch: replace in a list replaces it",
            """{"spec":{"template":{"spec":{"containers":[<app>,{"name":"b"}]}}}}""",
            """{"spec":{"template":{"spec":{"containers":[{"name":"only","image":"o"},{"$patch":"replace"}]}}}}""",
            """{"spec":{"template":{"spec":{"containers":[{"name":"only","image":"o"}]}}}}"""),
        Row(
            "$patch: replace on a map replaces it",
            """{"metadata":{"labels":{"a":"1","b":"2"}}}""",
            """{"metadata":{"labels":{"$patch":"replace","x":"1"}}}""",
            """{"metadata":{"labels":{"x":"1"}}}"""),
        Row(
            "$patch: delete on a map empties it, as upstream does",
            """{"metadata":{"labels":{"a":"1"},"name":"n"}}""",
            """{"metadata":{"labels":{"$patch":"delete"}}}""",
            """{"metadata":{"labels":{},"name":"n"}}"""),
        Row(
            "$patch: delete on a map the original lacks adds nothing",
            """{"metadata":{"name":"n"}}""",
            """{"metadata":{"labels":{"$patch":"delete"}}}""",
            """{"metadata":{"name":"n"}}"""),
        Row(
            "$patch: merge on a map merges",
            """{"metadata":{"labels":{"a":"1"}}}""",
            """{"metadata":{"labels":{"$patch":"merge","x":"1"}}}""",
            """{"metadata":{"labels":{"a":"1","x":"1"}}}"""),
        Row(
            "$patch: replace at the top replaces the object",
            """{"kind":"Deployment","spec":{"replicas":1}}""",
            """{"$patch":"replace","kind":"Deployment"}""",
            """{"kind":"Deployment"}"""),
        Row(
            "a list without a strategy (args) is replaced",
            """{"spec":{"template":{"spec":{"containers":[{"name":"app","args":["--a","--c"]}]}}}}""",
            """{"spec":{"template":{"spec":{"containers":[{"name":"app","args":["--b"]}]}}}}""",
            """{"spec":{"template":{"spec":{"containers":[{"name":"app","args":["--b"]}]}}}}"""),
        Row(
            "a list of objects without a strategy (tolerations) is replaced",
            """{"spec":{"template":{"spec":{"tolerations":[{"key":"a"},{"key":"b"}]}}}}""",
            """{"spec":{"template":{"spec":{"tolerations":[{"key":"c","effect":"NoSchedule"}]}}}}""",
            """{"spec":{"template":{"spec":{"tolerations":[{"key":"c","effect":"NoSchedule"}]}}}}"""),
        Row(
            "env set to null removes the list",
            """{"spec":{"template":{"spec":{"containers":[{"name":"app","env":[{"name":"A"}]}]}}}}""",
            """{"spec":{"template":{"spec":{"containers":[{"name":"app","env":null}]}}}}""",
            """{"spec":{"template":{"spec":{"containers":[{"name":"app"}]}}}}"""),
        Row(
            "a new list with $setElementOrder is added",
            """{"spec":{"template":{"spec":{"containers":[{"name":"app"}]}}}}""",
            """
            {"spec":{"template":{"spec":{"$setElementOrder/initContainers":[{"name":"init"}],
             "initContainers":[{"name":"init","image":"busybox"}]}}}}
            """,
            """
            {"spec":{"template":{"spec":{"containers":[{"name":"app"}],
             "initContainers":[{"name":"init","image":"busybox"}]}}}}
            """),
        Row(
            "an object replaces a scalar of another shape",
            """{"metadata":{"labels":"oops"}}""",
            """{"metadata":{"labels":{"a":"1","b":null}}}""",
            """{"metadata":{"labels":{"a":"1"}}}"""),
        Row(
            "an Any subtree merges like a JSON merge patch",
            """{"spec":{"selector":{"matchLabels":{"app":"web"},"matchExpressions":[{"key":"a"}]}}}""",
            """{"spec":{"selector":{"matchLabels":{"tier":"fe"},"matchExpressions":[{"key":"b"}]}}}""",
            """{"spec":{"selector":{"matchLabels":{"app":"web","tier":"fe"},"matchExpressions":[{"key":"b"}]}}}"""),
        Row(
            "a field the schema does not know merges like a JSON merge patch",
            """{"spec":{"extra":{"a":[1],"b":1,"c":{"d":1}}}}""",
            """{"spec":{"extra":{"a":[2],"b":null,"c":{"e":2}}}}""",
            """{"spec":{"extra":{"a":[2],"c":{"d":1,"e":2}}}}"""),
        Row(
            "a Pod's volume is deleted by name",
            """{"kind":"Pod","spec":{"volumes":[{"name":"a","emptyDir":{}},{"name":"b","emptyDir":{}}]}}""",
            """{"spec":{"volumes":[{"$patch":"delete","name":"a"}]}}""",
            """{"kind":"Pod","spec":{"volumes":[{"name":"b","emptyDir":{}}]}}""",
            schema: "pod"),
        Row(
            "without a schema the whole object merges like a JSON merge patch",
            """{"spec":{"containers":[{"name":"a","image":"1"},{"name":"b"}],"x":1}}""",
            """{"spec":{"containers":[{"name":"a","image":"2"}],"x":null}}""",
            """{"spec":{"containers":[{"name":"a","image":"2"}]}}""",
            schema: "none"),
        Row(
            "without a schema directives still apply",
            """{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{}},"labels":{"a":"1"}}}""",
            """{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"},"labels":{"$patch":"replace"}}}""",
            """{"spec":{"strategy":{"type":"Recreate"},"labels":{}}}""",
            schema: "none"),
    ];

    public static IEnumerable<object[]> Failures =>
    [
        Failure(
            "an unknown $patch value",
            """{"metadata":{"labels":{"a":"1"}}}""",
            """{"metadata":{"labels":{"$patch":"frobnicate"}}}""",
            "unknown patch type"),
        Failure(
            "a $patch that is not a string",
            """{"metadata":{"labels":{"a":"1"}}}""",
            """{"metadata":{"labels":{"$patch":1}}}""",
            "unknown patch type"),
        Failure(
            "$patch: merge inside a list",
            """{"spec":{"template":{"spec":{"containers":[{"name":"app"}]}}}}""",
            """{"spec":{"template":{"spec":{"containers":[{"$patch":"merge"}]}}}}""",
            "merging lists cannot yet be specified in the patch"),
        Failure(
            "an unknown directive",
            """{"spec":{"replicas":1}}""",
            """{"spec":{"$frobnicate":1}}""",
            "unknown directive \"$frobnicate\""),
        Failure(
            "a merged item without its merge key",
            """{"spec":{"template":{"spec":{"containers":[{"name":"app"}]}}}}""",
            """{"spec":{"template":{"spec":{"containers":[{"image":"x"}]}}}}""",
            "does not contain declared merge key: name"),
        Failure(
            "a delete without the merge key",
            """{"spec":{"template":{"spec":{"containers":[{"name":"app"}]}}}}""",
            """{"spec":{"template":{"spec":{"containers":[{"$patch":"delete"}]}}}}""",
            "does not contain declared merge key: name"),
        Failure(
            "a $setElementOrder that is not a list",
            """{"spec":{"template":{"spec":{"containers":[{"name":"app"}]}}}}""",
            """{"spec":{"template":{"spec":{"$setElementOrder/containers":{"name":"app"}}}}}""",
            "invalid patch format of setElementOrder list"),
        Failure(
            "a $setElementOrder without a field",
            """{"spec":{"replicas":1}}""",
            """{"spec":{"$setElementOrder":[1]}}""",
            "invalid patch format of setElementOrder list"),
        Failure(
            "a $setElementOrder of a field that is not a list",
            """{"spec":{"replicas":1}}""",
            """{"spec":{"$setElementOrder/replicas":[1]}}""",
            "invalid patch format of setElementOrder list"),
        Failure(
            "a $setElementOrder that contradicts the patch list",
            """{"spec":{"template":{"spec":{"containers":[{"name":"c1"},{"name":"c3"},{"name":"c2"}]}}}}""",
            """
            {"spec":{"template":{"spec":{"$setElementOrder/containers":[{"name":"c1"},{"name":"c2"},{"name":"c3"}],
             "containers":[{"name":"c3","image":"3"},{"name":"c1","image":"1"}]}}}}
            """,
            "doesn't match"),
        Failure(
            "a $retainKeys that is not a list",
            """{"spec":{"strategy":{"type":"Recreate"}}}""",
            """{"spec":{"strategy":{"$retainKeys":"type"}}}""",
            "invalid patch format of retainKeys"),
        Failure(
            "a $retainKeys that does not list a field the patch sets",
            """{"spec":{"strategy":{"type":"RollingUpdate"}}}""",
            """{"spec":{"strategy":{"$retainKeys":["type"],"rollingUpdate":{"maxSurge":1}}}}""",
            "invalid patch format of retainKeys"),
        Failure(
            "a $deleteFromPrimitiveList without a field",
            """{"metadata":{"finalizers":["a"]}}""",
            """{"metadata":{"$deleteFromPrimitiveList":["a"]}}""",
            "invalid patch format of primitive list"),
        Failure(
            "a $deleteFromPrimitiveList that is not a list",
            """{"metadata":{"finalizers":["a"]}}""",
            """{"metadata":{"$deleteFromPrimitiveList/finalizers":"a"}}""",
            "invalid patch format of primitive list"),
        Failure(
            "items of different kinds in a merged list",
            """{"metadata":{"finalizers":["a"]}}""",
            """{"metadata":{"finalizers":[1]}}""",
            "list element types are not identical"),
        Failure(
            "a list of lists in a merged list",
            """{"metadata":{"finalizers":["a"]}}""",
            """{"metadata":{"finalizers":[["b"]]}}""",
            "the server rejected our request due to an error in our request",
            code: 422),
    ];

    private static object[] Row(
        string name, string original, string patch, string expected, string schema = "deployment") =>
        [name, schema, original.Replace("<app>", App), patch, expected.Replace("<app>", App)];

    private static object[] Failure(string name, string original, string patch, string fragment, int code = 400) =>
        [name, original, patch, code, fragment];
}
