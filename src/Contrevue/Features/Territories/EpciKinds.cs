using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Territories;

public static class EpciKinds
{
    /// <summary>The legal form of an EPCI in words, from its code in the Etalab data.</summary>
    public static string Label(string kind, IStringLocalizer text) => kind switch
    {
        "CC" => text["Communauté de communes"],
        "CA" => text["Communauté d'agglomération"],
        "CU" => text["Communauté urbaine"],
        "METRO" => text["Métropole"],
        "MET69" => text["Métropole de Lyon"],
        _ => text["Intercommunalité"],
    };
}
