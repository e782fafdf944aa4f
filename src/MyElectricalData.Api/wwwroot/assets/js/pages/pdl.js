import { api } from "../api.js";
import { barChart, lineChart } from "../chart.js";
import { addDays, clearMessage, daysBetween, formatDate, formatNumber, initPage, showMessage, todayInParis, whileBusy } from "../ui.js";

initPage();

const pdlId = location.pathname.split("/").filter(Boolean)[1];
const query = new URLSearchParams(location.search);
const isDate = (value) => /^\d{4}-\d{2}-\d{2}$/.test(value ?? "");
// Enedis publishes a day's data the next morning: yesterday is the most recent day there can be.
const yesterday = addDays(todayInParis(), -1);
const SERIES = {
    consumption: { key: "consumption", label: "Consommation", noun: "de consommation" },
    production: { key: "production", label: "Production", noun: "de production" },
};
let pdl;
// Only the latest request of each chart may draw: an earlier, slower answer must not replace it.
const latest = { daily: 0, curve: 0 };

/** A French sentence for a failed data call; `what` is e.g. "de consommation". */
function dataErrorMessage(error, what) {
    switch (error.code) {
        case "NO_DATA":
        case "no_data_found":
            return `Enedis n'a aucune donnée ${what} pour cette période.`;
        case "CONSENT_REQUIRED":
            // The gateway says why (awaiting, expired or revoked consent) and what to do.
            return error.message;
        case "ADAM-DC-0008":
            return "Enedis n'a pas (ou plus) votre consentement pour ce compteur : donnez-le depuis le tableau de bord avec le bouton « Consentement Enedis ».";
        case "DATE_TOO_OLD":
        case "ADAM-DC-0016":
            return "Cette période est trop ancienne : Enedis ne conserve pas de données aussi loin.";
        case "RATE_LIMIT_EXCEEDED":
            return `Quota de requêtes atteint : ${error.message}`;
        case "ENEDIS_UNAVAILABLE":
            return "Enedis ne répond pas pour le moment. Réessayez dans quelques minutes.";
        case "NOT_FOUND":
            return `Les données ${what} ne sont pas encore disponibles sur cette passerelle. Réessayez plus tard.`;
        default:
            if (error.status === 0) return error.message;
            if (error.status >= 500) return `Les données ${what} n'ont pas pu être lues (Enedis ou la passerelle est indisponible). Réessayez dans quelques minutes.`;
            return `Les données ${what} n'ont pas pu être lues : ${error.message}`;
    }
}

/** interval_reading values are strings in the unit of reading_type (Wh for daily energy, W for load curves). */
function readings(data, targetUnit) {
    const meterReading = data?.meter_reading;
    const unit = (meterReading?.reading_type?.unit ?? "").toLowerCase();
    const factor = targetUnit === "kWh" ? (unit === "kwh" ? 1 : 1 / 1000) : (unit === "kw" ? 1000 : 1);
    return (meterReading?.interval_reading ?? []).map((reading) => ({
        date: String(reading.date),
        value: Number.parseFloat(reading.value) * factor,
    }));
}

// ---- Daily energy -----------------------------------------------------------------------------------------

const periodForm = document.getElementById("period-form");
const dailyStatus = document.getElementById("daily-status");
const dailyChart = document.getElementById("daily-chart");

function validatePeriod(start, end) {
    if (!isDate(start) || !isDate(end)) return "Choisissez une date de début et une date de fin.";
    if (start > end) return "La date de début doit précéder la date de fin.";
    if (end > yesterday) return `Les données s'arrêtent à hier (${formatDate(yesterday)}) : Enedis les publie le lendemain matin.`;
    if (daysBetween(start, end) + 1 > 365) return "Choisissez une période de 365 jours au plus.";
    return null;
}

