// What the coordination center's daily work adds to the console's stylesheet: the stuck list's
// nested items and follow-up, tables that become cards on a phone, the state diagram, and print.

export const centerCss = `
ul.stuck-items{list-style:none;margin:0;padding:0}
li.stuck-item{border-left:4px solid #e6a1a1;padding:.3rem .6rem;margin:0 0 .6rem;background:#fff}
li.stuck-item.fu-in_progress{border-left-color:#f0c27b}li.stuck-item.fu-contacted{border-left-color:#7fb3d5}li.stuck-item.fu-resolved{border-left-color:#2f6f4f}
.badge{display:inline-block;font-size:.8rem;padding:0 .45rem;border-radius:1rem;border:1px solid #bbb;background:#fff;margin-right:.3rem}
.badge.fu-open{border-color:#e6a1a1;color:#8a1f1f}.badge.fu-in_progress{border-color:#f0c27b;color:#7a4b00}
.badge.fu-contacted{border-color:#7fb3d5;color:#1f4e79}.badge.fu-resolved{border-color:#2f6f4f;color:#2f6f4f}.badge.snoozed{border-style:dashed}
.follow-up .note{white-space:pre-wrap;font-size:.9rem;background:#f7f7f7;padding:.2rem .4rem;border-radius:4px}
.why{font-size:.92rem}
details>summary{cursor:pointer;color:#2f6f4f;font-size:.9rem}
form.follow-up-form{margin-top:.3rem;padding:.6rem}form.follow-up-form label{font-weight:normal;font-size:.9rem}form.follow-up-form button{margin-top:.4rem;padding:.3rem 1rem;font-size:1rem}
.pager{display:flex;gap:1rem;align-items:center;margin:.6rem 0}
.diagram-row{display:flex;gap:1rem;flex-wrap:wrap;align-items:flex-start}
.diagram-row svg{max-width:100%;height:auto;background:#fff;border:1px solid #ddd;border-radius:6px}
svg.state-diagram{font-size:12px;font-family:inherit}svg.state-diagram text{fill:#1b1b1b}
svg.state-diagram .state rect{fill:#fff;stroke:#999;stroke-width:1.5}svg.state-diagram .state.compound rect{fill:#f4f7f5;stroke:#bbb}
svg.state-diagram .state.compound>text{font-weight:bold}svg.state-diagram .state.any-stage rect{fill:#f4f7f5;stroke-dasharray:4 3}
svg.state-diagram .state.final rect{stroke-width:3}svg.state-diagram .state.visited rect{stroke:#2f6f4f;fill:#eef6f1}
svg.state-diagram .state.current rect{stroke:#c0392b;stroke-width:3;fill:#fdecec}svg.state-diagram .state.current text{font-weight:bold}
svg.state-diagram .move path{fill:none;stroke:#888;stroke-width:1.2}svg.state-diagram .move text{fill:#555;font-size:11px}
svg.state-diagram .move.taken path{stroke:#2f6f4f;stroke-width:2.5}svg.state-diagram .move.taken text{fill:#2f6f4f;font-weight:bold}
svg.state-diagram .arrowhead{fill:#888;stroke:none}svg.state-diagram .arrowhead.taken{fill:#2f6f4f}
ol.progress{list-style:none;margin:0;padding:0;min-width:14rem}
ol.progress li{border-left:4px solid #ccc;padding:.2rem .6rem;margin-bottom:.3rem;background:#fff}
ol.progress li.done{border-left-color:#2f6f4f}ol.progress li.current{border-left-color:#c0392b;background:#fdecec;font-weight:bold}
.measure-good{color:#1e6b3a}.measure-bad{color:#8a1f1f}.definition{font-size:.85rem;color:#555}
@media (max-width:600px){
 body.wide{padding:.4rem}
 table.cards-on-phone,table.cards-on-phone tbody,table.cards-on-phone tr,table.cards-on-phone td{display:block;width:auto}
 table.cards-on-phone thead,table.cards-on-phone tr:has(>th){display:none}
 table.cards-on-phone tr{background:#fff;border:1px solid #ddd;border-radius:6px;margin:0 0 .8rem;padding:.4rem}
 table.cards-on-phone td{border:0;padding:.2rem .3rem}
 table.cards-on-phone td[data-label]::before{content:attr(data-label);display:block;font-size:.75rem;color:#666}
 .filters{flex-direction:column;align-items:stretch}
}
@media print{
 nav.top,.filters,.no-print,form,details{display:none!important}
 body.wide{max-width:none;background:#fff;padding:0;font-size:10.5pt}
 a{color:inherit;text-decoration:none}
 tr,li.stuck-item,section{break-inside:avoid}
 .card{border-color:#999}
}
`;
