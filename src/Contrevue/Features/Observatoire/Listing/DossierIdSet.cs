namespace Contrevue.Features.Observatoire.Listing;

/// <summary>
/// A set of dossier ids as one bit per id: 6 KB for 50,000 dossiers whatever the number of matches, and
/// a membership test of one shift. Never changed once built (readers share it); <see cref="With"/> copies.
/// </summary>
public sealed class DossierIdSet
{
    private readonly ulong[] _bits;

    private DossierIdSet(ulong[] bits) => _bits = bits;

    public static DossierIdSet Of(IEnumerable<int> ids)
    {
        var list = ids.Where(id => id >= 0).ToList();
        var bits = new ulong[list.Count == 0 ? 0 : (list.Max() >> 6) + 1];
        foreach (var id in list)
        {
            bits[id >> 6] |= 1UL << (id & 63);
        }
        return new DossierIdSet(bits);
    }

    /// <summary>A set over bits already made (one per id, id 0 the lowest bit of the first word); the array is kept, not copied.</summary>
    public static DossierIdSet FromBits(ulong[] bits) => new(bits);

    /// <summary>Bytes held, for the bounded store that keeps these.</summary>
    public long Bytes => _bits.Length * sizeof(ulong) + 32;

    public bool Contains(int id) => id >= 0 && (id >> 6) < _bits.Length && (_bits[id >> 6] & (1UL << (id & 63))) != 0;

    /// <summary>A copy (or this set when nothing differs) where each id of <paramref name="checkedIds"/> is in the set if and only if it is in <paramref name="matching"/>.</summary>
    public DossierIdSet With(IReadOnlyCollection<int> checkedIds, IReadOnlySet<int> matching)
    {
        // Most writes change nothing for most searches: they then share the same bits, no copy.
        if (checkedIds.All(id => Contains(id) == matching.Contains(id)))
        {
            return this;
        }
        var highest = checkedIds.Where(matching.Contains).DefaultIfEmpty(-1).Max();
        var bits = new ulong[Math.Max(_bits.Length, (highest >> 6) + 1)];
        Array.Copy(_bits, bits, _bits.Length);
        foreach (var id in checkedIds.Where(id => id >= 0))
        {
            if (matching.Contains(id))
            {
                bits[id >> 6] |= 1UL << (id & 63);
            }
            else if ((id >> 6) < bits.Length)
            {
                bits[id >> 6] &= ~(1UL << (id & 63));
            }
        }
        return new DossierIdSet(bits);
    }
}