async function loadDaily() {
    const start = periodForm.start.value;
    const end = periodForm.end.value;
    clearMessage(dailyStatus);
    const invalid = validatePeriod(start, end);
    if (invalid) {
        showMessage(dailyStatus, "error", invalid);
        return;
    }
    dailyChart.hidden = true;
    document.getElementById("daily-table-details").hidden = true;
    showMessage(dailyStatus, "info", "Chargement des données…");
    const wanted = [pdl.has_consumption || !pdl.has_production ? SERIES.consumption : null, pdl.has_production ? SERIES.production : null].filter(Boolean);
    // The API's end is exclusive; the form's is the last day shown.
    const range = `start=${start}&end=${addDays(end, 1)}`;
    const run = ++latest.daily;
    const results = await Promise.allSettled(wanted.map((s) => api(`/api/enedis/${s.key}/daily/${pdl.usage_point_id}?${range}`)));
    if (run !== latest.daily) return;
    const loaded = [];
    const failures = [];
    results.forEach((result, index) => {
        if (result.status === "fulfilled") loaded.push({ ...wanted[index], readings: readings(result.value, "kWh") });
        else failures.push(dataErrorMessage(result.reason, wanted[index].noun));
    });
    clearMessage(dailyStatus);
    if (failures.length > 0) showMessage(dailyStatus, "error", failures.join(" "));
    if (loaded.length === 0) return;
    if (loaded.every((s) => s.readings.length === 0)) {
        showMessage(dailyStatus, "info", "Aucune donnée pour cette période.");
        return;
    }
    drawDaily(loaded, start, end);
}

function drawDaily(loaded, start, end) {
    const labels = [...new Set(loaded.flatMap((s) => s.readings.map((r) => r.date.slice(0, 10))))].sort();
    const series = loaded.map((s) => {
        const byDate = new Map(s.readings.map((r) => [r.date.slice(0, 10), r.value]));
        return { key: s.key, label: s.label, values: labels.map((date) => byDate.get(date) ?? Number.NaN) };
    });
    const totals = series.map((s) => `${s.label.toLowerCase()} ${formatNumber(s.values.filter(Number.isFinite).reduce((a, b) => a + b, 0))} kWh`);
    const period = `du ${formatDate(start)} au ${formatDate(end)}`;
    document.getElementById("daily-caption").textContent = `Énergie par jour ${period}. ${totals.length > 1 ? "Totaux" : "Total"} : ${totals.join(", ")}.`;
    dailyChart.querySelector(".chart__canvas").replaceChildren(barChart({
        title: `Énergie par jour ${period}, en kWh`,
        description: `${labels.length} jours ; total ${totals.join(", ")}.`,
        labels, series, unit: "kWh", xTitle: "Jour",
        formatLabel: (date) => formatDate(date, { short: true }),
    }));
    dailyChart.querySelector(".chart__legend").replaceChildren(...series.map((s) => {
        const item = document.createElement("li");
        const swatch = document.createElement("span");
        swatch.className = `swatch swatch--${s.key}`;
        swatch.setAttribute("aria-hidden", "true");
        item.append(swatch, `${s.label} (kWh)`);
        return item;
    }));
    dailyChart.hidden = false;
    drawTable(labels, series);
}

function drawTable(labels, series) {
    const table = document.getElementById("daily-table");
    const caption = document.createElement("caption");
    caption.textContent = "Énergie par jour (kWh)";
    const head = document.createElement("tr");
    for (const title of ["Date", ...series.map((s) => `${s.label} (kWh)`)]) {
        const th = document.createElement("th");
        th.scope = "col";
        th.textContent = title;
        head.append(th);
    }
    const rows = labels.map((date, index) => {
        const row = document.createElement("tr");
        const th = document.createElement("th");
        th.scope = "row";
        th.textContent = formatDate(date);
        row.append(th, ...series.map((s) => {
            const td = document.createElement("td");
            td.textContent = Number.isFinite(s.values[index]) ? formatNumber(s.values[index]) : "—";
            return td;
        }));
        return row;
    });
    const thead = document.createElement("thead");
    thead.append(head);
    const tbody = document.createElement("tbody");
    tbody.append(...rows);
    table.replaceChildren(caption, thead, tbody);
    document.getElementById("daily-table-details").hidden = false;
}

