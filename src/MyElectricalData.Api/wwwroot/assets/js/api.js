// Owns: how pages talk to the gateway's /api routes: the {success, data, error} envelope, the session
// cookie (a lost session goes back to the login page) and a French message for every failure, so that no
// page ever shows raw JSON or a stack trace.

export class ApiError extends Error {
    constructor(status, code, message, field = null, retryAfterSeconds = null) {
        super(message);
        this.status = status;
        this.code = code;
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
    }
}

function fallbackMessage(status) {
    if (status === 401) return "Votre session a expiré : reconnectez-vous.";
    if (status === 403) return "Vous n'avez pas le droit d'effectuer cette action.";
    if (status === 404) return "Ce service n'est pas disponible sur cette passerelle.";
    if (status === 429) return "Trop de requêtes pour le moment : réessayez un peu plus tard.";
    if (status >= 500) return "La passerelle a rencontré un problème. Réessayez dans un instant.";
    return "La requête n'a pas pu aboutir.";
}

/** Where the login page sends the visitor back after signing in. */
export function loginUrl() {
    return "/login?next=" + encodeURIComponent(location.pathname + location.search + location.hash);
}

/**
 * Calls an /api route and returns the envelope's data, or throws an ApiError whose message can be shown as is.
 * A 401 on a private page means the session is gone: the visitor is sent to the login page.
 */
export async function api(path, { method = "GET", body, redirectOnUnauthorized = true } = {}) {
    const headers = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    let response;
    try {
        response = await fetch(path, {
            method,
            headers,
            body: body === undefined ? undefined : JSON.stringify(body),
            credentials: "same-origin",
        });
    } catch {
        throw new ApiError(0, "NETWORK", "La passerelle ne répond pas. Vérifiez votre connexion puis réessayez.");
    }
    let envelope = null;
    try {
        envelope = await response.json();
    } catch {
        // Not JSON (an empty body, a proxy's error page): the status alone tells what happened.
    }
    if (response.ok && envelope && envelope.success === true) {
        return envelope.data;
    }
    const error = envelope && typeof envelope.error === "object" ? envelope.error : null;
    if (response.status === 401 && redirectOnUnauthorized) {
        location.assign(loginUrl());
    }
    const retryAfter = Number.parseInt(response.headers.get("Retry-After") ?? "", 10);
    throw new ApiError(
        response.status,
        error?.code ?? `HTTP_${response.status}`,
        typeof error?.message === "string" && error.message.length > 0 ? error.message : fallbackMessage(response.status),
        error?.field ?? null,
        Number.isFinite(retryAfter) ? retryAfter : null,
    );
}
