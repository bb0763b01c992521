using Contrevue.Infrastructure;

// Sample features read by FeatureDependencyTests to prove the reader: one allowed seam, one forbidden
// reference to another feature's table, and a cycle made only of seams.
namespace Contrevue.Tests.Architecture.Sample.Features.Alpha
{
    [Seam]
    public interface IAlphaPanel;

    public sealed class AlphaTable
    {
        public int Id { get; set; }
    }
}

namespace Contrevue.Tests.Architecture.Sample.Features.Beta
{
    public sealed class BetaPanel : Alpha.IAlphaPanel;

    public sealed class BetaReadsAlphaTable
    {
        public static int Count(IEnumerable<Alpha.AlphaTable> rows) => rows.Count();
    }
}

namespace Contrevue.Tests.Architecture.Sample.Features.Gamma
{
    [Seam]
    public sealed class GammaService
    {
        public static string Name(Delta.DeltaService delta) => delta.ToString() ?? "";
    }
}

namespace Contrevue.Tests.Architecture.Sample.Features.Delta
{
    [Seam]
    public sealed class DeltaService
    {
        public static string Name(Gamma.GammaService gamma) => gamma.ToString() ?? "";
    }
}