// ---- Load curve -------------------------------------------------------------------------------------------

const curveForm = document.getElementById("curve-form");
const curveStatus = document.getElementById("curve-status");
const curveChart = document.getElementById("curve-chart");

async function loadCurve() {
    const day = curveForm.day.value;
    clearMessage(curveStatus);
    if (!isDate(day) || day > yesterday) {
        showMessage(curveStatus, "error", `Choisissez un jour jusqu'à hier (${formatDate(yesterday)}).`);
        return;
    }
    curveChart.hidden = true;
    showMessage(curveStatus, "info", "Chargement de la courbe de charge…");
    const run = ++latest.curve;
    let data;
    try {
        data = await api(`/api/enedis/consumption/detail/${pdl.usage_point_id}?start=${day}&end=${addDays(day, 1)}`);
    } catch (error) {
        if (run === latest.curve) showMessage(curveStatus, "error", dataErrorMessage(error, "de courbe de charge"));
        return;
    }
    if (run !== latest.curve) return;
    clearMessage(curveStatus);
    const points = readings(data, "W").map((r) => ({ label: /(\d{2}:\d{2})/.exec(r.date)?.[1] ?? r.date, value: r.value }));
    if (points.length === 0) {
        showMessage(curveStatus, "info", "Aucune mesure pour ce jour.");
        return;
    }
    const peak = Math.max(...points.map((p) => p.value).filter(Number.isFinite));
    document.getElementById("curve-caption").textContent =
        `Puissance moyenne consommée le ${formatDate(day)}, en W, par intervalle (${points.length} mesures). Maximum : ${formatNumber(peak)} W.`;
    curveChart.querySelector(".chart__canvas").replaceChildren(lineChart({
        title: `Courbe de charge du ${formatDate(day)}, en W`,
        description: `${points.length} mesures, maximum ${formatNumber(peak)} W.`,
        points, unit: "W", xTitle: "Heure",
    }));
    curveChart.hidden = false;
}

// ---- Page -------------------------------------------------------------------------------------------------

function remember() {
    const state = new URLSearchParams({ start: periodForm.start.value, end: periodForm.end.value, jour: curveForm.day.value });
    history.replaceState(null, "", `${location.pathname}?${state}`);
}

periodForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    remember();
    await whileBusy(periodForm.querySelector('button[type="submit"]'), loadDaily);
});

curveForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    remember();
    await whileBusy(curveForm.querySelector('button[type="submit"]'), loadCurve);
});

async function start() {
    const status = document.getElementById("pdl-status");
    try {
        pdl = await api(`/api/pdl/${pdlId}`);
    } catch (error) {
        showMessage(status, "error", error.status === 404
            ? "Ce point de livraison n'existe pas ou n'est pas rattaché à votre compte."
            : `Impossible de charger ce point de livraison : ${error.message}`);
        return;
    } finally {
        document.getElementById("pdl-loading").hidden = true;
    }
    const name = pdl.name || `Point de livraison ${pdl.usage_point_id}`;
    document.getElementById("pdl-title").textContent = name;
    document.title = `${name} · MyElectricalData`;
    document.getElementById("pdl-subtitle").textContent = `N° ${pdl.usage_point_id}`
        + (pdl.has_production ? " · consommation et production" : " · consommation");
    for (const input of [periodForm.start, periodForm.end, curveForm.day]) input.max = yesterday;
    periodForm.end.value = isDate(query.get("end")) ? query.get("end") : yesterday;
    periodForm.start.value = isDate(query.get("start")) ? query.get("start") : addDays(periodForm.end.value, -29);
    curveForm.day.value = isDate(query.get("jour")) ? query.get("jour") : yesterday;
    document.getElementById("daily-section").hidden = false;
    document.getElementById("curve-section").hidden = false;
    await Promise.all([loadDaily(), loadCurve()]);
}

start();
