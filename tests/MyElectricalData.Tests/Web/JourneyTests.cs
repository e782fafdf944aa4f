using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MyElectricalData.Tests.Harness;
using static Microsoft.Playwright.Assertions;

namespace MyElectricalData.Tests.Web;

/// <summary>The journey of SPEC §3 in a real browser, everything but what needs Enedis' data path (see JourneyWithEnedisTests).</summary>
[Collection(AppHostCollection.Name)]
public sealed class JourneyTests(AppHostFixture fixture, Chromium chromium) : IClassFixture<Chromium>
{
    [Fact]
    public async Task APersonCanSignUpManageTheirPdlsSeeTheirSecretAndDeleteTheirAccount()
    {
        var page = await chromium.NewPageAsync(fixture);
        var email = GatewayClient.UniqueEmail("web");

        // Landing: the three explanations, links to sign up, log in and the API documentation, no consent button.
        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Pourquoi une passerelle ?" })).ToBeVisibleAsync();
        await Expect(page.GetByText("l'accès à ces API est réservé aux professionnels")).ToBeVisibleAsync();
        await Expect(page.GetByText("la passerelle interroge l'API Enedis en votre nom")).ToBeVisibleAsync();
        await Expect(page.GetByText("chiffré avec une clé dérivée de votre clé d'API personnelle")).ToBeVisibleAsync();
        await Expect(page.GetByText("inexploitables")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Consentement Enedis" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Documentation de l'API" })).ToHaveAttributeAsync("href", "/docs");
        await page.SaveScreenshotsAsync("landing");

        // Sign-up: the credentials are shown once, with copy buttons and a warning.
        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Créer un compte" }).ClickAsync();
        await page.WaitForURLAsync("**/signup");
        await page.GetByLabel("Adresse e-mail").FillAsync(email);
        await page.GetByLabel("Mot de passe", new() { Exact = true }).FillAsync(GatewayClient.StrongPassword);
        await page.GetByLabel("Confirmez le mot de passe").FillAsync(GatewayClient.StrongPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer mon compte" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Votre compte est créé" })).ToBeVisibleAsync();
        await Expect(page.GetByText("Notez vos identifiants d'API maintenant.")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Copier le client_secret" })).ToBeVisibleAsync();
        var clientId = await page.Locator("#once-client-id").TextContentAsync();
        var secret = await page.Locator("#once-client-secret").TextContentAsync();
        clientId.ShouldStartWith("cli_");
        secret!.Length.ShouldBe(64);
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Créer mon compte" })).ToBeVisibleAsync();
        await Expect(page.GetByText(secret)).ToHaveCountAsync(0);

        // Login, then the dashboard with its empty list, the consent button and today's quotas.
        await page.LogInAsync(new TestUser(email, GatewayClient.StrongPassword, clientId!, secret));
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Consentement Enedis" })).ToBeVisibleAsync();
        await Expect(page.GetByText("Aucun point de livraison pour l'instant.")).ToBeVisibleAsync();
        // fr-FR groups thousands with a narrow no-break space.
        await Expect(page.Locator("#usage-cached-text")).ToHaveTextAsync(new Regex(@"^0 sur 1\s?000$"));

        // Three PDLs added by hand; the list shows the API's order (newest first while none was ordered).
        var ids = new[] { GatewayClient.UniqueUsagePointId(), GatewayClient.UniqueUsagePointId(), GatewayClient.UniqueUsagePointId() };
        var names = new[] { "Maison", "Appartement", "Garage" };
        await page.GetByText("Ajouter un point de livraison à la main").ClickAsync();
        for (var i = 0; i < ids.Length; i++)
        {
            await page.GetByLabel("Numéro du point de livraison (14 chiffres)").FillAsync(ids[i]);
            await page.GetByLabel("Nom (facultatif)").FillAsync(names[i]);
            await page.GetByRole(AriaRole.Button, new() { Name = "Ajouter", Exact = true }).ClickAsync();
            await Expect(page.Locator("#pdls-status")).ToContainTextAsync($"« {names[i]} » a été ajouté.");
        }
        var pdlNames = page.Locator("#pdl-list .pdl__name");
        await Expect(pdlNames).ToHaveTextAsync(["Garage", "Appartement", "Maison"]);
        // Added by number, they are named and listed but wait for the person's own consent before any data.
        await Expect(page.Locator("#pdl-list .pdl__kinds").First).ToContainTextAsync("en attente de votre consentement Enedis");

        // Rename, reorder, and the order survives a reload.
        await page.GetByRole(AriaRole.Button, new() { Name = "Renommer Garage" }).ClickAsync();
        await page.GetByLabel($"Nouveau nom pour {ids[2]}").FillAsync("Atelier");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();
        await Expect(pdlNames).ToHaveTextAsync(["Atelier", "Appartement", "Maison"]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Descendre Atelier" }).ClickAsync();
        await Expect(pdlNames).ToHaveTextAsync(["Appartement", "Atelier", "Maison"]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Monter Maison" }).ClickAsync();
        await Expect(pdlNames).ToHaveTextAsync(["Appartement", "Maison", "Atelier"]);
        await page.ReloadAsync();
        await Expect(pdlNames).ToHaveTextAsync(["Appartement", "Maison", "Atelier"]);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Monter Appartement" })).ToBeDisabledAsync();
        await page.SaveScreenshotsAsync("dashboard");

        // Delete asks first: cancelling keeps the PDL, confirming removes it.
        await page.GetByRole(AriaRole.Button, new() { Name = "Supprimer Atelier" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog.GetByRole(AriaRole.Heading, new() { Name = "Supprimer ce point de livraison ?" })).ToBeVisibleAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Annuler" }).ClickAsync();
        await Expect(dialog).ToBeHiddenAsync();
        await Expect(pdlNames).ToHaveCountAsync(3);
        await page.GetByRole(AriaRole.Button, new() { Name = "Supprimer Atelier" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Supprimer", Exact = true }).ClickAsync();
        await Expect(pdlNames).ToHaveTextAsync(["Appartement", "Maison"]);

        // Credentials: the secret stays hidden until asked for and confirmed.
        await page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link, new() { Name = "Identifiants d'API" }).ClickAsync();
        await page.WaitForURLAsync("**/credentials");
        await Expect(page.Locator("#client-id")).ToHaveTextAsync(clientId!);
        await Expect(page.GetByText(secret)).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Afficher", Exact = true }).ClickAsync();
        await Expect(dialog.GetByRole(AriaRole.Heading, new() { Name = "Afficher votre client_secret ?" })).ToBeVisibleAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Afficher", Exact = true }).ClickAsync();
        await Expect(page.Locator("#client-secret")).ToHaveTextAsync(secret);

        // Regenerating asks first, then shows the new secret; the old one is refused at once.
        await page.GetByRole(AriaRole.Button, new() { Name = "Régénérer le client_secret" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Régénérer", Exact = true }).ClickAsync();
        await Expect(page.Locator("#creds-status")).ToContainTextAsync("l'ancien ne fonctionne plus");
        await Expect(page.Locator("#client-secret")).Not.ToHaveTextAsync(secret);
        using (var oldSecret = fixture.ClientFor(new TestUser(email, GatewayClient.StrongPassword, clientId!, secret)))
        using (var refused = await oldSecret.GetAsync("/api/accounts/me"))
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        // Account deletion, confirmed, ends on the landing page; the account is gone.
        await page.GetByRole(AriaRole.Button, new() { Name = "Supprimer mon compte" }).ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Supprimer définitivement" }).ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/?compte=supprime", StringComparison.Ordinal));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Votre compte a été supprimé définitivement");
        using var client = fixture.CreateHttpClient("api");
        using var login = await client.PostAsJsonAsync("/api/accounts/login", new { email, password = GatewayClient.StrongPassword });
        login.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        await page.GotoAsync("/dashboard");
        await page.WaitForURLAsync("**/login?next=%2Fdashboard");
    }

    [Fact]
    public async Task AWrongPasswordShowsAClearMessage()
    {
        var user = await fixture.SignUpAsync();
        var page = await chromium.NewPageAsync(fixture);

        await page.GotoAsync("/login");
        await page.GetByLabel("Adresse e-mail").FillAsync(user.Email);
        await page.GetByLabel("Mot de passe").FillAsync("Not-The-Password-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Adresse e-mail ou mot de passe incorrect.");
        page.Url.ShouldEndWith("/login");
        (await page.ContentAsync()).ShouldNotContain("\"success\"");
    }

    [Fact]
    public async Task AfterTooManyFailuresTheLoginPageSaysWhenToTryAgain()
    {
        var user = await fixture.SignUpAsync();
        var page = await chromium.NewPageAsync(fixture);
        await page.GotoAsync("/login");
        var submit = page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" });

        // Five failures lock the account (LOGIN_MAX_FAILURES_PER_ACCOUNT); the sixth attempt is refused with 429.
        await page.GetByLabel("Adresse e-mail").FillAsync(user.Email);
        for (var attempt = 0; attempt < 6; attempt++)
        {
            await page.GetByLabel("Mot de passe").FillAsync("Not-The-Password-1");
            await submit.ClickAsync();
            await Expect(submit).ToBeEnabledAsync();
        }

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Trop de tentatives de connexion échouées");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Par sécurité, réessayez dans");
    }

    [Fact]
    public async Task TheDashboardCongratulatesWithTheCountsFromTheConsentCallback()
    {
        var user = await fixture.SignUpAsync();
        var page = await chromium.NewPageAsync(fixture);
        await page.LogInAsync(user);

        await page.GotoAsync("/dashboard?consent_success=true&pdl_count=2&created_count=1");

        await Expect(page.Locator("#consent-banner")).ToContainTextAsync("Bravo ! 2 points de livraison détectés (1 nouveaux).");
        await page.WaitForURLAsync("**/dashboard");
    }

    [Theory]
    [InlineData("access_denied", "Vous avez refusé le partage de vos données")]
    [InlineData("invalid_state", "La demande de consentement a expiré ou a déjà été utilisée.")]
    [InlineData("pdl_already_exists", "déjà rattaché à un autre compte")]
    [InlineData("no_usage_point_id", "Enedis n'a transmis aucun point de livraison.")]
    [InlineData("invalid_pdl_format", "numéro de point de livraison invalide")]
    [InlineData("something_new", "Le consentement Enedis n'a pas abouti.")]
    public async Task TheDashboardExplainsAFailedConsentInFrench(string code, string message)
    {
        var user = await fixture.SignUpAsync();
        var page = await chromium.NewPageAsync(fixture);
        await page.LogInAsync(user);

        await page.GotoAsync($"/dashboard?consent_error={code}");

        var banner = page.Locator("#consent-banner .banner--error");
        await Expect(banner).ToContainTextAsync(message);
        await Expect(banner).Not.ToContainTextAsync(code);
    }

    [Fact]
    public async Task LoggingInFromAPrivatePageLeadsBackToIt()
    {
        var user = await fixture.SignUpAsync();
        var page = await chromium.NewPageAsync(fixture);

        await page.GotoAsync("/credentials");
        await page.WaitForURLAsync("**/login?next=%2Fcredentials");
        await Expect(page.GetByText("Connectez-vous pour accéder à cette page.")).ToBeVisibleAsync();
        await page.GetByLabel("Adresse e-mail").FillAsync(user.Email);
        await page.GetByLabel("Mot de passe").FillAsync(user.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();

        await page.WaitForURLAsync("**/credentials");
        await Expect(page.Locator("#client-id")).ToHaveTextAsync(user.ClientId);
    }

    [Fact]
    public async Task TheConsentButtonSaysSoInFrenchWhenTheGatewayCannotStartIt()
    {
        var user = await fixture.SignUpAsync();
        var page = await chromium.NewPageAsync(fixture);
        await page.LogInAsync(user);
        // Whatever the gateway's consent flow does, an error answer must read as a sentence, never as JSON.
        await page.RouteAsync("**/api/oauth/authorize", route => route.FulfillAsync(new()
        {
            Status = 503,
            ContentType = "application/json",
            Body = """{"success":false,"data":null,"error":{"code":"ENEDIS_UNAVAILABLE","message":"Enedis est indisponible.","field":null},"timestamp":"2026-01-01T00:00:00Z"}""",
        }));

        await page.GetByRole(AriaRole.Button, new() { Name = "Consentement Enedis" }).ClickAsync();

        await Expect(page.Locator("#consent-status")).ToContainTextAsync("Le consentement Enedis n'a pas pu démarrer : Enedis est indisponible.");
        page.Url.ShouldEndWith("/dashboard");
    }
}
