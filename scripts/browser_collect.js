// Collects, in the page and in one call, every fact scripts/browser_check.py reports about a dashboard
// page at the current window width. Returns a plain object (JSON); the verdicts are the Swift test's.
// Thresholds: SVG text at least 12 CSS px as rendered (issue 15: charts stay legible at 390 px); targets
// in <nav> and <form> at least 24 × 24 CSS px (WCAG 2.2 SC 2.5.8, target size minimum).
const MIN_SVG_TEXT_PX = 12;
const MIN_TARGET_PX = 24;

// A short, readable locator for an element: up to four ancestors with tag, id, first class and position.
function describe(el) {
  const parts = [];
  for (let node = el; node && node.nodeType === 1 && parts.length < 4; node = node.parentElement) {
    let part = node.tagName.toLowerCase();
    if (node.id) { parts.unshift(part + '#' + node.id); break; }
    const cls = (node.getAttribute('class') || '').trim().split(/\s+/)[0];
    if (cls) part += '.' + cls;
    const parent = node.parentElement;
    if (parent) {
      const same = Array.from(parent.children).filter((c) => c.tagName === node.tagName);
      if (same.length > 1) part += ':nth-of-type(' + (same.indexOf(node) + 1) + ')';
    }
    parts.unshift(part);
  }
  return parts.join(' > ');
}

function rendered(el) {
  if (typeof el.checkVisibility === 'function') return el.checkVisibility({ checkVisibilityCSS: true });
  return el.getClientRects().length > 0;
}

const html = document.documentElement;
// The layout viewport (the device width on a phone): window.innerWidth would grow when a mobile browser
// zooms out to fit content wider than the screen, hiding exactly the overflow this looks for.
const width = html.clientWidth;

// --- Figures: every <data data-figure="NAME" value="V">.
const figures = {};
for (const el of document.querySelectorAll('data[data-figure]')) {
  figures[el.getAttribute('data-figure')] = el.getAttribute('value');
}

