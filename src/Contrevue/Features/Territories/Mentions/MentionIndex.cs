using Contrevue.Infrastructure.Text;

namespace Contrevue.Features.Territories.Mentions;

/// <summary>
/// Every name of the territory data (communes, their former names, départements, régions, the nicknames
/// of <see cref="MentionNicknames"/>) in a tree of words, built once per version of the data, and the
/// rules a French reader applies to tell a place from a word (<see cref="Find"/>).
/// </summary>
internal sealed class MentionIndex
{
    /// <summary>A city at least this large, ten times larger than its homonyms, is the one meant.</summary>
    public const int WellKnownPopulation = 50_000;

    private static readonly HashSet<string> FunctionWords = new([
        "a", "au", "aux", "de", "d", "du", "des", "le", "la", "les", "l", "en", "dans", "et", "ou", "sur", "sous",
        "pour", "par", "vers", "chez", "entre", "depuis", "avant", "apres", "contre", "avec", "sans", "selon", "un",
        "une", "ce", "cet", "cette", "ces", "son", "sa", "ses", "leur", "leurs", "notre", "nos", "votre", "vos",
        "qui", "que", "quand", "comme", "mais", "donc", "ni", "car", "si", "puis", "ainsi", "aussi", "pres", "outre",
        "face", "lors", "via", "hors", "jusqu", "quoi", "dont", "tout", "toute", "tous", "toutes",
    ], StringComparer.Ordinal);

    /// <summary>Words after which "de X" names a place: "la mairie de Sens", "les habitants d'Eu".</summary>
    private static readonly HashSet<string> PlaceNouns = new([
        "mairie", "mairies", "maire", "maires", "ville", "villes", "commune", "communes", "habitants", "habitant",
        "agglomeration", "agglo", "metropole", "prefecture", "prefet", "prefete", "departement", "region",
        "municipalite", "municipal", "municipale", "municipaux", "municipales", "quartier", "quartiers", "centre",
        "elus", "elu", "elue", "elues", "communaute", "territoire", "banlieue", "environs", "alentours", "grand",
        "deputee", "depute", "senateur", "senatrice", "conseil", "adjoint", "adjointe", "edile", "police",
        "municipalites", "collectif", "collectifs", "secteur", "canton", "pays", "bassin", "regional", "regionale",
        "departemental", "departementale",
    ], StringComparer.Ordinal);

    /// <summary>"rue de Paris", "avenue Thiers", "porte de Clichy": a street, not the place.</summary>
    private static readonly HashSet<string> StreetWords = new([
        "rue", "avenue", "av", "boulevard", "bd", "place", "quai", "allee", "impasse", "chemin", "cours", "square",
        "porte", "faubourg", "esplanade", "parvis", "route", "passage", "rond", "promenade",
    ], StringComparer.Ordinal);

    private static readonly HashSet<string> Articles = new(["le", "la", "les", "l"], StringComparer.Ordinal);

    private readonly Node _root = new();
    private readonly Dictionary<string, MentionPlace> _departements;
    private readonly Dictionary<string, string> _departementByName;
    private readonly Dictionary<string, MentionPlace> _communes;
    /// <summary>Départements and régions of one commune (Paris, Saint-Martin, Saint-Barthélemy): the same place as it.</summary>
    private readonly HashSet<string> _singleCommuneTerritories;

    private MentionIndex(Dictionary<string, MentionPlace> communes, Dictionary<string, MentionPlace> departements)
    {
        _communes = communes;
        _departements = departements;
        _departementByName = departements.Values.ToDictionary(d => SearchText.Normalize(d.Name), d => d.Code, StringComparer.Ordinal);
        _singleCommuneTerritories = communes.Values.GroupBy(c => c.DepartementCode).Where(g => g.Count() == 1).Select(g => "departement:" + g.Key)
            .Concat(communes.Values.GroupBy(c => c.RegionCode).Where(g => g.Count() == 1).Select(g => "region:" + g.Key))
            .ToHashSet(StringComparer.Ordinal);
    }

    public int NameCount { get; private set; }

