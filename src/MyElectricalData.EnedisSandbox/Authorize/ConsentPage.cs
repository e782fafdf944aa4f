// Owns: the HTML of the consent screen: French, plain, accessible, no script and no external asset.
using System.Text;
using System.Text.Encodings.Web;
using MyElectricalData.EnedisSandbox.Data;

namespace MyElectricalData.EnedisSandbox.Authorize;

internal static class ConsentPage
{
    public const string DecisionPath = "/dataconnect/v1/oauth2/authorize/decision";

    public static string Render(AuthorizeRequest request, MeterCatalog meters)
    {
        var html = HtmlEncoder.Default;
        var items = new StringBuilder();
        foreach (var id in request.UsagePoints)
        {
            var flows = meters.Produces(id) ? "consommation et production" : "consommation";
            items.Append("        <li><strong>").Append(html.Encode(id)).Append("</strong> : ").Append(flows).Append("</li>\n");
        }

        string Hidden(string name, string? value) =>
            value is null ? "" : $"""      <input type="hidden" name="{name}" value="{html.Encode(value)}">""" + "\n";

        return $$"""
            <!DOCTYPE html>
            <html lang="fr">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>Partage de vos données de consommation (bac à sable Enedis)</title>
              <style>
                body { font-family: system-ui, sans-serif; max-width: 40rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; color: #1a1a1a; }
                .actions { display: flex; gap: 1rem; margin-top: 1.5rem; }
                button { font-size: 1rem; padding: 0.6rem 1.4rem; border-radius: 0.3rem; border: 2px solid #1f4e96; cursor: pointer; }
                button[value="accept"] { background: #1f4e96; color: #fff; }
                button[value="refuse"] { background: #fff; color: #1f4e96; }
                button:focus-visible { outline: 3px solid #f0a500; outline-offset: 2px; }
                .note { font-size: 0.9rem; color: #555; }
              </style>
            </head>
            <body>
              <main>
                <h1>Autorisez-vous le partage de vos données ?</h1>
                <p>L'application <strong>{{html.Encode(request.ClientId)}}</strong> demande à accéder aux données de vos compteurs
                pendant <strong>{{html.Encode(request.Duration.ToFrench())}}</strong>.</p>
                <h2>Points de livraison concernés</h2>
                <ul>
            {{items}}    </ul>
                <p>Données partagées : consommation et production quotidiennes et par demi-heure, puissance maximale,
                contrat, adresse, identité et coordonnées.</p>
                <form method="post" action="{{DecisionPath}}">
            {{Hidden("client_id", request.ClientId)}}{{Hidden("response_type", "code")}}{{Hidden("duration", request.DurationText)}}{{Hidden("state", request.State)}}{{Hidden("redirect_uri", request.RedirectUri.OriginalString)}}{{Hidden("usage_points", string.Join(';', request.UsagePoints))}}      <div class="actions">
                    <button type="submit" name="decision" value="accept">Accepter</button>
                    <button type="submit" name="decision" value="refuse">Refuser</button>
                  </div>
                </form>
                <p class="note">Simulateur Enedis Data Connect : aucune donnée réelle n'est partagée.</p>
              </main>
            </body>
            </html>
            """;
    }
}
