import { api } from "../api.js";
import { clearMessage, confirmAction, formatDate, formatInteger, initPage, showMessage, whileBusy } from "../ui.js";

initPage();

// What the consent callback's consent_error codes mean for the person who just came back from Enedis.
const CONSENT_ERRORS = {
    access_denied: "Vous avez refusé le partage de vos données sur le portail Enedis. Sans ce consentement, la passerelle ne peut pas lire vos mesures : recommencez quand vous le souhaitez.",
    no_usage_point_id: "Enedis n'a transmis aucun point de livraison. Vérifiez que votre compte Enedis comporte bien un compteur, puis recommencez.",
    invalid_pdl_format: "Enedis a transmis un numéro de point de livraison invalide. Recommencez ; si le problème persiste, contactez-nous.",
    invalid_state: "La demande de consentement a expiré ou a déjà été utilisée. Cliquez de nouveau sur « Consentement Enedis ».",
    pdl_already_exists: "Ce point de livraison est déjà rattaché à un autre compte de la passerelle.",
    invalid_code: "Enedis n'a pas confirmé ce consentement (lien expiré, déjà utilisé ou modifié). Cliquez de nouveau sur « Consentement Enedis ».",
    consent_review_required: "Ce point de livraison a été rattaché récemment à un autre compte : par sécurité, il doit être vérifié avant d'être rattaché au vôtre. Contactez-nous.",
    enedis_error: "Enedis n'a pas pu confirmer votre consentement pour le moment. Réessayez dans quelques instants.",
};

// What each consent_status of a PDL means, shown next to it (nothing for an active consent).
const CONSENT_STATUS = {
    awaiting_consent: " · en attente de votre consentement Enedis",
    expired: " · consentement Enedis expiré",
    revoked: " · consentement Enedis révoqué",
};

function showConsentResult() {
    const query = new URLSearchParams(location.search);
    const banner = document.getElementById("consent-banner");
    if (query.get("consent_success") === "true") {
        const count = Number.parseInt(query.get("pdl_count") ?? "0", 10) || 0;
        const created = Number.parseInt(query.get("created_count") ?? "0", 10) || 0;
        showMessage(banner, "success", `Bravo ! ${count} points de livraison détectés (${created} nouveaux).`);
    } else if (query.has("consent_error")) {
        const code = query.get("consent_error");
        showMessage(banner, "error", CONSENT_ERRORS[code]
            ?? "Le consentement Enedis n'a pas abouti. Réessayez dans quelques instants ; si le problème persiste, contactez-nous.");
    } else {
        return;
    }
    // A reload must not announce the same result again.
    history.replaceState(null, "", location.pathname);
}

document.getElementById("consent-button").addEventListener("click", async (event) => {
    const status = document.getElementById("consent-status");
    clearMessage(status);
    await whileBusy(event.currentTarget, async () => {
        try {
            const consent = await api("/api/oauth/authorize");
            if (!consent || typeof consent.authorize_url !== "string") throw new Error("no authorize_url");
            showMessage(status, "info", "Redirection vers le portail Enedis…");
            location.assign(consent.authorize_url);
        } catch (error) {
            const message = error.status === 404 || !error.status
                ? "Le consentement Enedis n'est pas disponible pour le moment sur cette passerelle. Réessayez plus tard."
                : `Le consentement Enedis n'a pas pu démarrer : ${error.message}`;
            showMessage(status, "error", message, { focus: true });
        }
    });
});

// ---- PDL list -------------------------------------------------------------------------------------------

const list = document.getElementById("pdl-list");
const listStatus = document.getElementById("pdls-status");
const template = document.getElementById("pdl-item");
let pdls = [];

const displayName = (pdl) => pdl.name || `Point de livraison ${pdl.usage_point_id}`;

function render(focus) {
    document.getElementById("pdls-empty").hidden = pdls.length > 0;
    list.replaceChildren(...pdls.map((pdl, index) => {
        const item = template.content.firstElementChild.cloneNode(true);
        const name = displayName(pdl);
        item.dataset.id = pdl.id;
        item.querySelector(".pdl__name").textContent = name;
        item.querySelector(".pdl__id").textContent = `N° ${pdl.usage_point_id}`;
        const kinds = [pdl.has_consumption ? "consommation" : null, pdl.has_production ? "production" : null].filter(Boolean);
        item.querySelector(".pdl__kinds").textContent = (kinds.length ? `· ${kinds.join(" et ")}` : "") + (pdl.is_active ? "" : " · désactivé")
            + (CONSENT_STATUS[pdl.consent_status] ?? "");
        const view = item.querySelector('[data-action="view"]');
        view.href = `/pdl/${pdl.id}`;
        view.setAttribute("aria-label", `Voir les données de ${name}`);
        for (const [action, label] of [["rename", "Renommer"], ["up", "Monter"], ["down", "Descendre"], ["delete", "Supprimer"]]) {
            item.querySelector(`[data-action="${action}"]`).setAttribute("aria-label", `${label} ${name}`);
        }
        item.querySelector('[data-action="up"]').disabled = index === 0;
        item.querySelector('[data-action="down"]').disabled = index === pdls.length - 1;
        const input = item.querySelector(".pdl__rename input");
        input.id = `rename-${pdl.id}`;
        const label = item.querySelector(".pdl__rename-label");
        label.htmlFor = input.id;
        label.textContent = `Nouveau nom pour ${pdl.usage_point_id}`;
        return item;
    }));
    if (focus) list.querySelector(`[data-id="${focus.id}"] [data-action="${focus.action}"]`)?.focus();
}

