using Contrevue.Infrastructure.Text;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Contrevue.Features.Observatoire.Vendors;

public sealed record VendorAuthorityDto(string Kind, string? Code, string Name);

public sealed record VendorDossierDto(int Id, string Slug, string Title, VendorAuthorityDto Authority, string Status);

public sealed record VendorCommuneDto(string Code, string Name);

public sealed record VendorClientsDto(IReadOnlyList<VendorDossierDto> Dossiers, IReadOnlyList<VendorCommuneDto> Communes);

/// <summary>An end of a relation: its name as written, and the vendor's slug or the commune's code when it was matched.</summary>
public sealed record RelationEndDto(
    string Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Vendor,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Commune);

public sealed record VendorRelationDto(RelationEndDto Subject, string Kind, [property: JsonPropertyName("object")] RelationEndDto ObjectEnd, string? Source, bool NeedsReview);

public sealed record VendorDto(
    string Slug, string Name, string? ParentCompany, string? Country, string? Website, IReadOnlyList<string> Products,
    string? Description, bool Fictional, VendorClientsDto Clients, IReadOnlyList<VendorRelationDto> Relations);

public sealed record VendorSummaryDto(string Slug, string Name, int DossierCount);

public sealed record VendorItemsDto(IReadOnlyList<VendorSummaryDto> Items);

public static class VendorApi
{
    public static void MapVendorApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/vendors").WithTags("Observatoire");
        group.MapGet("/{slug}", GetVendor)
            .WithName("GetVendor")
            .WithSummary("Un fournisseur : sa fiche, ses clients (dossiers et communes) et ses relations");
        group.MapGet("", SearchVendors)
            .WithName("SearchVendors")
            .WithSummary("Fournisseurs dont le nom contient q (20 au plus), pour l'autocomplétion");
    }

    public static async Task<Results<Ok<VendorDto>, ProblemHttpResult>> GetVendor(
        string slug, VendorQueries queries, IStringLocalizer<SharedResource> text, CancellationToken cancellationToken)
    {
        var profile = await queries.ProfileAsync(slug, cancellationToken);
        if (profile is null)
        {
            return TypedResults.Problem(
                title: text["Fournisseur introuvable"],
                detail: text["Aucun fournisseur n'a l'identifiant « {0} ».", slug],
                statusCode: StatusCodes.Status404NotFound);
        }
        var vendor = profile.Vendor;
        return TypedResults.Ok(new VendorDto(
            vendor.Slug, vendor.Name, vendor.ParentCompany, vendor.Country, vendor.Website, vendor.ProductList, vendor.Description, vendor.IsFictional,
            new VendorClientsDto(
                [.. profile.Dossiers.Select(d => new VendorDossierDto(d.Id, d.Slug, d.Title,
                    new VendorAuthorityDto(ObservatoireCodes.AuthorityKinds.Code(d.AuthorityKind), d.AuthorityCode, d.AuthorityName),
                    ObservatoireCodes.Statuses.Code(d.Status)))],
                [.. profile.Communes.Select(c => new VendorCommuneDto(c.Code, c.Name))]),
            [.. profile.Relations.Select(r => new VendorRelationDto(End(r.SubjectEnd), r.Kind, End(r.ObjectEnd), r.Source, r.NeedsReview))]));

        static RelationEndDto End(RelationEnd end) => new(end.Name, end.VendorSlug, end.CommuneCode);
    }

    public static async Task<Ok<VendorItemsDto>> SearchVendors([FromQuery] string? q, VendorQueries queries, CancellationToken cancellationToken)
    {
        var vendors = await queries.SuggestAsync(q, VendorQueries.MaxSuggestions, cancellationToken);
        return TypedResults.Ok(new VendorItemsDto([.. vendors.Select(v => new VendorSummaryDto(v.Slug, v.Name, v.DossierCount))]));
    }
}
