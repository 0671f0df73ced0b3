using System.Text.Json.Nodes;
using Orchestrator.Api.OpenApi.Wire;

namespace Orchestrator.Api.OpenApi;

// The parameters of operations and path items, which gnostic splits into one message per location.
internal static partial class SwaggerProtobufEncoder
{
    private static ParametersItem Parameter(JsonObject parameter, string where)
    {
        var location = Text(parameter["in"]);
        where = $"{where} parameter {Text(parameter["name"])}";
        if (location == "body")
        {
            var body = new BodyParameter();
            foreach (var (key, value) in parameter)
            {
                switch (key)
                {
                    case "description":
                        body.Description = Text(value);
                        break;
                    case "name":
                        body.Name = Text(value);
                        break;
                    case "in":
                        body.In = Text(value);
                        break;
                    case "required":
                        body.Required = (bool)value!;
                        break;
                    case "schema":
                        body.Schema = Schema(value!.AsObject(), where);
                        break;
                    default:
                        body.VendorExtension.Add(Extension(key, value, where));
                        break;
                }
            }

            return new ParametersItem { Parameter = new Parameter { BodyParameter = body } };
        }

        var fields = new ParameterFields();
        foreach (var (key, value) in parameter)
        {
            switch (key)
            {
                case "description":
                    fields.Description = Text(value);
                    break;
                case "name":
                    fields.Name = Text(value);
                    break;
                case "in":
                    break;
                case "required":
                    fields.Required = (bool)value!;
                    break;
                case "type":
                    fields.Type = Text(value);
                    break;
                case "format":
                    fields.Format = Text(value);
                    break;
                case "uniqueItems":
                    fields.UniqueItems = (bool)value!;
                    break;
                default:
                    fields.Extensions.Add(Extension(key, value, where));
                    break;
            }
        }

        return new ParametersItem
        {
            Parameter = new Parameter { NonBodyParameter = fields.ToNonBody(location, where) },
        };
    }

    private sealed class ParameterFields
    {
        public string Description { get; set; } = "";

        public string Name { get; set; } = "";

        public bool Required { get; set; }

        public string Type { get; set; } = "";

        public string Format { get; set; } = "";

        public bool UniqueItems { get; set; }

        public List<NamedAny> Extensions { get; } = [];

        public NonBodyParameter ToNonBody(string location, string where)
        {
            switch (location)
            {
                case "query":
                    var query = new QueryParameterSubSchema
                    {
                        In = location,
                        Name = Name,
                        Description = Description,
                        Required = Required,
                        Type = Type,
                        Format = Format,
                        UniqueItems = UniqueItems,
                    };
                    query.VendorExtension.AddRange(Extensions);
                    return new NonBodyParameter { QueryParameterSubSchema = query };
                case "path":
                    var path = new PathParameterSubSchema
                    {
                        In = location,
                        Name = Name,
                        Description = Description,
                        Required = Required,
                        Type = Type,
                        Format = Format,
                        UniqueItems = UniqueItems,
                    };
                    path.VendorExtension.AddRange(Extensions);
                    return new NonBodyParameter { PathParameterSubSchema = path };
                case "header":
                    var header = new HeaderParameterSubSchema
                    {
                        In = location,
                        Name = Name,
                        Description = Description,
                        Required = Required,
                        Type = Type,
                        Format = Format,
                        UniqueItems = UniqueItems,
                    };
                    header.VendorExtension.AddRange(Extensions);
                    return new NonBodyParameter { HeaderParameterSubSchema = header };
                default:
                    throw Unsupported("in: " + location, where);
            }
        }
    }
}