async function loadPdls() {
    const section = document.getElementById("pdls-section");
    try {
        pdls = await api("/api/pdl");
        render();
    } catch (error) {
        showMessage(listStatus, "error", `Impossible de charger vos points de livraison : ${error.message}`);
    } finally {
        document.getElementById("pdls-loading").hidden = true;
        section.removeAttribute("aria-busy");
    }
}

async function move(pdl, offset, action) {
    const from = pdls.indexOf(pdl);
    const to = from + offset;
    if (to < 0 || to >= pdls.length) return;
    const reordered = [...pdls];
    [reordered[from], reordered[to]] = [reordered[to], reordered[from]];
    try {
        await api("/api/pdl/reorder", { method: "PATCH", body: { pdl_orders: reordered.map((p, order) => ({ id: p.id, order })) } });
        pdls = reordered;
        // Keep the focus on the button that was pressed, unless it is now disabled at an end of the list.
        const edge = (offset < 0 && to === 0) || (offset > 0 && to === pdls.length - 1);
        render({ id: pdl.id, action: edge ? "view" : action });
        showMessage(listStatus, "success", `« ${displayName(pdl)} » est maintenant en position ${to + 1}.`);
    } catch (error) {
        showMessage(listStatus, "error", `Impossible de changer l'ordre : ${error.message}`);
    }
}

async function remove(pdl) {
    const confirmed = await confirmAction({
        title: "Supprimer ce point de livraison ?",
        message: `« ${displayName(pdl)} » (${pdl.usage_point_id}) sera retiré de votre compte et ses données en cache seront effacées.`,
        confirmLabel: "Supprimer",
        danger: true,
    });
    if (!confirmed) return;
    try {
        await api(`/api/pdl/${pdl.id}`, { method: "DELETE" });
        pdls = pdls.filter((p) => p.id !== pdl.id);
        render();
        showMessage(listStatus, "success", `« ${displayName(pdl)} » a été supprimé.`);
        document.getElementById("pdls-title").focus();
    } catch (error) {
        showMessage(listStatus, "error", `Impossible de supprimer : ${error.message}`);
    }
}

function startRename(item, pdl) {
    const form = item.querySelector(".pdl__rename");
    form.hidden = false;
    item.querySelector(".pdl__actions").hidden = true;
    const input = form.querySelector("input");
    input.value = pdl.name ?? "";
    input.focus();
    input.select();
}

list.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-action]");
    if (!button) return;
    const item = button.closest(".pdl");
    const pdl = pdls.find((p) => p.id === item.dataset.id);
    switch (button.dataset.action) {
        case "up": move(pdl, -1, "up"); break;
        case "down": move(pdl, 1, "down"); break;
        case "delete": remove(pdl); break;
        case "rename": startRename(item, pdl); break;
        case "cancel-rename": render({ id: pdl.id, action: "rename" }); break;
        default: break;
    }
});

list.addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.target;
    const pdl = pdls.find((p) => p.id === form.closest(".pdl").dataset.id);
    const name = form.querySelector("input").value.trim();
    await whileBusy(form.querySelector('button[type="submit"]'), async () => {
        try {
            const updated = await api(`/api/pdl/${pdl.id}/name`, { method: "PATCH", body: { name } });
            pdls = pdls.map((p) => (p.id === updated.id ? updated : p));
            render({ id: pdl.id, action: "rename" });
            showMessage(listStatus, "success", `Le point de livraison ${pdl.usage_point_id} s'appelle désormais « ${displayName(updated)} ».`);
        } catch (error) {
            showMessage(listStatus, "error", `Impossible de renommer : ${error.message}`);
        }
    });
});

document.getElementById("add-pdl-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const status = document.getElementById("add-pdl-status");
    clearMessage(status);
    const usagePointId = form.usage_point_id.value.trim();
    if (!/^\d{14}$/.test(usagePointId)) {
        showMessage(status, "error", "Le numéro de point de livraison comporte exactement 14 chiffres.", { focus: true });
        return;
    }
    await whileBusy(form.querySelector('button[type="submit"]'), async () => {
        try {
            const created = await api("/api/pdl", { method: "POST", body: { usage_point_id: usagePointId, name: form.name.value.trim() || null } });
            // The API decides where a new PDL goes in the order; the list shows what a reload would show.
            pdls = await api("/api/pdl");
            render();
            form.reset();
            showMessage(listStatus, "success", `« ${displayName(created)} » a été ajouté.`);
        } catch (error) {
            showMessage(status, "error", error.message, { focus: true });
        }
    });
});

// ---- Quotas ---------------------------------------------------------------------------------------------

async function loadUsage() {
    const section = document.getElementById("usage-section");
    try {
        const usage = await api("/api/accounts/usage-stats");
        for (const [key, used, limit] of [["cached", usage.cached_requests, usage.cached_limit], ["nocache", usage.no_cache_requests, usage.no_cache_limit]]) {
            const meter = document.getElementById(`usage-${key}-meter`);
            meter.max = Math.max(limit, 1);
            meter.high = Math.max(limit, 1) * 0.8;
            meter.value = Math.min(used, meter.max);
            document.getElementById(`usage-${key}-text`).textContent = `${formatInteger(used)} sur ${formatInteger(limit)}`;
        }
        document.getElementById("usage-date").textContent = `Journée du ${formatDate(usage.date)} (UTC) ; les compteurs repartent de zéro à minuit UTC.`;
        document.getElementById("usage").hidden = false;
    } catch (error) {
        showMessage(document.getElementById("usage-status"), "error", `Impossible de lire vos quotas : ${error.message}`);
    } finally {
        document.getElementById("usage-loading").hidden = true;
        section.removeAttribute("aria-busy");
    }
}

showConsentResult();
loadPdls();
loadUsage();
