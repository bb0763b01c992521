using Mono.Cecil;
using Mono.Cecil.Cil;

namespace Contrevue.Tests.Architecture;

/// <summary>
/// Which feature folder of <c>src/Contrevue/Features</c> refers to which, read from the compiled
/// assembly (signatures, attributes and method bodies, Razor views included), so that nothing a
/// page or a lambda names escapes the picture.
/// </summary>
public sealed class FeatureGraph
{
    public const string Shared = "(shared)";

    /// <summary>One type naming another across areas; <see cref="ToSeam"/> when the named type carries <c>[Seam]</c>.</summary>
    public sealed record Reference(string From, string To, string FromType, string ToType, bool ToSeam);

    /// <summary>(from area, to area) → the type references that make the edge.</summary>
    public IReadOnlyDictionary<(string From, string To), SortedSet<string>> Edges { get; }

    public IReadOnlyList<Reference> References { get; }

    /// <summary>The feature folders found, and <see cref="Shared"/> for everything outside them.</summary>
    public IReadOnlySet<string> Features { get; }

    private FeatureGraph(Dictionary<(string, string), SortedSet<string>> edges, List<Reference> references, SortedSet<string> features)
    {
        Edges = edges;
        References = references;
        Features = features;
    }

    /// <param name="featureNamespace">The namespace whose child namespaces are the features (the app's, or a sample's in the test of this reader).</param>
    public static FeatureGraph Read(string assemblyPath, string featureNamespace = "Contrevue.Features", string? onlyUnder = null)
    {
        using var assembly = AssemblyDefinition.ReadAssembly(assemblyPath);
        var module = assembly.MainModule;
        var edges = new Dictionary<(string, string), SortedSet<string>>();
        var references = new List<Reference>();
        var seen = new HashSet<(string, string)>();
        var features = new SortedSet<string>(StringComparer.Ordinal);
        var prefix = featureNamespace + ".";
        foreach (var type in module.GetTypes())
        {
            if (onlyUnder is not null && !(Outermost(type).Namespace ?? "").StartsWith(onlyUnder, StringComparison.Ordinal))
            {
                continue;
            }
            var from = AreaOf(type, prefix);
            features.Add(from);
            foreach (var referenced in ReferencesOf(type))
            {
                if (referenced.Module != module && referenced.Scope != module)
                {
                    continue;
                }
                var definition = referenced.Resolve();
                if (definition is null || definition.Module != module)
                {
                    continue;
                }
                var to = AreaOf(definition, prefix);
                if (to == from)
                {
                    continue;
                }
                features.Add(to);
                if (!edges.TryGetValue((from, to), out var examples))
                {
                    edges[(from, to)] = examples = new SortedSet<string>(StringComparer.Ordinal);
                }
                var fromName = Outermost(type).FullName;
                var target = Outermost(definition);
                examples.Add($"{fromName} → {target.FullName}");
                if (seen.Add((fromName, target.FullName)))
                {
                    references.Add(new Reference(from, to, fromName, target.FullName, target.CustomAttributes.Any(a => a.AttributeType.Name == "SeamAttribute")));
                }
            }
        }
        return new FeatureGraph(edges, references, features);
    }

    /// <summary>The feature a type belongs to, by namespace, or by the path of the Razor file it was compiled from.</summary>
    public static string AreaOf(TypeDefinition type, string prefix = "Contrevue.Features.")
    {
        var outer = Outermost(type);
        var ns = outer.Namespace ?? "";
        if (ns.StartsWith(prefix, StringComparison.Ordinal))
        {
            return ns[prefix.Length..].Split('.')[0];
        }
        if (ns == "AspNetCoreGeneratedDocument")
        {
            var path = RazorPathOf(outer);
            if (path is not null && path.StartsWith("/Features/", StringComparison.Ordinal))
            {
                return path["/Features/".Length..].Split('/')[0];
            }
        }
        return Shared;
    }

    private static string? RazorPathOf(TypeDefinition view)
    {
        foreach (var attribute in view.CustomAttributes)
        {
            if (attribute.AttributeType.Name == "RazorCompiledItemMetadataAttribute"
                && attribute.ConstructorArguments.Count == 2
                && attribute.ConstructorArguments[0].Value as string == "Identifier")
            {
                return attribute.ConstructorArguments[1].Value as string;
            }
        }
        return null;
    }

    private static TypeDefinition Outermost(TypeDefinition type)
    {
        while (type.DeclaringType is not null)
        {
            type = type.DeclaringType;
        }
        return type;
    }

