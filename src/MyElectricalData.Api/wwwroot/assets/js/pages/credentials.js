import { api } from "../api.js";
import { clearMessage, confirmAction, initPage, showMessage, whileBusy } from "../ui.js";

initPage();

const status = document.getElementById("creds-status");
const secret = document.getElementById("client-secret");
const reveal = document.getElementById("reveal-secret");
const hide = document.getElementById("hide-secret");
const copySecret = document.getElementById("copy-secret");
const MASK = "••••••••••••••••";

function showSecret(value) {
    secret.textContent = value;
    secret.classList.remove("secret--hidden");
    secret.removeAttribute("aria-label");
    reveal.hidden = true;
    hide.hidden = false;
    copySecret.hidden = false;
}

function hideSecret() {
    secret.textContent = MASK;
    secret.classList.add("secret--hidden");
    secret.setAttribute("aria-label", "client_secret masqué");
    reveal.hidden = false;
    hide.hidden = true;
    copySecret.hidden = true;
}

async function loadClientId() {
    const section = document.getElementById("creds-section");
    try {
        // /me carries the client_id without the secret: the secret is only fetched when asked for.
        const me = await api("/api/accounts/me");
        document.getElementById("client-id").textContent = me.client_id;
        document.getElementById("creds").hidden = false;
    } catch (error) {
        showMessage(status, "error", `Impossible de charger vos identifiants : ${error.message}`);
    } finally {
        document.getElementById("creds-loading").hidden = true;
        section.removeAttribute("aria-busy");
    }
}

reveal.addEventListener("click", async () => {
    clearMessage(status);
    const confirmed = await confirmAction({
        title: "Afficher votre client_secret ?",
        message: "Il donne accès à toutes vos données. Vérifiez que personne ne regarde votre écran.",
        confirmLabel: "Afficher",
    });
    if (!confirmed) return;
    await whileBusy(reveal, async () => {
        try {
            const credentials = await api("/api/accounts/credentials");
            showSecret(credentials.client_secret);
            hide.focus();
        } catch (error) {
            showMessage(status, "error", `Impossible d'afficher le secret : ${error.message}`);
        }
    });
});

hide.addEventListener("click", () => {
    hideSecret();
    reveal.focus();
});

document.getElementById("regenerate-secret").addEventListener("click", async (event) => {
    const button = event.currentTarget;
    clearMessage(status);
    const confirmed = await confirmAction({
        title: "Régénérer le client_secret ?",
        message: "L'ancien secret cessera immédiatement de fonctionner (scripts, Home Assistant…) et vos données en cache seront effacées.",
        confirmLabel: "Régénérer",
        danger: true,
    });
    if (!confirmed) return;
    await whileBusy(button, async () => {
        try {
            const renewed = await api("/api/accounts/regenerate-secret", { method: "POST" });
            showSecret(renewed.client_secret);
            showMessage(status, "warning", "Nouveau client_secret généré : l'ancien ne fonctionne plus. Mettez à jour vos scripts et intégrations.", { focus: true });
        } catch (error) {
            showMessage(status, "error", `Impossible de régénérer le secret : ${error.message}`);
        }
    });
});

document.getElementById("delete-account").addEventListener("click", async (event) => {
    const button = event.currentTarget;
    const deleteStatus = document.getElementById("delete-status");
    clearMessage(deleteStatus);
    const confirmed = await confirmAction({
        title: "Supprimer définitivement votre compte ?",
        message: "Vos points de livraison, vos identifiants d'API et toutes vos données en cache seront effacés. Cette action est irréversible.",
        confirmLabel: "Supprimer définitivement",
        danger: true,
    });
    if (!confirmed) return;
    await whileBusy(button, async () => {
        try {
            await api("/api/accounts/me", { method: "DELETE" });
            location.assign("/?compte=supprime");
        } catch (error) {
            showMessage(deleteStatus, "error", `Impossible de supprimer le compte : ${error.message}`, { focus: true });
        }
    });
});

loadClientId();
