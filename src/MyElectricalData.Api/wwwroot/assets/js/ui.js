// Owns: the small pieces every page shares: messages in live regions, the confirmation dialog, busy buttons,
// copy buttons, the logout button, French number and date formats.
import { api } from "./api.js";

/** Shows a message in a region (role=status or role=alert); kind: success, error, warning, info. */
export function showMessage(region, kind, text, { focus = false } = {}) {
    region.replaceChildren();
    const banner = document.createElement("div");
    banner.className = `banner banner--${kind}`;
    const paragraph = document.createElement("p");
    paragraph.textContent = text;
    banner.append(paragraph);
    region.append(banner);
    if (focus) {
        banner.tabIndex = -1;
        banner.focus();
    }
    return banner;
}

export function clearMessage(region) {
    region.replaceChildren();
}

/** Asks before an action that cannot be undone; resolves true when confirmed. */
export function confirmAction({ title, message, confirmLabel, danger = false }) {
    const dialog = document.getElementById("confirm-dialog");
    dialog.querySelector("#confirm-title").textContent = title;
    dialog.querySelector("#confirm-message").textContent = message;
    const accept = dialog.querySelector("#confirm-accept");
    accept.textContent = confirmLabel;
    accept.classList.toggle("button--danger", danger);
    dialog.returnValue = "";
    return new Promise((resolve) => {
        dialog.addEventListener("close", () => resolve(dialog.returnValue === "confirm"), { once: true });
        dialog.showModal();
        // The safe choice has the focus, so that Enter does not destroy anything by accident.
        dialog.querySelector('button[value="cancel"]').focus();
    });
}

/** Disables a button while its action runs, and says so to assistive technologies. */
export async function whileBusy(button, action) {
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    try {
        return await action();
    } finally {
        button.disabled = false;
        button.removeAttribute("aria-busy");
    }
}

async function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(text);
        return;
    }
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "visually-hidden";
    document.body.append(area);
    area.select();
    document.execCommand("copy");
    area.remove();
}

/** Buttons with data-copy="<element id>" copy that element's text and confirm it in their own label. */
export function wireCopyButtons(root = document) {
    root.addEventListener("click", async (event) => {
        const button = event.target.closest("[data-copy]");
        if (!button) return;
        const source = document.getElementById(button.dataset.copy);
        const label = button.dataset.label ?? button.textContent;
        button.dataset.label = label;
        try {
            await copyText(source.textContent);
            button.textContent = "Copié !";
        } catch {
            button.textContent = "Copie impossible : sélectionnez le texte";
        }
        setTimeout(() => { button.textContent = label; }, 2000);
    });
}

const numberFormat = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1 });
const integerFormat = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 0 });

export const formatNumber = (value) => numberFormat.format(value);
export const formatInteger = (value) => integerFormat.format(value);

/** Today's calendar date in Paris (Enedis' day), as YYYY-MM-DD. */
export function todayInParis() {
    return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris", year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
}

/** Adds days to a YYYY-MM-DD date (calendar arithmetic, no time zone involved). */
export function addDays(isoDate, days) {
    const date = new Date(`${isoDate}T00:00:00Z`);
    date.setUTCDate(date.getUTCDate() + days);
    return date.toISOString().slice(0, 10);
}

export function daysBetween(startIso, endIso) {
    return Math.round((Date.parse(`${endIso}T00:00:00Z`) - Date.parse(`${startIso}T00:00:00Z`)) / 86_400_000);
}

/** "2025-03-07" -> "07/03/2025" (or "07/03" when short). */
export function formatDate(isoDate, { short = false } = {}) {
    const [year, month, day] = isoDate.slice(0, 10).split("-");
    return short ? `${day}/${month}` : `${day}/${month}/${year}`;
}

/** Wires what every page has: the logout button of the navigation and the copy buttons. */
export function initPage() {
    for (const button of document.querySelectorAll('[data-action="logout"]')) {
        button.addEventListener("click", async () => {
            try {
                await api("/api/accounts/logout", { method: "POST", redirectOnUnauthorized: false });
            } catch {
                // The session may be gone already; the landing page is the right place either way.
            }
            location.assign("/");
        });
    }
    wireCopyButtons();
}