// --- The accessibility facts the dashboard has always kept.
const svgsWithoutName = [];
document.querySelectorAll('svg').forEach((svg) => {
  const title = svg.querySelector(':scope > title');
  const label = svg.getAttribute('aria-label');
  const hidden = svg.getAttribute('aria-hidden') === 'true';
  const named = (title && title.textContent.trim() !== '') || (label && label.trim() !== '');
  if (!named && !hidden) svgsWithoutName.push(describe(svg));
});
const tablesWithoutCaption = [];
document.querySelectorAll('table').forEach((table) => {
  const caption = table.querySelector(':scope > caption');
  if (!caption || caption.textContent.trim() === '') tablesWithoutCaption.push(describe(table));
});
const external = [];
for (const el of document.querySelectorAll('[src], link[href], script[src], [srcset], object[data]')) {
  const url = el.getAttribute('src') || el.getAttribute('href') || el.getAttribute('srcset') || el.getAttribute('data') || '';
  if (/^(https?:)?\/\//i.test(url.trim()) && !url.trim().startsWith(location.origin)) external.push(url);
}
for (const entry of performance.getEntriesByType('resource')) {
  if (!entry.name.startsWith(location.origin) && !entry.name.startsWith('data:')) external.push(entry.name);
}
const h1 = document.querySelectorAll('h1');

// --- Horizontal overflow: the page itself must not scroll sideways, and nothing may be cut off. An element
// reaching past the viewport is fine inside a container that scrolls on its own (overflow-x auto/scroll); inside
// one that hides its overflow (hidden/clip, also on body or html) it is cut off; otherwise it widens the page.
function overflowContainer(el) {
  for (let node = el.parentElement; node; node = node.parentElement) {
    const ox = getComputedStyle(node).overflowX;
    if (ox === 'auto' || ox === 'scroll') return 'scrolls';
    if (ox === 'hidden' || ox === 'clip') return 'clips';
  }
  return 'none';
}
const overflowing = [];
for (const el of document.body.querySelectorAll('*')) {
  if (overflowing.length >= 10) break;
  const rect = el.getBoundingClientRect();
  if (rect.width === 0 || rect.height === 0 || rect.right <= width + 1) continue;
  const container = overflowContainer(el);
  if (container === 'scrolls') continue;
  // Name the outermost culprit only: skip elements whose parent already reaches past the edge unscrolled.
  const parent = el.parentElement;
  if (parent && parent !== document.body && parent.getBoundingClientRect().right > width + 1 && overflowContainer(parent) !== 'scrolls') continue;
  overflowing.push({ element: describe(el), right: Math.round(rect.right), width: Math.round(rect.width), clipped: container === 'clips' });
}

// --- SVG text as rendered: computed font size (user units) × the scale from user units to CSS px.
const smallSvgText = [];
for (const text of document.querySelectorAll('svg text, svg tspan')) {
  if (text.tagName.toLowerCase() === 'text' && text.querySelector('tspan')) continue;  // measured per tspan
  if (!text.textContent.trim() || !rendered(text)) continue;
  const ctm = text.getScreenCTM();
  const scale = ctm ? Math.sqrt(Math.abs(ctm.a * ctm.d - ctm.b * ctm.c)) : 1;
  const px = parseFloat(getComputedStyle(text).fontSize) * scale;
  if (px < MIN_SVG_TEXT_PX - 0.05) {
    smallSvgText.push({ text: text.textContent.trim().slice(0, 60), element: describe(text), px: Math.round(px * 10) / 10 });
  }
}

// --- Target size (WCAG 2.2 SC 2.5.8) for links and controls in navigation and forms. A checkbox or radio
// counts with its label (clicking the label operates it); hidden inputs and invisible elements are skipped.
const smallTargets = [];
for (const el of document.querySelectorAll('nav a, nav button, form a, form button, form input, form select, form textarea, form summary')) {
  if (el.type === 'hidden' || !rendered(el)) continue;
  let rect = el.getBoundingClientRect();
  if ((el.type === 'checkbox' || el.type === 'radio')) {
    const label = el.closest('label') || (el.id && document.querySelector('label[for="' + CSS.escape(el.id) + '"]'));
    if (label) {
      const l = label.getBoundingClientRect();
      rect = { width: Math.max(rect.width, l.width), height: Math.max(rect.height, l.height) };
    }
  }
  if (rect.width < MIN_TARGET_PX - 0.05 || rect.height < MIN_TARGET_PX - 0.05) {
    const label = el.tagName === 'SELECT' ? (el.selectedOptions[0] ? el.selectedOptions[0].text : '') : (el.textContent || el.value || el.name || '');
    smallTargets.push({ element: describe(el), text: label.replace(/\s+/g, ' ').trim().slice(0, 60),
                        width: Math.round(rect.width * 10) / 10, height: Math.round(rect.height * 10) / 10 });
  }
}

// --- What a person reads, per element: visible text nodes, svg <title>/<desc>, the readable attributes,
// <option>s, and the document title. scripts/dashboard_text.py judges it.
const texts = [{ text: document.title, element: 'title', inCode: false }];
const byElement = new Map();
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  const parent = node.parentElement;
  if (!parent || parent.closest('script, style, template, noscript, title, desc')) continue;
  if (!node.textContent.trim() || !rendered(parent)) continue;
  byElement.set(parent, (byElement.get(parent) || '') + node.textContent);
}
for (const [el, text] of byElement) {
  texts.push({ text: text.replace(/\s+/g, ' ').trim(), element: describe(el), inCode: !!el.closest('code, kbd, samp') });
}
for (const el of document.querySelectorAll('svg title, svg desc')) {
  texts.push({ text: el.textContent.trim(), element: describe(el), inCode: false });
}
for (const el of document.querySelectorAll('[aria-label], [title], [alt], [placeholder], [aria-description]')) {
  for (const attr of ['aria-label', 'title', 'alt', 'placeholder', 'aria-description']) {
    const value = el.getAttribute(attr);
    if (value && value.trim()) texts.push({ text: value.trim(), element: describe(el) + '[' + attr + ']', inCode: false });
  }
}
for (const el of document.querySelectorAll('option, input[type=submit], input[type=button]')) {
  const text = el.tagName === 'OPTION' ? el.textContent : el.value;
  if (text && text.trim()) texts.push({ text: text.trim(), element: describe(el), inCode: false });
}

return {
  title: document.title,
  h1: h1.length > 0 ? h1[0].textContent.trim() : '',
  figures: figures,
  innerWidth: window.innerWidth,
  viewportWidth: width,
  scrollWidth: html.scrollWidth,
  height: Math.max(document.body.scrollHeight, html.scrollHeight),
  links: Array.from(document.querySelectorAll('a[href]')).map((a) => a.href),
  accessibility: {
    lang: html.getAttribute('lang'),
    h1Count: h1.length,
    svgCount: document.querySelectorAll('svg').length,
    svgsWithoutName: svgsWithoutName,
    tableCount: document.querySelectorAll('table').length,
    tablesWithoutCaption: tablesWithoutCaption,
    externalResources: external,
  },
  overflowing: overflowing,
  smallSvgText: smallSvgText,
  smallTargets: smallTargets,
  texts: texts,
};
