import { api } from "../api.js";
import { clearMessage, initPage, showMessage, whileBusy } from "../ui.js";

initPage();

const form = document.getElementById("signup-form");
const status = document.getElementById("signup-status");
const fields = {
    email: document.getElementById("signup-email"),
    password: document.getElementById("signup-password"),
    confirm: document.getElementById("signup-confirm"),
};

function setFieldError(name, message) {
    const input = fields[name];
    const error = document.getElementById(`signup-${name}-error`);
    error.textContent = message ?? "";
    error.hidden = !message;
    if (message) {
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("aria-describedby", [input.id === "signup-password" ? "signup-password-hint" : null, error.id].filter(Boolean).join(" "));
    } else {
        input.removeAttribute("aria-invalid");
        if (input.id === "signup-password") input.setAttribute("aria-describedby", "signup-password-hint");
        else input.removeAttribute("aria-describedby");
    }
}

function validate() {
    const errors = {};
    if (!fields.email.value.trim()) errors.email = "Indiquez votre adresse e-mail.";
    else if (!fields.email.checkValidity()) errors.email = "Cette adresse e-mail n'est pas valide.";
    const password = fields.password.value;
    if (password.length < 8 || !/[A-Z]/.test(password) || !/[a-z]/.test(password) || !/\d/.test(password)) {
        errors.password = "Le mot de passe doit comporter au moins 8 caractères, dont une majuscule, une minuscule et un chiffre.";
    }
    if (fields.confirm.value !== password) errors.confirm = "Les deux mots de passe ne sont pas identiques.";
    return errors;
}

form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearMessage(status);
    const errors = validate();
    for (const name of Object.keys(fields)) setFieldError(name, errors[name]);
    const first = Object.keys(fields).find((name) => errors[name]);
    if (first) {
        fields[first].focus();
        return;
    }
    const button = form.querySelector('button[type="submit"]');
    await whileBusy(button, async () => {
        try {
            const email = fields.email.value.trim();
            const created = await api("/api/accounts/signup", {
                method: "POST", body: { email, password: fields.password.value }, redirectOnUnauthorized: false,
            });
            showCredentialsOnce(created, email);
        } catch (error) {
            if (error.field && fields[error.field]) {
                setFieldError(error.field, error.message);
                fields[error.field].focus();
            } else {
                showMessage(status, "error", error.message, { focus: true });
            }
        }
    });
});

/** The credentials live only in this page's memory: leaving the page is the end of "shown once". */
function showCredentialsOnce(created, email) {
    form.reset();
    document.getElementById("signup-section").hidden = true;
    document.getElementById("once-client-id").textContent = created.client_id;
    document.getElementById("once-client-secret").textContent = created.client_secret;
    document.getElementById("once-login").href = `/login?email=${encodeURIComponent(email)}`;
    const section = document.getElementById("credentials-once");
    section.hidden = false;
    section.focus();
}
