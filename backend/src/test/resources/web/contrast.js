// The WCAG 2 contrast of every visible text of the page against the background it is drawn on
// (the first opaque background colour of it or its ancestors, semi-transparent ones blended over it,
// a gradient taken at its first colour). Answers the texts under 4.5:1 (3:1 when large: 24 px, or
// bold 18.66 px), each as "ratio element "text" [ancestors] colour on background". Inactive controls
// (Leaflet's disabled zoom buttons) are exempt, as WCAG 1.4.3 says.
return (() => {
  const parse = (c) => {
    const m = c.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
  };
  const channel = (v) => {
    const x = v / 255;
    return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
  };
  const lum = ({ r, g, b }) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  const blend = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a),
    a: 1,
  });
  const backgroundOf = (element) => {
    const layers = [];
    for (let e = element; e; e = e.parentElement) {
      const style = getComputedStyle(e);
      if (style.backgroundImage.includes('gradient')) {
        const first = parse(style.backgroundImage);
        if (first) {
          layers.push({ ...first, a: 1 });
          break;
        }
      }
      const c = parse(style.backgroundColor);
      if (c && c.a > 0) {
        layers.push(c);
        if (c.a >= 1) break;
      }
    }
    let bg = { r: 255, g: 255, b: 255, a: 1 };
    for (let i = layers.length - 1; i >= 0; i--) bg = blend(layers[i], bg);
    return bg;
  };
  const path = (element) => {
    const names = [];
    for (let e = element.parentElement; e && names.length < 3; e = e.parentElement) {
      names.push(e.tagName.toLowerCase() + (e.id ? `#${e.id}` : ''));
    }
    return names.join('<');
  };
  const found = [];
  for (const element of document.querySelectorAll('body *')) {
    const text = [...element.childNodes]
      .filter((n) => n.nodeType === 3 && n.textContent.trim())
      .map((n) => n.textContent.trim())
      .join(' ');
    if (!text) continue;
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    if (!box.width || !box.height || style.visibility === 'hidden' || Number(style.opacity) === 0) continue;
    if (element.closest('.leaflet-tile-pane, .leaflet-disabled, [hidden], [inert]')) continue;
    const bg = backgroundOf(element);
    let fg = parse(style.color);
    if (fg.a < 1) fg = blend(fg, bg);
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (parseInt(style.fontWeight, 10) >= 700 && size >= 18.66);
    if (ratio < (large ? 3 : 4.5)) {
      found.push(
        `${ratio.toFixed(2)} ${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}` +
          ` "${text.slice(0, 30)}" [${path(element)}] ${style.color} on ` +
          `rgb(${Math.round(bg.r)}, ${Math.round(bg.g)}, ${Math.round(bg.b)})`,
      );
    }
  }
  return found;
})();
