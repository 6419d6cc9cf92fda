/**
 * The one style sheet of the dashboard and of the MCP App views. Colours are
 * chosen for WCAG AA contrast (4.5:1 for text) on their backgrounds; hosts'
 * theme variables (`--color-*`, `--font-sans`) override the defaults inside
 * a chat client.
 *
 * @module
 */

/** The CSS text. */
export const STYLE_CSS: string = `
:root {
  --bg: var(--color-background-primary, #ffffff);
  --bg2: var(--color-background-secondary, #f3f4f6);
  --fg: var(--color-text-primary, #111827);
  --fg2: var(--color-text-secondary, #374151);
  --line: var(--color-border-primary, #6b7280);
  --link: #1d4ed8;
  --ok-bg: #dcfce7; --ok-fg: #14532d;
  --bad-bg: #fee2e2; --bad-fg: #7f1d1d;
  --warn-bg: #fef3c7; --warn-fg: #713f12;
  --muted-bg: #e5e7eb; --muted-fg: #1f2937;
  --focus: #b45309;
  color-scheme: light;
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font: 15px/1.45 var(--font-sans, system-ui, -apple-system, "Segoe UI", sans-serif); }
a { color: var(--link); }
a:focus-visible, button:focus-visible, input:focus-visible, [tabindex]:focus-visible,
.node:focus-visible rect { outline: 3px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -999px; top: 0; background: var(--bg); padding: .5em; }
.skip:focus { left: .5em; z-index: 10; }
header.top { display: flex; flex-wrap: wrap; align-items: center; gap: 1em; padding: .6em 1.2em;
  background: #111827; color: #f9fafb; }
header.top a { color: #f9fafb; text-decoration: none; padding: .25em .5em; border-radius: 4px; }
header.top a[aria-current="page"] { background: #f9fafb; color: #111827; }
header.top .brand { font-weight: 700; margin-right: 1em; }
header.top nav ul { display: flex; flex-wrap: wrap; gap: .25em; list-style: none; margin: 0; padding: 0; }
main { padding: 1em 1.2em 3em; max-width: 1400px; }
h1 { font-size: 1.5em; margin: .3em 0 .6em; }
h2 { font-size: 1.2em; margin: 1.2em 0 .5em; }
h3 { font-size: 1em; margin: .8em 0 .4em; }
.muted { color: var(--fg2); }
.badge { display: inline-block; padding: 0 .45em; border-radius: 4px; font-size: .85em;
  font-weight: 600; line-height: 1.6; }
.badge.ok { background: var(--ok-bg); color: var(--ok-fg); }
.badge.bad { background: var(--bad-bg); color: var(--bad-fg); }
.badge.warn { background: var(--warn-bg); color: var(--warn-fg); }
.badge.muted { background: var(--muted-bg); color: var(--muted-fg); }
.callout { padding: .5em .8em; border-radius: 6px; }
.callout.bad { background: var(--bad-bg); color: var(--bad-fg); }
.callout.warn { background: var(--warn-bg); color: var(--warn-fg); }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: .15em 1em; margin: .5em 0; }
.facts dt { color: var(--fg2); }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.slots, .verdicts { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 1em; }
.slot, .verdict { border: 1px solid var(--line); border-radius: 8px; padding: .3em 1em .6em; }
.slot.empty { border-style: dashed; }
table { border-collapse: collapse; margin: .5em 0; width: 100%; }
caption { text-align: left; color: var(--fg2); padding: .2em 0; }
th, td { text-align: left; padding: .3em .6em; border-bottom: 1px solid var(--muted-bg); vertical-align: top; }
thead th { border-bottom: 2px solid var(--line); }
tr.masked { background: var(--warn-bg); }
.findings, .hits { padding-left: 1.2em; }
.findings li, .hits li { margin: .3em 0; }
.hits h3 { margin: .2em 0; }
.meta, .snippet { margin: .1em 0; overflow-wrap: anywhere; }
mark { background: #fde68a; color: #111827; }
.path { color: var(--fg2); font-family: var(--font-mono, ui-monospace, monospace); font-size: .9em; }
code, pre { font-family: var(--font-mono, ui-monospace, monospace); }
pre.body { background: var(--bg2); padding: .8em; overflow: auto; max-height: 30em; border-radius: 6px; }
form.inline { display: flex; flex-wrap: wrap; gap: .5em; align-items: end; margin: .5em 0 1em; }
label { display: flex; flex-direction: column; gap: .2em; font-weight: 600; }
input[type=text], input[type=search], input[type=password] { font: inherit; padding: .35em .5em;
  border: 1px solid var(--line); border-radius: 4px; min-width: 18em; background: var(--bg); color: var(--fg); }
button { font: inherit; padding: .4em .9em; border-radius: 4px; border: 1px solid #1e3a8a;
  background: #1d4ed8; color: #ffffff; cursor: pointer; }
button.secondary { background: var(--bg); color: #1e3a8a; }
.actions { display: flex; gap: .5em; margin: 1em 0; }
.category { border-top: 1px solid var(--muted-bg); }
.count { color: var(--fg2); font-weight: 400; }
.graph-layout { display: grid; grid-template-columns: minmax(0, 1fr); gap: 1em; }
@media (min-width: 1100px) { .graph-layout.with-detail { grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); } }
.graph-summary span { margin-right: 1em; }
.legend { display: flex; flex-wrap: wrap; gap: 1em; list-style: none; padding: 0; margin: .3em 0; font-size: .9em; }
.legend li { display: flex; align-items: center; gap: .35em; }
.graph-scroll { margin: 0; overflow: auto; max-height: 70vh; border: 1px solid var(--line); border-radius: 8px; background: #ffffff; }
svg.graph { display: block; font: 12px var(--font-mono, ui-monospace, monospace); }
svg .edge { fill: none; stroke: #4b5563; stroke-width: 1.3; marker-end: url(#arrow); }
svg .edge.optional { stroke-dasharray: 5 4; }
svg .edge.cyc { stroke: #b91c1c; stroke-width: 2; }
svg .edge.dangling { stroke: #b45309; stroke-dasharray: 2 3; }
svg marker path { fill: #4b5563; }
svg .node rect, .swatch.node { fill: #dbeafe; stroke: #1e3a8a; stroke-width: 1.2; }
svg .node text, svg .ghost text { fill: #111827; }
svg .node.orphan rect, .swatch.orphan { fill: #f3f4f6; stroke: #4b5563; stroke-dasharray: 4 3; }
svg .node.cycle rect, .swatch.cycle { fill: #fee2e2; stroke: #b91c1c; stroke-width: 2; }
svg .node.dangling-from rect, .swatch.dangling-from { fill: #fef3c7; stroke: #b45309; stroke-width: 2; }
svg .node.selected rect { stroke: #111827; stroke-width: 3; }
svg .node:hover rect { stroke-width: 2.5; }
svg .ghost rect, .swatch.ghost { fill: #ffffff; stroke: #b45309; stroke-dasharray: 3 3; }
.legend line.edge { stroke: #4b5563; stroke-width: 1.5; }
.legend line.edge.optional { stroke-dasharray: 5 4; }
.graph-lists { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 0 1.5em; }
.method { border: 1px solid var(--line); border-radius: 8px; padding: .2em 1em .6em; margin: .6em 0; }
pre.value { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; max-height: 16em; overflow: auto; background: var(--bg2); padding: .4em .6em; border-radius: 4px; }
.search-columns { display: grid; grid-template-columns: minmax(0, 1fr); gap: 0 2em; }
.search-columns input[type=text] { min-width: 10em; }
@media (min-width: 1100px) { .search-columns { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); } }
select { font: inherit; padding: .3em .4em; border: 1px solid var(--line); border-radius: 4px; background: var(--bg); color: var(--fg); }
.source-diff .del { background: var(--bad-bg); color: var(--bad-fg); }
.source-diff .ins { background: var(--ok-bg); color: var(--ok-fg); }
tr.current { background: var(--ok-bg); }
.diff-table td + td { width: 40%; }
.detail { border-left: 3px solid var(--line); padding-left: 1em; }
.error-view { background: var(--bad-bg); color: var(--bad-fg); padding: .8em 1em; border-radius: 6px; }
dialog { border: 1px solid var(--line); border-radius: 8px; padding: 1.2em; max-width: 32em; }
dialog::backdrop { background: rgba(17, 24, 39, .5); }
.login { max-width: 30em; }
.loading { color: var(--fg2); }
footer { padding: 0 1.2em; }
`;
