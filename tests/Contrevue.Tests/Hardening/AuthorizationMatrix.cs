namespace Contrevue.Tests.Hardening;

/// <summary>
/// The expected answer of every endpoint to each kind of caller, by access class. Callers: anonymous,
/// a member of another collective, a member of the collective owning the private procedure (session),
/// a moderator signed in with a password only, a moderator and an admin signed in with TOTP (sessions),
/// the member's API token, a moderator's API token. Browser sessions send the antiforgery token the site's
/// pages give them (forms, and the RequestVerificationToken header on API writes); tokens send none.
/// Outcomes: A allowed (2xx, a redirect elsewhere, or 400/409/415 for the harmless input), O 2xx/redirect
/// only, R 400-like only, L sign-in (401 or → /connexion), F forbidden (403 or → /acces-refuse),
/// N 404, T → TOTP set-up.
/// </summary>
public static class AuthorizationMatrix
{
    private const string Slug = "pas-de-vsa-dans-ma-ville";

    /// <summary>Callers in the order of <see cref="Who"/>: anon other member no-totp moderator admin member-token moderator-token.</summary>
    public static readonly IReadOnlyDictionary<string, string> Classes = new Dictionary<string, string>
    {
        // Anyone. A privileged session without its second factor is sent to set it up first — unless the page
        // comes from the output cache, which answers before (the same public bytes as for anyone).
        ["public page"] = "A A A T|A A A A A",
        // A public page's form: sessions post it with their token; API tokens hold no antiforgery token (400).
        ["public form"] = "A A A A A A R R",
        ["public read"] = "A A A A A A A A",
        // Public writes of the API (proposals, reports, "I sent it"…): no session needed, sessions need their token.
        ["public write"] = "A A A A A A A A",
        // Secret links (follow-up, calendar feed): nothing without the secret, whoever asks.
        ["secret link"] = "N N N T N N N N",
        // Signing in: only for whoever is not signed in yet, and harmless for the others.
        ["sign-in form"] = "A A A A A A R R",
        // Any signed-in account, second factor or not (setting the second factor up).
        ["signed-in page"] = "L A A A A A A A",
        ["signed-in form"] = "L A A A A A R R",
        // Accounts (policy « member »: any signed-in account whose second factor is satisfied).
        ["member page"] = "L A A T A A A A",
        ["member form"] = "L A A F A A R R",
        ["member api"] = "L A A F A A A A",
        // What belongs to one collective (its private procedure): its members only; others are told it does not exist.
        ["collective page"] = "L N A T N N A N",
        ["collective form"] = "L N A F N N R R",
        ["collective api read"] = "L N A N N N A N",
        ["collective api write"] = "L N A F N N A N",
        // A collective's public events: written by its members only; everyone else is refused (the event is public).
        ["event api write"] = "L F A F F F A F",
        // What moderators may see (a hidden dossier): 404 to anyone else, as if it did not exist.
        ["moderators see"] = "N N N N A A N A",
        ["moderators see page"] = "A A A T A A A A",
        ["moderator page"] = "L F F T A A F A",
        ["moderator form"] = "L F F F A A F R",
        // Moderation through the API: tokens only (a session moderates through the pages).
        ["moderator api"] = "L L L L L L F A",
        ["admin page"] = "L F F T F A F F",
        ["admin form"] = "L F F F F A F F",
        ["admin api"] = "L L L L L L F F",
        // Uploads and snapshots: any account's token, never a session.
        ["token api"] = "L L L L L L A A",
        // A file cited only by a private procedure: never by its hash, whoever asks.
        ["nobody's file"] = "N N N T N N N N",
    };

    private static readonly string[] Keys = ["anon", "other", "member", "no-totp", "moderator", "admin", "member-token", "moderator-token"];