    private static IEnumerable<TypeReference> ReferencesOf(TypeDefinition type)
    {
        var found = new List<TypeReference>();
        void Add(TypeReference? reference)
        {
            switch (reference)
            {
                case null:
                    return;
                case GenericInstanceType generic:
                    Add(generic.ElementType);
                    foreach (var argument in generic.GenericArguments)
                    {
                        Add(argument);
                    }
                    return;
                case TypeSpecification specification: // arrays, by-ref, pointers, modifiers
                    Add(specification.ElementType);
                    return;
                case GenericParameter:
                    return;
                default:
                    found.Add(reference);
                    return;
            }
        }
        void AddAttributes(ICustomAttributeProvider provider)
        {
            if (!provider.HasCustomAttributes)
            {
                return;
            }
            foreach (var attribute in provider.CustomAttributes)
            {
                Add(attribute.AttributeType);
                foreach (var argument in attribute.ConstructorArguments.Concat(attribute.Properties.Select(p => p.Argument)).Concat(attribute.Fields.Select(f => f.Argument)))
                {
                    if (argument.Value is TypeReference typeArgument)
                    {
                        Add(typeArgument);
                    }
                }
            }
        }
        void AddMember(MemberReference member)
        {
            switch (member)
            {
                case TypeReference typeReference:
                    Add(typeReference);
                    break;
                case MethodReference method:
                    Add(method.DeclaringType);
                    Add(method.ReturnType);
                    foreach (var parameter in method.Parameters)
                    {
                        Add(parameter.ParameterType);
                    }
                    if (method is GenericInstanceMethod genericMethod)
                    {
                        foreach (var argument in genericMethod.GenericArguments)
                        {
                            Add(argument);
                        }
                    }
                    break;
                case FieldReference field:
                    Add(field.DeclaringType);
                    Add(field.FieldType);
                    break;
            }
        }

        Add(type.BaseType);
        AddAttributes(type);
        foreach (var implemented in type.Interfaces)
        {
            Add(implemented.InterfaceType);
        }
        foreach (var parameter in type.GenericParameters)
        {
            foreach (var constraint in parameter.Constraints)
            {
                Add(constraint.ConstraintType);
            }
        }
        foreach (var field in type.Fields)
        {
            Add(field.FieldType);
            AddAttributes(field);
        }
        foreach (var property in type.Properties)
        {
            Add(property.PropertyType);
            AddAttributes(property);
        }
        foreach (var method in type.Methods)
        {
            AddAttributes(method);
            Add(method.ReturnType);
            foreach (var parameter in method.Parameters)
            {
                Add(parameter.ParameterType);
                AddAttributes(parameter);
            }
            foreach (var genericParameter in method.GenericParameters)
            {
                foreach (var constraint in genericParameter.Constraints)
                {
                    Add(constraint.ConstraintType);
                }
            }
            if (!method.HasBody)
            {
                continue;
            }
            foreach (var variable in method.Body.Variables)
            {
                Add(variable.VariableType);
            }
            foreach (var instruction in method.Body.Instructions)
            {
                if (instruction.Operand is MemberReference member)
                {
                    AddMember(member);
                }
            }
            foreach (var handler in method.Body.ExceptionHandlers)
            {
                Add(handler.CatchType);
            }
        }
        return found;
    }

    /// <summary>The dependency matrix as text: one row per feature, an X where the row's feature refers to the column's.</summary>
    public string Matrix()
    {
        var names = Features.ToList();
        var width = names.Max(n => n.Length);
        var lines = new List<string>
        {
            new string(' ', width) + " | " + string.Join(" ", names.Select(n => n[..2])),
        };
        foreach (var from in names)
        {
            lines.Add(from.PadRight(width) + " | " + string.Join(" ", names.Select(to => from == to ? "··" : Edges.ContainsKey((from, to)) ? "X " : ". ")));
        }
        return string.Join('\n', lines);
    }

    /// <summary>Each cycle's strongly connected component with more than one feature (Tarjan).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var index = 0;
        var indices = new Dictionary<string, int>();
        var lowLinks = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var components = new List<IReadOnlyList<string>>();
        void Connect(string node)
        {
            indices[node] = lowLinks[node] = index++;
            stack.Push(node);
            onStack.Add(node);
            foreach (var next in Edges.Keys.Where(e => e.From == node && e.To != Shared).Select(e => e.To))
            {
                if (indices.TryGetValue(next, out var nextIndex))
                {
                    if (onStack.Contains(next))
                    {
                        lowLinks[node] = Math.Min(lowLinks[node], nextIndex);
                    }
                }
                else
                {
                    Connect(next);
                    lowLinks[node] = Math.Min(lowLinks[node], lowLinks[next]);
                }
            }
            if (lowLinks[node] == indices[node])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != node);
                if (component.Count > 1)
                {
                    components.Add(component.OrderBy(c => c, StringComparer.Ordinal).ToList());
                }
            }
        }
        foreach (var feature in Features.Where(f => f != Shared))
        {
            if (!indices.ContainsKey(feature))
            {
                Connect(feature);
            }
        }
        return components;
    }
}
