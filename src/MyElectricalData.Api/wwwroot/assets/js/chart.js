// Owns: drawing the charts as inline SVG (no library, no CDN): grouped bars for daily energy and a line for
// a load curve, with axes, graduations, units and a text alternative. Colours come from the stylesheet, so
// they follow the light or dark theme.
import { formatNumber } from "./ui.js";

const NS = "http://www.w3.org/2000/svg";
const WIDTH = 800;
const HEIGHT = 340;
const MARGIN = { top: 16, right: 16, bottom: 60, left: 72 };
const PLOT_WIDTH = WIDTH - MARGIN.left - MARGIN.right;
const PLOT_HEIGHT = HEIGHT - MARGIN.top - MARGIN.bottom;
let chartCount = 0;

function svgElement(name, attributes = {}, text) {
    const element = document.createElementNS(NS, name);
    for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
    if (text !== undefined) element.textContent = text;
    return element;
}

/** A round graduation step and the top of the axis, so that labels read 0, 5, 10... rather than 0, 4.37... */
export function niceScale(max, ticks = 5) {
    if (!(max > 0)) return { step: 1, top: ticks };
    const rough = max / ticks;
    const magnitude = 10 ** Math.floor(Math.log10(rough));
    const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= rough);
    return { step, top: Math.ceil(max / step) * step };
}

function frame(title, description, yTitle, xTitle, top, step) {
    const id = `chart-${++chartCount}`;
    const svg = svgElement("svg", {
        viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: "img", "aria-labelledby": `${id}-title ${id}-desc`,
        preserveAspectRatio: "xMidYMid meet", class: "chart__svg",
    });
    svg.append(svgElement("title", { id: `${id}-title` }, title), svgElement("desc", { id: `${id}-desc` }, description));
    const y = (value) => MARGIN.top + PLOT_HEIGHT - (value / top) * PLOT_HEIGHT;
    for (let value = 0; value <= top + step / 2; value += step) {
        svg.append(
            svgElement("line", { x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y(value), y2: y(value), class: "chart__grid" }),
            svgElement("text", { x: MARGIN.left - 8, y: y(value) + 4, "text-anchor": "end", class: "chart__tick" }, formatNumber(value)),
        );
    }
    svg.append(
        svgElement("line", { x1: MARGIN.left, x2: MARGIN.left, y1: MARGIN.top, y2: MARGIN.top + PLOT_HEIGHT, class: "chart__axis" }),
        svgElement("line", { x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: MARGIN.top + PLOT_HEIGHT, y2: MARGIN.top + PLOT_HEIGHT, class: "chart__axis" }),
        svgElement("text", { x: 16, y: MARGIN.top + PLOT_HEIGHT / 2, transform: `rotate(-90 16 ${MARGIN.top + PLOT_HEIGHT / 2})`, "text-anchor": "middle", class: "chart__axis-title" }, yTitle),
        svgElement("text", { x: MARGIN.left + PLOT_WIDTH / 2, y: HEIGHT - 8, "text-anchor": "middle", class: "chart__axis-title" }, xTitle),
    );
    return { svg, y };
}

function xLabel(svg, x, text) {
    svg.append(svgElement("text", { x, y: MARGIN.top + PLOT_HEIGHT + 20, "text-anchor": "middle", class: "chart__tick" }, text));
}

/**
 * Grouped bars: one group per label, one bar per series (class bar--<key>), each with a tooltip.
 * series: [{ key, label, values: number[] }] aligned on labels; unit e.g. "kWh".
 */
export function barChart({ title, description, labels, series, unit, xTitle, formatLabel }) {
    const max = Math.max(0, ...series.flatMap((s) => s.values.filter(Number.isFinite)));
    const { step, top } = niceScale(max);
    const { svg, y } = frame(title, description, unit, xTitle, top, step);
    const band = PLOT_WIDTH / Math.max(labels.length, 1);
    const barWidth = Math.max((band * 0.8) / series.length, 1);
    const labelEvery = Math.ceil(labels.length / 12);
    labels.forEach((label, index) => {
        const start = MARGIN.left + index * band + band * 0.1;
        series.forEach((s, position) => {
            const value = s.values[index];
            if (!Number.isFinite(value)) return;
            const bar = svgElement("rect", {
                x: start + position * barWidth, y: y(value), width: barWidth, height: MARGIN.top + PLOT_HEIGHT - y(value),
                class: `bar bar--${s.key}`,
            });
            bar.append(svgElement("title", {}, `${s.label}, ${formatLabel(label)} : ${formatNumber(value)} ${unit}`));
            svg.append(bar);
        });
        if (index % labelEvery === 0) xLabel(svg, MARGIN.left + (index + 0.5) * band, formatLabel(label));
    });
    return svg;
}

/** A line with one marker per point (class point); points: [{ label, value }]. */
export function lineChart({ title, description, points, unit, xTitle }) {
    const max = Math.max(0, ...points.map((p) => p.value).filter(Number.isFinite));
    const { step, top } = niceScale(max);
    const { svg, y } = frame(title, description, unit, xTitle, top, step);
    const x = (index) => MARGIN.left + (points.length > 1 ? (index / (points.length - 1)) * PLOT_WIDTH : PLOT_WIDTH / 2);
    const drawn = points.map((p, index) => ({ ...p, index })).filter((p) => Number.isFinite(p.value));
    svg.append(svgElement("polyline", { points: drawn.map((p) => `${x(p.index)},${y(p.value)}`).join(" "), class: "line" }));
    const labelEvery = Math.max(Math.ceil(points.length / 8), 1);
    for (const p of drawn) {
        const marker = svgElement("circle", { cx: x(p.index), cy: y(p.value), r: 2.5, class: "point" });
        marker.append(svgElement("title", {}, `${p.label} : ${formatNumber(p.value)} ${unit}`));
        svg.append(marker);
    }
    points.forEach((p, index) => { if (index % labelEvery === 0) xLabel(svg, x(index), p.label); });
    return svg;
}
