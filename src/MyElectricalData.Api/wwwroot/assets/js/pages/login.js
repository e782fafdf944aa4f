import { api } from "../api.js";
import { clearMessage, initPage, showMessage, whileBusy } from "../ui.js";

initPage();

const form = document.getElementById("login-form");
const status = document.getElementById("login-status");
const email = document.getElementById("login-email");
const password = document.getElementById("login-password");
const query = new URLSearchParams(location.search);

if (query.get("email")) {
    email.value = query.get("email");
    password.focus();
}
if (query.get("next")) {
    showMessage(document.getElementById("login-notice"), "info", "Connectez-vous pour accéder à cette page.");
}

/** Only a path of this site: an absolute or protocol-relative URL would make the login page an open redirect. */
function nextPage() {
    const next = query.get("next");
    return next && next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/\\") ? next : "/dashboard";
}

function messageFor(error) {
    if (error.status === 401) return "Adresse e-mail ou mot de passe incorrect. Vérifiez-les puis réessayez.";
    if (error.status === 429) {
        const minutes = error.retryAfterSeconds ? Math.max(1, Math.ceil(error.retryAfterSeconds / 60)) : null;
        return minutes
            ? `Trop de tentatives de connexion échouées. Par sécurité, réessayez dans ${minutes} minute${minutes > 1 ? "s" : ""}.`
            : "Trop de tentatives de connexion échouées. Par sécurité, réessayez dans quelques minutes.";
    }
    return error.message;
}

form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearMessage(status);
    if (!email.value.trim() || !password.value) {
        showMessage(status, "error", "Indiquez votre adresse e-mail et votre mot de passe.", { focus: true });
        return;
    }
    await whileBusy(form.querySelector('button[type="submit"]'), async () => {
        try {
            await api("/api/accounts/login", {
                method: "POST", body: { email: email.value.trim(), password: password.value }, redirectOnUnauthorized: false,
            });
            location.assign(nextPage());
        } catch (error) {
            password.value = "";
            showMessage(status, "error", messageFor(error), { focus: true });
        }
    });
});
