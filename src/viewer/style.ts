// The viewer page's stylesheet (the diagram's own rules are DIAGRAM_CSS in ./diagram.ts).
import { FONT_MONO, FONT_SANS } from './diagram.js';

export const VIEWER_CSS = `
*{box-sizing:border-box}
html,body{margin:0;height:100%;font-family:${FONT_SANS};font-size:13px;color:#1d2733;background:#f7f8fa}
button,select,input{font:inherit}
button{border:1px solid #b9c3cf;background:#fff;border-radius:4px;padding:3px 9px;cursor:pointer;color:#1d2733}
button:hover:not(:disabled){background:#eef3f9}
button:disabled{opacity:.45;cursor:default}
button.nx-on,button.nx-on:hover:not(:disabled){background:#3b5b8c;border-color:#3b5b8c;color:#fff}
#nx-app{display:grid;grid-template-rows:auto 1fr;grid-template-columns:auto 1fr auto;height:100vh}
#nx-bar{grid-column:1/4;display:flex;flex-wrap:wrap;align-items:center;gap:14px;padding:8px 12px;background:#fff;border-bottom:1px solid #d5dbe3}
#nx-bar .brand{font-weight:bold;color:#3b5b8c}
#nx-title{font-weight:bold}
#nx-bar .group{display:flex;align-items:center;gap:4px}
#nx-bar .label{color:#5a6675;margin-right:2px}
.nx-search{position:relative}
#nx-search{width:260px;padding:4px 8px;border:1px solid #b9c3cf;border-radius:4px}
#nx-results{position:absolute;z-index:10;top:100%;left:0;width:420px;max-height:60vh;overflow:auto;margin:2px 0 0;padding:0;list-style:none;background:#fff;border:1px solid #b9c3cf;border-radius:4px;box-shadow:0 4px 14px rgba(0,0,0,.15)}
#nx-results li{padding:5px 9px;cursor:pointer;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
#nx-results li span{color:#5a6675;font-size:12px}
#nx-results li.nx-active,#nx-results li:hover{background:#e3ecf8}
#nx-results li.nx-none{color:#5a6675;cursor:default}
#nx-results li.nx-group{font-size:11px;font-weight:bold;text-transform:uppercase;color:#5a6675;background:#f3f5f8;cursor:default;padding:3px 9px}
#nx-results li.nx-more{font-size:12px;font-style:italic;color:#5a6675;cursor:default}
#nx-left{grid-row:2;grid-column:1;width:250px;overflow:auto;background:#fff;border-right:1px solid #d5dbe3;padding:10px}
#nx-left h2{font-size:14px;margin:0 0 6px}
#nx-dispatch-filter{width:100%;padding:4px 8px;border:1px solid #b9c3cf;border-radius:4px;margin-bottom:8px}
.nx-table h3{font-size:13px;margin:6px 0}
.nx-table h3 span{display:block;font-weight:normal;font-size:11px;color:#5a6675}
.nx-table ul{list-style:none;margin:0;padding:0}
.nx-table li{padding:2px 4px;border-radius:3px;cursor:pointer;font-family:${FONT_MONO};font-size:12px;white-space:nowrap;overflow:hidden;text-overflow:ellipsis}
.nx-table li:hover{background:#eef3f9}
.nx-table li.nx-on{background:#ebe3f7}
.nx-table .nx-target{color:#3b5b8c}
#nx-canvas{grid-row:2;grid-column:2;position:relative;overflow:hidden;background:#fcfcfd;cursor:grab;touch-action:none}
#nx-canvas.nx-dragging{cursor:grabbing}
#nx-svg{width:100%;height:100%;display:block;user-select:none}
#nx-busy{position:absolute;top:10px;left:50%;transform:translateX(-50%);background:#3b5b8c;color:#fff;padding:5px 14px;border-radius:14px}
#nx-status{position:absolute;left:8px;bottom:6px;max-width:calc(100% - 500px);min-width:200px;color:#5a6675;font-size:12px;background:rgba(255,255,255,.85);padding:2px 6px;border-radius:3px}
#nx-minimap{position:absolute;right:8px;bottom:44px;width:200px;height:130px;background:#fff;border:1px solid #b9c3cf;border-radius:4px;cursor:crosshair;touch-action:none}
#nx-minimap svg{width:100%;height:100%;display:block}
#nx-minimap rect{fill:#c9d6e8}
#nx-minimap rect.external{fill:#dcdcdc}
#nx-minimap rect.package{fill:#c6dfc6}
#nx-minimap rect.nx-minimap-view{fill:rgba(217,72,15,.08);stroke:#d9480f;stroke-width:2;vector-effect:non-scaling-stroke}
#nx-legend{position:absolute;right:8px;bottom:6px;max-width:480px;flex-wrap:wrap;display:flex;align-items:center;gap:5px;font-size:11px;color:#5a6675;background:rgba(255,255,255,.9);padding:3px 8px;border-radius:3px;border:1px solid #e3e7ec}
.nx-swatch{display:inline-block;width:14px;height:10px;border:1px solid #3b5b8c;background:#e3ecf8;margin-left:6px}
.nx-swatch.external{border:1px dashed #8a8f96;background:#e8e8e8}
.nx-swatch.dynamic{border:1.5px solid #b7791f;background:#fdf0d5}
.nx-swatch.unresolved{border:1px dashed #b03a3a;background:#fbe3e3}
.nx-swatch.package{border:1px solid #4a7c4e;background:#dcecdc}
#nx-panel{grid-row:2;grid-column:3;width:min(400px,34vw);overflow:auto;background:#fff;border-left:1px solid #d5dbe3;padding:12px 14px;position:relative}
#nx-panel h2{font-size:17px;margin:0 28px 6px 0;word-break:break-all}
#nx-panel h3{font-size:13px;margin:14px 0 6px;border-bottom:1px solid #e3e7ec;padding-bottom:3px}
#nx-panel-close{position:absolute;top:8px;right:8px;padding:0 7px}
#nx-panel dl{display:grid;grid-template-columns:auto 1fr;gap:3px 10px;margin:8px 0}
#nx-panel dt{color:#5a6675}
/* A class with many mixins lists hundreds of members (neutron's Ml2Plugin: 1,600 elements, 45 ms a layout): rows below the fold are laid out when scrolled to. */
#nx-panel ul>li{content-visibility:auto;contain-intrinsic-size:auto 18px}
#nx-panel dd{margin:0;word-break:break-all}
.nx-doc{color:#3d4c5e;font-style:italic;margin:4px 0}
.nx-mro{margin:0;padding-left:18px}
.nx-tag{font-size:11px;font-weight:normal;padding:1px 6px;border-radius:8px;background:#e8e8e8;vertical-align:middle}
.nx-tag.dynamic{background:#fdf0d5}
.nx-tag.unresolved{background:#fbe3e3}
.nx-panel-actions{display:flex;flex-wrap:wrap;gap:6px}
#nx-method-filter{width:100%;padding:3px 8px;border:1px solid #b9c3cf;border-radius:4px;margin-bottom:6px}
.nx-methods,.nx-attributes{list-style:none;margin:0;padding:0}
.nx-methods li,.nx-attributes li{padding:3px 0;border-bottom:1px dotted #e3e7ec}
.nx-methods code,.nx-attributes code{font-family:${FONT_MONO};font-size:12px;word-break:break-all}
.nx-where{display:block;font-size:11px;color:#5a6675}
.nx-method.own .nx-where{color:#2f6b3a}
.nx-method.overridden .nx-where{color:#b7791f}
a.nx-class-link{color:#3b5b8c}
.nx-box{cursor:pointer;outline:none}
.nx-box:focus-visible rect.frame,.nx-box:focus rect.frame{stroke:#1c7ed6;stroke-width:3}
.nx-attributes li.nx-on{background:#ebe3f7}
.nx-box.package{cursor:zoom-in}
.nx-has-selection .nx-box:not(.nx-selected):not(.nx-chain){opacity:.5}
.nx-has-selection .nx-link:not(.nx-chain){opacity:.35}
.nx-box.nx-selected rect.frame{stroke:#d9480f;stroke-width:3}
.nx-box.nx-chain rect.frame{stroke:#e8590c;stroke-width:2}
.nx-link.nx-chain{stroke:#e8590c;stroke-width:2.2}
`;