    public static IReadOnlyDictionary<Who, Outcome> Expected(MatrixRow row)
    {
        var letters = Classes[row.Access].Split(' ');
        var expected = Enum.GetValues<Who>().ToDictionary(who => who, who => Parse(letters[(int)who]));
        foreach (var exception in (row.Override ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = exception.Split('=');
            expected[(Who)Array.IndexOf(Keys, parts[0])] = Parse(parts[1]);
        }
        return expected;
    }

    private static Outcome Parse(string letters) => letters.Split('|').Aggregate(Outcome.None, (all, letter) => all | letter switch
    {
        "A" => Outcome.Allowed,
        "O" => Outcome.Ok,
        "R" => Outcome.Rejected,
        "L" => Outcome.Login,
        "F" => Outcome.Forbidden,
        "N" => Outcome.NotFound,
        "T" => Outcome.SecondFactor,
        _ => throw new ArgumentException($"Unknown outcome {letter}"),
    });

    /// <summary>In the order they are sent: a row that changes something comes before the row that undoes it.</summary>
    public static IReadOnlyList<MatrixRow> Rows(MatrixWorld w) =>
    [
        // ---- Public pages and reads
        new("GET", "/", "public page"),
        new("GET", "/introuvable", "public page", Override: "anon=N other=N member=N moderator=N admin=N member-token=N moderator-token=N"),
        new("GET", "/acces-refuse", "public page", Override: "anon=F other=F member=F moderator=F admin=F member-token=F moderator-token=F"),
        new("GET", "/langue/{language}", "public page", "/langue/en?retour=/"),
        // Any method: sent as GET.
        new("*", "/healthz", "public page"),
        // Files of wwwroot not fingerprinted by MapStaticAssets: one that does not exist is a 404 for anyone.
        new("GET", "/{**path:file}", "public page", "/absent.txt", Override: "anon=N other=N member=N moderator=N admin=N member-token=N moderator-token=N"),
        new("HEAD", "/{**path:file}", "public page", "/absent.txt", Override: "anon=N other=N member=N no-totp=N moderator=N admin=N member-token=N moderator-token=N"),
        new("GET", "/openapi/{documentName}.json", "public page", "/openapi/v1.json"),
        new("GET", "/recherche", "public page", "/recherche?q=firminy"),
        new("GET", "/recherche/suggestions", "public page", "/recherche/suggestions?q=firm"),
        new("GET", "/regions", "public page"),
        new("GET", "/regions/{key}", "public page", "/regions/84"),
        new("GET", "/departements", "public page"),
        new("GET", "/departements/{key}", "public page", "/departements/42"),
        new("GET", "/epci/{key}", "public page", "/epci/244200770"),
        new("GET", "/communes/{key}", "public page", "/communes/42095"),
        new("GET", "/communes/{insee}/historique", "public page", "/communes/42095/historique"),
        new("GET", "/api/v1/communes", "public read", "/api/v1/communes?q=firminy"),
        new("GET", "/api/v1/communes/{insee}", "public read", "/api/v1/communes/42095"),
        new("GET", "/api/v1/communes/{insee}/history", "public read", "/api/v1/communes/42095/history"),
        new("GET", "/api/v1/departements", "public read"),
        new("GET", "/api/v1/regions", "public read"),
        // A read of the territory names: a POST only because an article does not fit in a query string.
        new("POST", "/api/v1/territory-mentions", "public read", Body: "{\"text\":\"À Sète\"}"),
        new("GET", "/api/v1/proof-of-work", "public read"),
        new("GET", "/observatoire", "public page"),
        new("GET", "/observatoire/statistiques", "public page"),
        new("GET", "/observatoire/flux.atom", "public page"),
        new("GET", "/observatoire/fournisseurs", "public page"),
        new("GET", "/observatoire/fournisseurs/{slug}", "public page", $"/observatoire/fournisseurs/{w.VendorSlug}"),
        new("GET", "/observatoire/dossiers/{key}", "public page", $"/observatoire/dossiers/{w.PublicDossierKey}"),
        new("GET", "/observatoire/dossiers/{key}", "moderators see page", $"/observatoire/dossiers/{w.HiddenDossierId}-vsa-matrice"),
        new("GET", "/observatoire/dossiers/{id:int}/historique", "public page", $"/observatoire/dossiers/{w.PublicDossierId}/historique"),
        new("GET", "/api/v1/dossiers", "public read", "/api/v1/dossiers?q=matrice"),
        new("GET", "/api/v1/dossiers.csv", "public read", "/api/v1/dossiers.csv?q=matrice"),
        new("GET", "/api/v1/dossiers/{id:int}", "public read", $"/api/v1/dossiers/{w.PublicDossierId}"),
        new("GET", "/api/v1/dossiers/{id:int}", "moderators see", $"/api/v1/dossiers/{w.HiddenDossierId}"),
        new("GET", "/api/v1/dossiers/{id:int}/history", "public read", $"/api/v1/dossiers/{w.PublicDossierId}/history"),
        new("GET", "/api/v1/dossiers/{id:int}/history", "moderators see", $"/api/v1/dossiers/{w.HiddenDossierId}/history"),
        new("GET", "/api/v1/vendors", "public read"),
        new("GET", "/api/v1/vendors/{slug}", "public read", $"/api/v1/vendors/{w.VendorSlug}"),
        new("GET", "/fichiers/{sha256}", "public page", $"/fichiers/{w.PublishedSha}"),
        new("GET", "/fichiers/{sha256}", "nobody's file", $"/fichiers/{w.PrivateSha}"),
        new("GET", "/campagnes/{slug}", "public page", $"/campagnes/{Slug}"),
        new("GET", "/campagnes/{slug}/collectivites", "public page", $"/campagnes/{Slug}/collectivites?territoire=42095"),
        new("GET", "/campagnes/{slug}/tableau", "public page", $"/campagnes/{Slug}/tableau"),
        new("GET", "/campagnes/{slug}/lettre", "public page", $"/campagnes/{Slug}/lettre?territoire=42095"),
        new("GET", "/campagnes/{slug}/lettres-groupees", "public page", $"/campagnes/{Slug}/lettres-groupees"),
        new("GET", "/campagnes/{slug}/envoi", "public page", $"/campagnes/{Slug}/envoi?territoire=42095"),
        new("GET", "/campagnes", "public page"),
        new("GET", "/campagnes/{slug}/envois-groupes", "public page", $"/campagnes/{Slug}/envois-groupes?departement=90"),
        new("GET", "/campagnes/{slug}/reponse", "public page", $"/campagnes/{Slug}/reponse?territoire=42095"),
        new("GET", "/campagnes/{slug}/reponses.atom", "public page", $"/campagnes/{Slug}/reponses.atom"),
        new("GET", "/campagnes/{slug}/affiches/{file}", "public page", $"/campagnes/{Slug}/affiches/a4.pdf"),
        new("GET", "/campagnes/suivi/{token}", "secret link", "/campagnes/suivi/jeton-inconnu"),
        new("GET", "/api/v1/campaigns", "public read"),
        new("GET", "/api/v1/campaigns/{slug}", "public read", $"/api/v1/campaigns/{Slug}"),
        new("GET", "/api/v1/campaigns/{slug}/scoreboard", "public read", $"/api/v1/campaigns/{Slug}/scoreboard"),
        new("GET", "/api/v1/campaigns/{slug}/territories/{territory}", "public read", $"/api/v1/campaigns/{Slug}/territories/42095"),
        new("GET", "/delais", "public page"),
        new("GET", "/api/v1/deadlines", "public read", "/api/v1/deadlines?procedure=cada-request&start=2025-03-03"),
        new("GET", "/api/v1/deadlines/procedures", "public read"),
        new("GET", "/procedures/modeles", "public page"),
        new("GET", "/calendriers/{file}", "secret link", "/calendriers/inconnu.ics"),

        // ---- Public forms and writes (the harmless input is an empty one)
        new("GET", "/proposer/contact", "public page", "/proposer/contact?territoire=42095"),
        new("POST", "/proposer/contact", "public form", "/proposer/contact?territoire=42095"),
        new("GET", "/proposer/merci", "public page"),
        new("GET", "/proposer/confirmer", "public page", "/proposer/confirmer?jeton=inconnu"),
        new("POST", "/proposer/confirmer", "public form", "/proposer/confirmer?jeton=inconnu"),
        new("GET", "/rejoindre", "public page"),
        new("POST", "/rejoindre", "public form"),
        new("GET", "/rejoindre/confirmer", "public page", "/rejoindre/confirmer?jeton=inconnu"),
        new("POST", "/rejoindre/confirmer", "public form", "/rejoindre/confirmer?jeton=inconnu"),
        new("GET", "/rejoindre/effacer", "public page", "/rejoindre/effacer?jeton=inconnu"),
        new("POST", "/rejoindre/effacer", "public form", "/rejoindre/effacer?jeton=inconnu"),
        new("POST", "/api/v1/mobilisation/sign-ups", "public write"),
        new("GET", "/observatoire/proposer", "public page"),
        new("POST", "/observatoire/proposer", "public form"),
        new("GET", "/observatoire/dossiers/{id:int}/proposer-une-source", "public page", $"/observatoire/dossiers/{w.PublicDossierId}/proposer-une-source"),
        new("POST", "/observatoire/dossiers/{id:int}/proposer-une-source", "public form", $"/observatoire/dossiers/{w.PublicDossierId}/proposer-une-source"),
        new("GET", "/observatoire/signaler", "public page", $"/observatoire/signaler?dossier={w.PublicDossierId}"),
        new("POST", "/observatoire/signaler", "public form", $"/observatoire/signaler?dossier={w.PublicDossierId}"),
        new("GET", "/observatoire/signaler/merci", "public page"),
        new("POST", "/campagnes/{slug}/lettre", "public form", $"/campagnes/{Slug}/lettre?territoire=42095"),
        new("POST", "/campagnes/{slug}/lettre?handler=Preview", "public form", $"/campagnes/{Slug}/lettre?territoire=42095&handler=Preview"),
        new("POST", "/campagnes/{slug}/lettres-groupees?handler=Declare", "public form", $"/campagnes/{Slug}/lettres-groupees?handler=Declare"),
        new("POST", "/campagnes/{slug}/lettres-groupees", "public form", $"/campagnes/{Slug}/lettres-groupees"),
        new("POST", "/campagnes/{slug}/envoi", "public form", $"/campagnes/{Slug}/envoi?territoire=42095"),
        new("POST", "/campagnes/{slug}/envois-groupes", "public form", $"/campagnes/{Slug}/envois-groupes"),
        new("POST", "/campagnes/{slug}/reponse", "public form", $"/campagnes/{Slug}/reponse?territoire=42095"),
        new("POST", "/campagnes/suivi/{token}", "secret link", "/campagnes/suivi/jeton-inconnu", Override: "no-totp=N member-token=R moderator-token=R"),
        new("POST", "/procedures/modeles", "public form"),
        new("POST", "/procedures/modeles?handler=Preview", "public form", "/procedures/modeles?handler=Preview"),
        new("POST", "/api/v1/proposals", "public write"),
        new("POST", "/api/v1/dossier-proposals", "public write"),
        new("POST", "/api/v1/dossiers/{id:int}/source-proposals", "public write", $"/api/v1/dossiers/{w.PublicDossierId}/source-proposals"),
        new("POST", "/api/v1/reports", "public write"),
        new("POST", "/api/v1/campaigns/{slug}/requests", "public write", $"/api/v1/campaigns/{Slug}/requests"),
        new("POST", "/api/v1/campaigns/{slug}/responses", "public write", $"/api/v1/campaigns/{Slug}/responses"),
        new("POST", "/api/v1/campaigns/{slug}/letters", "public write", $"/api/v1/campaigns/{Slug}/letters"),
        new("POST", "/api/v1/campaigns/{slug}/letter-batches", "public write", $"/api/v1/campaigns/{Slug}/letter-batches"),
        new("POST", "/api/v1/procedure-letters", "public write"),

        // ---- Accounts
        new("GET", "/connexion", "public page"),
        new("POST", "/connexion", "sign-in form"),
        new("GET", "/connexion/code", "public page", Override: "anon=L other=L member=L moderator=L admin=L member-token=L moderator-token=L"),
        new("POST", "/connexion/code", "sign-in form", Override: "anon=L|R other=L|R member=L|R no-totp=L|R moderator=L|R admin=L|R"),
        new("POST", "/connexion/cle-d-acces/options", "sign-in form"),
        new("POST", "/connexion/cle-d-acces", "sign-in form"),
        new("GET", "/mot-de-passe-oublie", "public page"),
        new("POST", "/mot-de-passe-oublie", "public form"),
        new("GET", "/mot-de-passe/nouveau", "public page", "/mot-de-passe/nouveau?jeton=inconnu"),
        new("POST", "/mot-de-passe/nouveau", "public form", "/mot-de-passe/nouveau?jeton=inconnu"),
        new("GET", "/invitation", "public page", "/invitation?jeton=inconnu"),
        new("POST", "/invitation", "public form", "/invitation?jeton=inconnu"),
        new("GET", "/deconnexion", "public page", Override: "no-totp=A"),
        new("POST", "/deconnexion", "public form", NotSent: "ends the caller's session, which the following rows need"),
        new("GET", "/compte/double-authentification", "signed-in page"),
        new("POST", "/compte/double-authentification", "signed-in form"),
        new("GET", "/compte", "member page"),
        new("POST", "/compte?handler=CreateToken", "member form", "/compte?handler=CreateToken"),
        new("POST", "/compte?handler=Revoke", "member form", "/compte?handler=Revoke"),
        new("POST", "/compte?handler=RemovePasskey", "member form", "/compte?handler=RemovePasskey"),
        new("GET", "/compte?handler=Export", "member page", "/compte?handler=Export"),
        new("POST", "/compte?handler=DeleteAccount", "member form", "/compte?handler=DeleteAccount"),
        new("GET", "/mes-donnees", "public page"),
        new("GET", "/requete-refusee", "public page"),
        new("POST", "/mes-donnees", "public form"),
        new("GET", "/mes-donnees/{token}", "secret link", "/mes-donnees/jeton-inconnu"),
        new("POST", "/mes-donnees/{token}?handler=Erase", "secret link", "/mes-donnees/jeton-inconnu?handler=Erase", Override: "no-totp=N member-token=R moderator-token=R"),
        new("POST", "/compte/cles-d-acces/options", "member api", Override: "member-token=R moderator-token=R"),
        new("POST", "/compte/cles-d-acces", "member api", Override: "member-token=R moderator-token=R"),
        new("GET", "/api/v1/me", "member api"),

        // ---- Collectives and their procedures (the private procedure of the member's collective)
        // A collective's page: the directory of collectives is public, so others are refused rather than told it does
        // not exist; admins manage every collective.
        new("GET", "/collectifs/{id:int}", "collective page", $"/collectifs/{w.CollectiveId}", Override: "other=F moderator=F admin=A moderator-token=F"),
        new("POST", "/collectifs/{id:int}?handler=Invite", "collective form", $"/collectifs/{w.CollectiveId}?handler=Invite", Override: "other=F moderator=F admin=A"),
        new("POST", "/collectifs/{id:int}?handler=Profile", "collective form", $"/collectifs/{w.CollectiveId}?handler=Profile", Override: "other=F moderator=F admin=A"),
        // The public directory; the world's collective is not listed: it has no public page, whoever asks.
        new("GET", "/collectifs", "public page"),
        new("GET", "/collectifs/{key}", "public page", $"/collectifs/{w.CollectiveId}-collectif", Override: "anon=N other=N member=N moderator=N admin=N member-token=N moderator-token=N"),
        new("GET", "/collectifs/{key}/ecrire", "public page", $"/collectifs/{w.CollectiveId}-collectif/ecrire", Override: "anon=N other=N member=N moderator=N admin=N member-token=N moderator-token=N"),
        new("POST", "/collectifs/{key}/ecrire", "public form", $"/collectifs/{w.CollectiveId}-collectif/ecrire", Override: "anon=N other=N member=N no-totp=N moderator=N admin=N"),
        new("GET", "/api/v1/collectives", "public read"),
        new("GET", "/api/v1/collectives/{id:int}", "collective api read", $"/api/v1/collectives/{w.CollectiveId}", Override: "anon=N admin=A"),
        new("POST", "/api/v1/collectives", "admin api"),
        new("PUT", "/api/v1/collectives/{id:int}", "collective api write", $"/api/v1/collectives/{w.CollectiveId}", Override: "admin=A"),
        new("GET", "/collectifs/{id:int}/calendrier", "collective page", $"/collectifs/{w.CollectiveId}/calendrier"),
        new("POST", "/collectifs/{id:int}/calendrier?handler=Renew", "collective form", $"/collectifs/{w.CollectiveId}/calendrier?handler=Renew"),
        new("POST", "/collectifs/{id:int}/calendrier?handler=Revoke", "collective form", $"/collectifs/{w.CollectiveId}/calendrier?handler=Revoke"),
        new("GET", "/procedures", "member page"),
        new("GET", "/procedures/echeances", "member page"),
        new("GET", "/procedures/nouvelle", "collective page", $"/procedures/nouvelle?collectif={w.CollectiveId}"),
        new("POST", "/procedures/nouvelle", "collective form", $"/procedures/nouvelle?collectif={w.CollectiveId}"),
        new("GET", "/procedures/series/{id:int}", "collective page", $"/procedures/series/{w.SeriesId}"),
        new("GET", "/procedures/{id:int}", "collective page", $"/procedures/{w.ProcedureId}"),
        new("POST", "/procedures/{id:int}?handler=Event", "collective form", $"/procedures/{w.ProcedureId}?handler=Event", Override: "no-totp=N"),
        new("POST", "/procedures/{id:int}?handler=RemoveEvent", "collective form", $"/procedures/{w.ProcedureId}?handler=RemoveEvent", Override: "no-totp=N"),
        new("POST", "/procedures/{id:int}?handler=Document", "collective form", $"/procedures/{w.ProcedureId}?handler=Document", Override: "no-totp=N"),
        new("POST", "/procedures/{id:int}?handler=RemoveDocument", "collective form", $"/procedures/{w.ProcedureId}?handler=RemoveDocument", Override: "no-totp=N"),
        new("POST", "/procedures/{id:int}?handler=Status", "collective form", $"/procedures/{w.ProcedureId}?handler=Status", Override: "no-totp=N"),
        new("POST", "/procedures/{id:int}?handler=Series", "collective form", $"/procedures/{w.ProcedureId}?handler=Series", Override: "no-totp=N"),
        new("POST", "/procedures/{id:int}?handler=Continue", "collective form", $"/procedures/{w.ProcedureId}?handler=Continue", Override: "no-totp=N"),
        new("POST", "/procedures/{id:int}?handler=Publish", "collective form", $"/procedures/{w.ProcedureId}?handler=Publish", Override: "no-totp=N"),
        new("POST", "/procedures/{id:int}?handler=Unpublish", "collective form", $"/procedures/{w.ProcedureId}?handler=Unpublish", Override: "no-totp=N"),
        new("GET", "/procedures/{id:int}/modifier", "collective page", $"/procedures/{w.ProcedureId}/modifier"),
        new("POST", "/procedures/{id:int}/modifier", "collective form", $"/procedures/{w.ProcedureId}/modifier"),
        new("GET", "/procedures/{id:int}/delais.ics", "collective api read", $"/procedures/{w.ProcedureId}/delais.ics", Override: "no-totp=T"),
        new("GET", "/procedures/{id:int}/documents/{documentId:int}", "collective api read", $"/procedures/{w.ProcedureId}/documents/{w.DocumentId}", Override: "no-totp=T"),
        new("GET", "/api/v1/procedures", "member api"),
        new("POST", "/api/v1/procedures", "collective api write", Body: $"{{\"collectiveId\":{w.CollectiveId}}}"),
        new("GET", "/api/v1/procedures/{id:int}", "collective api read", $"/api/v1/procedures/{w.ProcedureId}"),
        new("PUT", "/api/v1/procedures/{id:int}", "collective api write", $"/api/v1/procedures/{w.ProcedureId}"),
        new("POST", "/api/v1/procedures/{id:int}/events", "collective api write", $"/api/v1/procedures/{w.ProcedureId}/events"),
        new("POST", "/api/v1/procedures/{id:int}/status", "collective api write", $"/api/v1/procedures/{w.ProcedureId}/status"),
        new("POST", "/api/v1/procedures/{id:int}/continue", "collective api write", $"/api/v1/procedures/{w.ProcedureId}/continue", Body: "{\"kind\":\"inconnu\"}"),
        new("POST", "/api/v1/procedures/{id:int}/publish", "collective api write", $"/api/v1/procedures/{w.ProcedureId}/publish"),
        new("POST", "/api/v1/procedures/{id:int}/unpublish", "collective api write", $"/api/v1/procedures/{w.ProcedureId}/unpublish"),

        // ---- Agenda: public reads and feeds; writes by a collective's members (no event in this world: an unknown one is a 404 to any account)
        new("GET", "/api/v1/events", "public read"),
        new("GET", "/api/v1/events/{id:int}", "public read", "/api/v1/events/999999", Override: "anon=N other=N member=N no-totp=N moderator=N admin=N member-token=N moderator-token=N"),
        new("POST", "/api/v1/events", "event api write", Body: $"{{\"collective\":{w.CollectiveId}}}"),
        new("PUT", "/api/v1/events/{id:int}", "member api", "/api/v1/events/999999", Override: "other=N member=N moderator=N admin=N member-token=N moderator-token=N"),
        new("POST", "/api/v1/events/{id:int}/cancel", "member api", "/api/v1/events/999999/cancel", Override: "other=N member=N moderator=N admin=N member-token=N moderator-token=N"),
        new("GET", "/agenda.ics", "public page"),
        new("GET", "/agenda/{id:int}.ics", "public page", "/agenda/999999.ics", Override: "anon=N other=N member=N moderator=N admin=N member-token=N moderator-token=N"),
        new("GET", "/agenda/departements/{code}.ics", "public page", "/agenda/departements/42.ics"),
        new("GET", "/collectifs/{id:int}/agenda.ics", "public page", "/collectifs/999999/agenda.ics", Override: "anon=N other=N member=N moderator=N admin=N member-token=N moderator-token=N"),
        new("GET", "/agenda", "public page"),
        new("GET", "/agenda/{key}", "public page", "/agenda/999999-inconnu", Override: "anon=N other=N member=N moderator=N admin=N member-token=N moderator-token=N"),
        // A national event: moderators only (a collective's members use ?collectif=, refused to others).
        new("GET", "/agenda/proposer", "public page"),
        new("POST", "/agenda/proposer", "public form"),
        new("GET", "/agenda/nouveau", "moderator page"),
        new("POST", "/agenda/nouveau", "moderator form", Override: "member-token=R"),
        new("GET", "/agenda/{id:int}/modifier", "member page", "/agenda/999999/modifier", Override: "other=N member=N moderator=N admin=N member-token=N moderator-token=N"),
        new("POST", "/agenda/{id:int}/modifier", "member form", "/agenda/999999/modifier", Override: "other=N member=N moderator=N admin=N"),
        new("POST", "/agenda/{id:int}/modifier?handler=Cancel", "member form", "/agenda/999999/modifier?handler=Cancel", Override: "other=N member=N moderator=N admin=N"),
        new("POST", "/api/v1/events/{id:int}/rsvps", "public write", "/api/v1/events/999999/rsvps", Body: "{\"email\":\"matrice@example.org\"}", Override: "anon=N other=N member=N no-totp=N moderator=N admin=N member-token=N moderator-token=N"),
        new("GET", "/api/v1/events/{id:int}/rsvps", "member api", "/api/v1/events/999999/rsvps", Override: "other=N member=N moderator=N admin=N member-token=N moderator-token=N"),
        new("POST", "/api/v1/events/{id:int}/rsvps/{rsvpId:int}/approve", "member api", "/api/v1/events/999999/rsvps/1/approve", Override: "other=N member=N moderator=N admin=N member-token=N moderator-token=N"),
        new("GET", "/agenda/participer", "public page", "/agenda/participer?jeton=inconnu"),
        new("GET", "/agenda/{id:int}/participants", "member page", "/agenda/999999/participants", Override: "other=N member=N moderator=N admin=N member-token=N moderator-token=N"),
        new("POST", "/agenda/{id:int}/participants?handler=Approve", "member form", "/agenda/999999/participants?handler=Approve", Override: "other=N member=N moderator=N admin=N"),
        new("POST", "/agenda/participer", "public form", "/agenda/participer?jeton=inconnu"),
        new("GET", "/agenda/{key}/participer", "public page", "/agenda/999999-inconnu/participer", Override: "anon=N other=N member=N moderator=N admin=N member-token=N moderator-token=N"),
        new("POST", "/agenda/{key}/participer", "public form", "/agenda/999999-inconnu/participer", Override: "anon=N other=N member=N no-totp=N moderator=N admin=N"),

        // ---- Editing the observatoire (members' pages)
        new("GET", "/observatoire/dossiers/nouveau", "member page"),
        new("POST", "/observatoire/dossiers/nouveau", "member form"),
        new("GET", "/observatoire/dossiers/{id:int}/modifier", "member page", $"/observatoire/dossiers/{w.PublicDossierId}/modifier"),
        new("POST", "/observatoire/dossiers/{id:int}/modifier", "member form", $"/observatoire/dossiers/{w.PublicDossierId}/modifier"),

        // ---- Moderation
        new("GET", "/moderation", "moderator page"),
        new("GET", "/moderation/{id:int}", "moderator page", $"/moderation/{w.ContactProposalId}"),
        new("GET", "/moderation/reponses/{id:int}", "moderator page", $"/moderation/reponses/{w.ResponseProposalId}"),
        new("GET", "/moderation/dossiers/{id:int}", "moderator page", $"/moderation/dossiers/{w.DossierProposalId}"),
        new("GET", "/moderation/sources/{id:int}", "moderator page", $"/moderation/sources/{w.SourceProposalId}"),
        new("GET", "/moderation/signalements", "moderator page"),
        new("GET", "/moderation/fournisseurs", "moderator page"),
        new("POST", "/moderation/{id:int}?handler=Reject", "moderator form", $"/moderation/{w.ContactProposalId}?handler=Reject"),
        new("POST", "/moderation/{id:int}?handler=Approve", "moderator form", $"/moderation/{w.ContactProposalId}?handler=Approve"),
        new("POST", "/moderation/reponses/{id:int}?handler=Reject", "moderator form", $"/moderation/reponses/{w.ResponseProposalId}?handler=Reject"),
        new("POST", "/moderation/reponses/{id:int}?handler=Approve", "moderator form", $"/moderation/reponses/{w.ResponseProposalId}?handler=Approve"),
        new("POST", "/moderation/dossiers/{id:int}?handler=Reject", "moderator form", $"/moderation/dossiers/{w.DossierProposalId}?handler=Reject"),
        new("POST", "/moderation/dossiers/{id:int}?handler=Approve", "moderator form", $"/moderation/dossiers/{w.DossierProposalId}?handler=Approve"),
        new("GET", "/moderation/rendez-vous/{id:int}", "moderator page", $"/moderation/rendez-vous/{w.EventProposalId}"),
        new("POST", "/moderation/rendez-vous/{id:int}?handler=Reject", "moderator form", $"/moderation/rendez-vous/{w.EventProposalId}?handler=Reject"),
        new("POST", "/moderation/rendez-vous/{id:int}?handler=Approve", "moderator form", $"/moderation/rendez-vous/{w.EventProposalId}?handler=Approve"),
        new("POST", "/moderation/sources/{id:int}?handler=Reject", "moderator form", $"/moderation/sources/{w.SourceProposalId}?handler=Reject"),
        new("POST", "/moderation/sources/{id:int}?handler=Approve", "moderator form", $"/moderation/sources/{w.SourceProposalId}?handler=Approve"),
        new("POST", "/moderation/signalements?handler=Restore", "moderator form", "/moderation/signalements?handler=Restore"),
        new("POST", "/moderation/signalements?handler=Uphold", "moderator form", "/moderation/signalements?handler=Uphold"),
        new("POST", "/moderation/fournisseurs?handler=Commune", "moderator form", "/moderation/fournisseurs?handler=Commune"),
        new("POST", "/moderation/fournisseurs?handler=Vendor", "moderator form", "/moderation/fournisseurs?handler=Vendor"),
        // Public pages whose revert handler checks the moderator policy itself: a token, holding no antiforgery token, is refused first.
        new("POST", "/communes/{insee}/historique?handler=Revert", "moderator form", "/communes/42095/historique?handler=Revert", Override: "member-token=R"),
        new("POST", "/observatoire/dossiers/{id:int}/historique?handler=Revert", "moderator form", $"/observatoire/dossiers/{w.PublicDossierId}/historique?handler=Revert", Override: "member-token=R"),
        new("GET", "/api/v1/moderation/queue", "moderator api"),
        new("POST", "/api/v1/moderation/{id:int}/approve", "moderator api", "/api/v1/moderation/999999/approve", Override: "moderator-token=A|N"),
        new("POST", "/api/v1/moderation/{id:int}/reject", "moderator api", "/api/v1/moderation/999999/reject", Override: "moderator-token=A|N"),
        new("POST", "/api/v1/moderation/revisions/{id:int}/revert", "moderator api", "/api/v1/moderation/revisions/999999/revert", Override: "moderator-token=A|N"),
        new("GET", "/api/v1/moderation/reports", "moderator api"),
        new("POST", "/api/v1/moderation/reports/{target}/{id:int}/restore", "moderator api", "/api/v1/moderation/reports/dossier/999999/restore", Override: "moderator-token=A|N"),
        new("POST", "/api/v1/moderation/reports/{target}/{id:int}/uphold", "moderator api", "/api/v1/moderation/reports/dossier/999999/uphold", Override: "moderator-token=A|N"),
        new("POST", "/api/v1/dossiers", "moderator api"),
        new("PUT", "/api/v1/dossiers/{id:int}", "moderator api", $"/api/v1/dossiers/{w.PublicDossierId}"),
        new("POST", "/api/v1/files", "token api"),
        new("POST", "/api/v1/snapshots", "token api"),

        // ---- Administration
        new("GET", "/admin", "admin page"),
        // Sign-ups: every account sees those of its collectives' territories (none without a collective); admins make a collective of them.
        new("GET", "/admin/inscriptions", "member page"),
        new("GET", "/admin/inscriptions?handler=Csv", "member page", "/admin/inscriptions?handler=Csv"),
        new("GET", "/admin/inscriptions/collectif", "admin page"),
        new("POST", "/admin/inscriptions/collectif", "admin form"),
        new("GET", "/admin/inscriptions/rendez-vous", "member page"),
        new("POST", "/admin/inscriptions/rendez-vous", "member form"),
        new("GET", "/admin/journal", "admin page"),
        new("GET", "/admin/invitations", "admin page"),
        new("POST", "/admin/invitations", "admin form"),
        new("GET", "/admin/collectifs", "admin page"),
        new("POST", "/admin/collectifs", "admin form"),
        new("GET", "/admin/jours-feries", "admin page"),
        new("POST", "/admin/jours-feries", "admin form"),
        new("POST", "/admin/jours-feries?handler=Remove", "admin form", "/admin/jours-feries?handler=Remove"),
        new("GET", "/admin/campagnes", "admin page"),
        new("GET", "/admin/campagnes/nouvelle", "admin page"),
        new("POST", "/admin/campagnes/nouvelle", "admin form"),
        new("POST", "/admin/campagnes/nouvelle?handler=Preview", "admin form", "/admin/campagnes/nouvelle?handler=Preview"),
        new("GET", "/admin/campagnes/{slug}/modifier", "admin page", $"/admin/campagnes/{Slug}/modifier"),
        new("POST", "/admin/campagnes/{slug}/modifier", "admin form", $"/admin/campagnes/{Slug}/modifier"),
        new("POST", "/admin/campagnes/{slug}/modifier?handler=Preview", "admin form", $"/admin/campagnes/{Slug}/modifier?handler=Preview"),
        new("POST", "/api/v1/campaigns", "admin api"),
        new("PUT", "/api/v1/campaigns/{slug}", "admin api", $"/api/v1/campaigns/{Slug}"),

        // ---- Kit de campagne: public reads; members propose for their collective, moderators publish.
        new("GET", "/kit", "public page"),
        new("GET", "/kit/{key}", "public page", "/kit/999999-inconnu", Override: "anon=N other=N member=N moderator=N admin=N member-token=N moderator-token=N"),
        new("POST", "/kit/{key}?handler=Publish", "public form", "/kit/999999-inconnu?handler=Publish", Override: "anon=N other=N member=N no-totp=N moderator=N admin=N"),
        new("GET", "/kit/nouveau", "member page"),
        new("POST", "/kit/nouveau", "member form"),
        new("GET", "/kit/{id:int}/nouvelle-version", "member page", "/kit/999999/nouvelle-version", Override: "other=N member=N moderator=N admin=N member-token=N moderator-token=N"),
        new("POST", "/kit/{id:int}/nouvelle-version", "member form", "/kit/999999/nouvelle-version", Override: "other=N member=N moderator=N admin=N"),
        new("GET", "/kit/proposer", "public page"),
        new("POST", "/kit/proposer", "public form"),
        new("GET", "/moderation/kit/{id:int}", "moderator page", "/moderation/kit/999999", Override: "moderator=N admin=N moderator-token=N"),
        new("POST", "/moderation/kit/{id:int}?handler=Approve", "moderator form", "/moderation/kit/999999?handler=Approve", Override: "moderator=N admin=N"),
        new("POST", "/moderation/kit/{id:int}?handler=Reject", "moderator form", "/moderation/kit/999999?handler=Reject", Override: "moderator=N admin=N"),
        new("GET", "/kit/fichiers/{id:int}", "public read", "/kit/fichiers/999999", Override: "anon=N other=N member=N moderator=N admin=N member-token=N moderator-token=N no-totp=T"),
        new("GET", "/kit/fichiers/{id:int}/apercu", "public read", "/kit/fichiers/999999/apercu", Override: "anon=N other=N member=N moderator=N admin=N member-token=N moderator-token=N no-totp=T"),
        new("GET", "/api/v1/kit", "public read"),
        new("GET", "/api/v1/kit/{id:int}", "public read", "/api/v1/kit/999999", Override: "anon=N other=N member=N no-totp=N moderator=N admin=N member-token=N moderator-token=N"),
        new("POST", "/api/v1/kit", "member api", Body: $"{{\"collective\":{w.CollectiveId}}}", Override: "other=F"),
        new("POST", "/api/v1/kit/{id:int}/versions", "member api", "/api/v1/kit/999999/versions"),
        new("POST", "/api/v1/kit/{id:int}/publish", "member api", "/api/v1/kit/999999/publish", Override: "other=F member=F moderator=N admin=N member-token=F moderator-token=N"),
    ];
}