    public static MentionIndex Build(
        IEnumerable<MentionPlace> communes,
        IEnumerable<MentionPlace> departements,
        IEnumerable<MentionPlace> regions,
        IEnumerable<(string Name, string CommuneCode)> formerNames)
    {
        var communesByCode = communes.ToDictionary(c => c.Code, StringComparer.Ordinal);
        var departementsByCode = departements.ToDictionary(d => d.Code, StringComparer.Ordinal);
        var regionsByCode = regions.ToDictionary(r => r.Code, StringComparer.Ordinal);
        var index = new MentionIndex(communesByCode, departementsByCode);
        var currentNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var place in communesByCode.Values.Concat(departementsByCode.Values).Concat(regionsByCode.Values))
        {
            index.AddName(place.Name, place);
            currentNames.Add(SearchText.Normalize(place.Name));
        }
        // A former name leads to today's commune, unless a current territory bears it: then that one is meant.
        foreach (var (name, communeCode) in formerNames)
        {
            if (communesByCode.TryGetValue(communeCode, out var commune) && !currentNames.Contains(SearchText.Normalize(name)))
            {
                index.AddName(name, commune);
            }
        }
        foreach (var nickname in MentionNicknames.All)
        {
            foreach (var code in nickname.Codes)
            {
                var known = nickname.Kind switch
                {
                    TerritoryKind.Commune => communesByCode.GetValueOrDefault(code),
                    TerritoryKind.Departement => departementsByCode.GetValueOrDefault(code),
                    _ => regionsByCode.GetValueOrDefault(code),
                };
                if (known is not null)
                {
                    index.Add(nickname.Spelling, known, VariantForm.Nickname, nickname.Exact ? nickname.Spelling : null);
                }
            }
        }
        return index;
    }

    private void AddName(string name, MentionPlace place)
    {
        Add(name, place, VariantForm.Name, null);
        // "au Havre", "aux Mureaux": the article melts into the preposition.
        var words = MentionText.Words(name);
        if (words.Count > 1 && words[0].Folded is "le" or "les")
        {
            Add(name[words[1].Start..], place, words[0].Folded == "le" ? VariantForm.AfterAuOrDu : VariantForm.AfterAuxOrDes, null);
        }
    }

    private void Add(string spelling, MentionPlace place, VariantForm form, string? exact)
    {
        var words = MentionText.Words(spelling);
        if (words.Count == 0)
        {
            return;
        }
        var leadingArticle = form == VariantForm.Name && words.Count > 1 && Articles.Contains(words[0].Folded);
        var capitals = new bool[words.Count];
        for (var i = 0; i < words.Count; i++)
        {
            // The article of "La Rochelle" is often written "la Rochelle"; the name itself keeps its capitals.
            capitals[i] = words[i].Capitalized && !(i == 0 && leadingArticle);
        }
        var node = _root;
        foreach (var word in words)
        {
            node.Next ??= new Dictionary<string, Node>(StringComparer.Ordinal);
            if (!node.Next.TryGetValue(word.Folded, out var next))
            {
                next = new Node();
                node.Next[word.Folded] = next;
            }
            node = next;
        }
        node.Variants ??= [];
        if (!node.Variants.Any(v => v.Place == place && v.Form == form))
        {
            node.Variants.Add(new MentionVariant(place, form, capitals, exact, leadingArticle));
            NameCount++;
        }
    }

    private sealed class Node
    {
        public Dictionary<string, Node>? Next;
        public List<MentionVariant>? Variants;
    }

    private enum Class
    {
        /// <summary>A proper noun and nothing else: "Sète", "Saint-Étienne".</summary>
        Regular,
        /// <summary>Also an ordinary word: "Tours", "Sens", "Vue".</summary>
        CommonWord,
        /// <summary>Also another proper noun, or one or two letters: "Orange", "Matignon", "Y", "Eu".</summary>
        OtherProperNoun,
    }

    private enum Decision
    {
        Accepted,
        /// <summary>Accepted only if its département or région is named in the text.</summary>
        NeedsTerritoryNearby,
        Rejected,
    }

    private sealed class Candidate
    {
        public required int First;
        public required int Count;
        public required List<MentionPlace> Places { get; set; }
        public required Decision Decision;
        /// <summary>The communes of the name when <see cref="Places"/> chose its département or région instead ("la Vienne").</summary>
        public List<MentionPlace>? Communes;
        public string? QualifierDepartement;
        public string? QualifierPostalCode;
    }

    /// <summary>The territories a text names, in the order of their first mention.</summary>
    public IReadOnlyList<TerritoryMention> Find(string text)
    {
        var words = MentionText.Words(text);
        var candidates = new List<Candidate>();
        var i = 0;
        while (i < words.Count)
        {
            var match = LongestMatch(text, words, i);
            if (match is not { } found || EndsEarlierThanAnOverlappingName(text, words, i, found.Count))
            {
                i++;
                continue;
            }
            var variants = found.Variants;
            // "dans la Marne": the commune La Marne (Loire-Atlantique) and the département Marne alike.
            if (found.Count > 1 && variants.Any(v => v.LeadingArticle) && LongestMatch(text, words, i + 1) is { } withoutArticle
                && withoutArticle.Count == found.Count - 1)
            {
                variants = [.. variants, .. withoutArticle.Variants.Where(v => v.Place.Kind != TerritoryKind.Commune)];
            }
            var candidate = Judge(text, words, i, found.Count, variants, candidates.Count > 0 ? candidates[^1].First + candidates[^1].Count - 1 : -1);
            candidates.Add(candidate);
            i += found.Count;
            if ((candidate.Communes ?? candidate.Places).Any(p => p.Kind == TerritoryKind.Commune) && ReadQualifier(words, i, candidate) is var qualifierWords and > 0)
            {
                i += qualifierWords;
            }
        }

        // Départements and régions named in the text decide the rest.
        var namedDepartements = new HashSet<string>(StringComparer.Ordinal);
        var namedRegions = new HashSet<string>(StringComparer.Ordinal);
        foreach (var candidate in candidates.Where(c => c.Decision == Decision.Accepted))
        {
            foreach (var place in candidate.Places)
            {
                if (place.Kind == TerritoryKind.Departement)
                {
                    namedDepartements.Add(place.Code);
                }
                else if (place.Kind == TerritoryKind.Region)
                {
                    namedRegions.Add(place.Code);
                }
            }
            if (candidate.QualifierDepartement is { } qualifier)
            {
                namedDepartements.Add(qualifier);
            }
        }
        bool Nearby(MentionPlace place) => namedDepartements.Contains(place.DepartementCode) || namedRegions.Contains(place.RegionCode);

        var resolved = new List<(Candidate Candidate, List<MentionPlace> Places)>();
        foreach (var candidate in candidates)
        {
            if (candidate.Decision == Decision.Rejected)
            {
                continue;
            }
            var places = candidate.Places;
            // "Vienne, en Isère": the commune after all.
            if (candidate.Communes is { } communes && communes.Where(c => c.DepartementCode != candidate.Places[0].DepartementCode
                && namedDepartements.Contains(c.DepartementCode)).ToList() is { Count: > 0 } communesNearby)
            {
                places = communesNearby;
            }
            if (candidate.QualifierDepartement is { } departement)
            {
                places = [.. places.Where(p => p.DepartementCode == departement)];
            }
            else if (candidate.QualifierPostalCode is { } postalCode)
            {
                places = [.. places.Where(p => p.PostalCodes.Contains(postalCode))];
            }
            if (candidate.Decision == Decision.NeedsTerritoryNearby)
            {
                places = [.. places.Where(Nearby)];
            }
            if (places.Count == 0)
            {
                continue;
            }
            if (places.Count > 1)
            {
                var near = places.Where(p => p.Kind == TerritoryKind.Commune && namedDepartements.Contains(p.DepartementCode)).ToList();
                if (near.Count == 0)
                {
                    near = [.. places.Where(p => p.Kind == TerritoryKind.Commune && namedRegions.Contains(p.RegionCode))];
                }
                if (near.Count > 0)
                {
                    places = near;
                }
            }
            resolved.Add((candidate, places));
        }

        // Still homonyms: another commune of the text may point to one of them ("Saint-Denis et Aubervilliers").
        var departementsOfCommunes = resolved.Where(r => r.Places.Count == 1 && r.Places[0].Kind == TerritoryKind.Commune)
            .Select(r => r.Places[0].DepartementCode).ToHashSet(StringComparer.Ordinal);
        var mentions = new List<TerritoryMention>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (candidate, found) in resolved)
        {
            var places = found;
            if (places.Count > 1)
            {
                var near = places.Where(p => departementsOfCommunes.Contains(p.DepartementCode)).ToList();
                if (near.Count == 1)
                {
                    places = near;
                }
            }
            if (places.Count > 1 && WellKnown(places) is { } wellKnown)
            {
                places = [wellKnown];
            }
            var span = text.Substring(words[candidate.First].Start,
                words[candidate.First + candidate.Count - 1].Start + words[candidate.First + candidate.Count - 1].Length - words[candidate.First].Start);
            if (places.Count == 1)
            {
                if (seen.Add(places[0].Reference))
                {
                    mentions.Add(new TerritoryMention(span, places[0].Reference, false, []));
                }
            }
            else
            {
                var references = places.OrderByDescending(p => p.Population).ThenBy(p => p.Reference, StringComparer.Ordinal)
                    .Select(p => p.Reference).ToList();
                if (seen.Add(string.Join(' ', references)))
                {
                    mentions.Add(new TerritoryMention(span, null, true, references));
                }
            }
        }
        return mentions;
    }

    /// <summary>The city a French reader thinks of first: large, and ten times larger than any homonym.</summary>
    private static MentionPlace? WellKnown(List<MentionPlace> places)
    {
        if (places.Any(p => p.Kind != TerritoryKind.Commune))
        {
            return null;
        }
        var ordered = places.OrderByDescending(p => p.Population).ToList();
        return ordered[0].Population >= WellKnownPopulation && ordered[0].Population >= 10L * ordered[1].Population ? ordered[0] : null;
    }

    /// <summary>"Les Hauts" before "Hauts-de-France": the name that reaches further wins.</summary>
    private bool EndsEarlierThanAnOverlappingName(string text, List<Word> words, int first, int count)
    {
        for (var start = first + 1; start < first + count; start++)
        {
            if (LongestMatch(text, words, start) is { } other && start + other.Count > first + count)
            {
                return true;
            }
        }
        return false;
    }

    private (int Count, List<MentionVariant> Variants)? LongestMatch(string text, List<Word> words, int first)
    {
        (int Count, List<MentionVariant> Variants)? best = null;
        var node = _root;
        for (var i = first; i < words.Count; i++)
        {
            if (i > first && words[i].Joint is not (Joint.Space or Joint.Hyphen or Joint.Apostrophe))
            {
                break;
            }
            if (node.Next is null || !node.Next.TryGetValue(words[i].Folded, out var next))
            {
                break;
            }
            node = next;
            if (node.Variants is { } variants)
            {
                var count = i - first + 1;
                var fitting = variants.Where(v => Fits(text, words, first, count, v)).ToList();
                if (fitting.Count > 0)
                {
                    best = (count, fitting);
                }
            }
        }
        return best;
    }

    private static bool Fits(string text, List<Word> words, int first, int count, MentionVariant variant)
    {
        if (variant.ExactSpelling is { } exact)
        {
            var last = words[first + count - 1];
            return text.AsSpan(words[first].Start, last.Start + last.Length - words[first].Start).SequenceEqual(exact);
        }
        for (var k = 0; k < count; k++)
        {
            var word = words[first + k];
            if (variant.Capitals[k] && !word.Capitalized)
            {
                return false;
            }
            // "EU", "Y" in capitals are acronyms and letters, not Eu and Y.
            if (word.AllCapitals && word.Length <= 3 || word.Length == 1 && count == 1 && !word.Capitalized)
            {
                return false;
            }
        }
        return variant.Form switch
        {
            VariantForm.AfterAuOrDu => first > 0 && words[first].Joint == Joint.Space && words[first - 1].Folded is "au" or "du",
            VariantForm.AfterAuxOrDes => first > 0 && words[first].Joint == Joint.Space && words[first - 1].Folded is "aux" or "des",
            _ => true,
        };
    }

    private Candidate Judge(string text, List<Word> words, int first, int count, List<MentionVariant> variants, int lastWordOfPreviousPlace)
    {
        var places = variants.Select(v => v.Place).Distinct().ToList();
        var leadingArticle = variants.Any(v => v.LeadingArticle);
        var contracted = variants.Any(v => v.Form is VariantForm.AfterAuOrDu or VariantForm.AfterAuxOrDes);
        var nickname = variants.All(v => v.Form == VariantForm.Nickname);

        Word? previous = first > 0 && words[first].Joint is Joint.Space or Joint.Apostrophe ? words[first - 1] : null;
        Word? beforePrevious = previous is not null && first > 1 && words[first - 1].Joint is Joint.Space or Joint.Apostrophe ? words[first - 2] : null;
        Word? next = first + count < words.Count && words[first + count].Joint == Joint.Space ? words[first + count] : null;
        // "à Sète"; headlines often write "A Sète" without the accent.
        var afterAccentedA = previous is { } p && p.Folded == "a" && (text[p.Start] is 'à' or 'À' || text[p.Start] == 'A' && p.SentenceStart);

        var chosen = ChooseKind(places, afterAccentedA && !leadingArticle);
        var communesSetAside = chosen.All(c => c.Kind != TerritoryKind.Commune) && places.Any(c => c.Kind == TerritoryKind.Commune)
            ? places.Where(c => c.Kind == TerritoryKind.Commune).ToList() : null;
        places = chosen;
        var territoryLevel = places.Any(p => p.Kind != TerritoryKind.Commune);

        var significant = words[first + (leadingArticle ? 1 : 0)];
        var single = count - (leadingArticle ? 1 : 0) == 1;
        var @class = nickname || !single ? Class.Regular
            : MentionNicknames.OtherProperNouns.Contains(significant.Folded) || significant.Folded.Length <= 2 ? Class.OtherProperNoun
            : CommonWordNames.All.Contains(significant.Folded) ? Class.CommonWord
            : Class.Regular;

        var candidate = new Candidate { First = first, Count = count, Places = places, Decision = Decision.Rejected, Communes = communesSetAside };

        // "Nice-Matin", "Paris-Saclay": part of a longer compound name.
        if (words[first].Joint == Joint.Hyphen || first + count < words.Count && words[first + count].Joint == Joint.Hyphen)
        {
            return candidate;
        }
        // "rue de Paris", "avenue Thiers".
        if (previous is { } street && StreetWords.Contains(street.Folded)
            || previous is { Folded: "de" or "d" or "du" or "des" } && beforePrevious is { } streetOf && StreetWords.Contains(streetOf.Folded))
        {
            return candidate;
        }

        var strong = !territoryLevel ? StrongForCommune(previous, beforePrevious, afterAccentedA, contracted)
            // "dans la Marne", "de La Réunion": the article is part of the match.
            : leadingArticle ? previous is not { } before || !before.Capitalized || FunctionWords.Contains(before.Folded) || PlaceNouns.Contains(before.Folded)
            : StrongForTerritory(words, first, count, previous, beforePrevious);
        if (strong)
        {
            candidate.Decision = Decision.Accepted;
            return candidate;
        }
        // "Élisabeth Borne", "Pôle Nord", "Grand Lyon": a capitalized word just before makes it another name.
        if (previous is { } name && words[first].Joint == Joint.Space && name.Capitalized && !FunctionWords.Contains(name.Folded) && !PlaceNouns.Contains(name.Folded))
        {
            return candidate;
        }
        if (@class != Class.Regular)
        {
            // "Corée du Nord", "La Voix du Nord", "Orange Business".
            if (previous is { Folded: "de" or "d" or "du" or "des" } && beforePrevious is { } owner && owner.Capitalized
                && !FunctionWords.Contains(owner.Folded) && !PlaceNouns.Contains(owner.Folded) && lastWordOfPreviousPlace != first - 2)
            {
                return candidate;
            }
            if (next is { } following && following.Capitalized && !FunctionWords.Contains(following.Folded) && !PlaceNouns.Contains(following.Folded)
                && !Articles.Contains(following.Folded))
            {
                candidate.Decision = Decision.NeedsTerritoryNearby;
                return candidate;
            }
        }
        var dateline = words[first].SentenceStart && (first == 0 || words[first].Joint == Joint.Other) && words[first + count - 1].ColonOrDashAfter;
        candidate.Decision = @class switch
        {
            Class.Regular => Decision.Accepted,
            Class.CommonWord when !words[first].SentenceStart || dateline => Decision.Accepted,
            Class.CommonWord when !territoryLevel && places.Max(p => p.Population) >= WellKnownPopulation => Decision.Accepted,
            _ => Decision.NeedsTerritoryNearby,
        };
        return candidate;
    }

    /// <summary>
    /// A name both of a commune and of a département or région: the same place (Paris) is the commune; else
    /// "à Vienne" is the commune and "la Vienne", "en Mayenne", "à La Réunion" the département.
    /// </summary>
    private List<MentionPlace> ChooseKind(List<MentionPlace> places, bool afterBareA)
    {
        var communes = places.Where(p => p.Kind == TerritoryKind.Commune).ToList();
        var others = places.Where(p => p.Kind != TerritoryKind.Commune).ToList();
        if (others.Count == 0)
        {
            return places;
        }
        // La Réunion, Guadeloupe: département and région alike; the département is the finer.
        others.RemoveAll(o => o.Kind == TerritoryKind.Region && others.Any(d => d.Kind == TerritoryKind.Departement && d.RegionCode == o.Code));
        // Paris, Saint-Martin, Saint-Barthélemy: the commune is the whole département.
        others.RemoveAll(o => _singleCommuneTerritories.Contains(o.Reference)
            && communes.Any(c => o.Kind == TerritoryKind.Departement ? c.DepartementCode == o.Code : c.RegionCode == o.Code));
        if (others.Count == 0)
        {
            return communes;
        }
        if (communes.Count == 0)
        {
            return others;
        }
        return afterBareA ? communes : others;
    }

    private static bool StrongForCommune(Word? previous, Word? beforePrevious, bool afterAccentedA, bool contracted)
    {
        if (afterAccentedA || contracted && previous is { Folded: "au" or "aux" })
        {
            return true;
        }
        return previous is { Folded: "de" or "d" or "du" or "des" } && beforePrevious is { } noun && PlaceNouns.Contains(noun.Folded);
    }

    private static bool StrongForTerritory(List<Word> words, int first, int count, Word? previous, Word? beforePrevious)
    {
        // "(Loire)".
        if (words[first].OpensParenthesis && words[first + count - 1].ClosesParenthesisAfter)
        {
            return true;
        }
        if (previous is not { } before)
        {
            return false;
        }
        if (before.Folded is "en" or "departement" or "region")
        {
            return true;
        }
        // "dans le Nord", "du Var", "l'Ain", "des Landes" — but not "Corée du Nord".
        return (Articles.Contains(before.Folded) || before.Folded is "du" or "des")
            && (beforePrevious is not { } owner || !owner.Capitalized || FunctionWords.Contains(owner.Folded) || PlaceNouns.Contains(owner.Folded));
    }

    /// <summary>"Saint-Denis (93)", "Saint-Denis (93200)", "Firminy (Loire)": read and consumed; the number of words it took.</summary>
    private int ReadQualifier(List<Word> words, int first, Candidate candidate)
    {
        if (first >= words.Count || !words[first].OpensParenthesis)
        {
            return 0;
        }
        var last = first;
        while (last < words.Count && last - first < 6 && !words[last].ClosesParenthesisAfter)
        {
            last++;
        }
        if (last >= words.Count || !words[last].ClosesParenthesisAfter)
        {
            return 0;
        }
        var folded = string.Join(' ', words.Skip(first).Take(last - first + 1).Select(w => w.Folded));
        if (folded.Length == 5 && folded.All(char.IsAsciiDigit))
        {
            candidate.QualifierPostalCode = folded;
            var departement = folded.StartsWith("97", StringComparison.Ordinal) ? folded[..3] : folded[..2];
            if (!candidate.Places.Any(p => p.PostalCodes.Contains(folded)) && _departements.ContainsKey(departement))
            {
                candidate.QualifierPostalCode = null;
                candidate.QualifierDepartement = departement;
            }
        }
        else if (_departements.ContainsKey(folded.ToUpperInvariant()))
        {
            candidate.QualifierDepartement = folded.ToUpperInvariant();
        }
        else if (_departementByName.TryGetValue(folded, out var code))
        {
            candidate.QualifierDepartement = code;
        }
        else
        {
            return 0;
        }
        if (candidate.Communes is { } communes && communes.Any(c => c.DepartementCode == candidate.QualifierDepartement))
        {
            candidate.Places = communes;
            candidate.Communes = null;
        }
        // A qualifier is a strong context: "Sens (Yonne)", "Y (Somme)".
        if (candidate.Decision != Decision.Rejected || candidate.Places.Any(p => p.DepartementCode == candidate.QualifierDepartement))
        {
            candidate.Decision = Decision.Accepted;
        }
        return last - first + 1;
    }

    internal MentionPlace? Commune(string code) => _communes.GetValueOrDefault(code);

    internal MentionPlace? Departement(string code) => _departements.GetValueOrDefault(code);

    /// <summary>
    /// The places a name typed alone designates (a form's field, not a sentence: no capital needed, no context):
    /// the territories whose official name, a commune's former name or a nickname is this one, accents, case,
    /// hyphens and « St » aside. A qualifier in parentheses keeps only those of a département or postal code:
    /// « Saint-Denis (93) », « Saint-Denis (La Réunion) », « Saint-Denis (97400) »; one that names nothing finds
    /// nothing. A département or région made of one commune (Paris) gives way to that commune.
    /// </summary>
    public IReadOnlyList<MentionPlace> Named(string name)
    {
        var typed = name.Trim();
        string? qualifier = null;
        if (typed.EndsWith(')') && typed.LastIndexOf('(') is var open and > 0)
        {
            qualifier = SearchText.Normalize(typed[(open + 1)..^1]);
            typed = typed[..open].TrimEnd();
        }
        var words = MentionText.Words(typed);
        if (words.Count == 0)
        {
            return [];
        }
        var node = _root;
        foreach (var word in words)
        {
            if (node.Next is null || !node.Next.TryGetValue(word.Folded, out var next))
            {
                return [];
            }
            node = next;
        }
        var places = (node.Variants ?? [])
            .Where(v => v.Form == VariantForm.Name
                || (v.Form == VariantForm.Nickname && (v.ExactSpelling is null || string.Equals(v.ExactSpelling, typed, StringComparison.OrdinalIgnoreCase))))
            .Select(v => v.Place)
            .Distinct()
            .ToList();
        if (qualifier is not null)
        {
            var departement = qualifier.ToUpperInvariant() is var upper && _departements.ContainsKey(upper) ? upper
                : _departementByName.GetValueOrDefault(qualifier);
            places = qualifier.Length == 5 && qualifier.All(char.IsAsciiDigit)
                ? [.. places.Where(p => p.PostalCodes.Contains(qualifier))]
                : departement is null ? [] : [.. places.Where(p => p.Kind != TerritoryKind.Region && p.DepartementCode == departement)];
        }
        var communes = places.Where(c => c.Kind == TerritoryKind.Commune).ToList();
        places.RemoveAll(p => p.Kind != TerritoryKind.Commune && _singleCommuneTerritories.Contains(p.Reference)
            && communes.Any(c => (p.Kind == TerritoryKind.Departement ? c.DepartementCode : c.RegionCode) == p.Code));
        return [.. places.OrderByDescending(p => p.Kind == TerritoryKind.Region).ThenByDescending(p => p.Kind == TerritoryKind.Departement)
            .ThenByDescending(p => p.Population).ThenBy(p => p.Code, StringComparer.Ordinal)];
    }
}
