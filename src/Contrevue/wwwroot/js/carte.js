// The public map: MapLibre over the page's own filters and list. Everything it loads comes from this
// origin: the library, its worker, the tiles (/tuiles/…), the optional PMTiles basemap.
import { Map as MapLibreMap, NavigationControl } from '/lib/maplibre-gl/maplibre-gl.mjs';
import { backgroundStyle, usePmtiles } from '/js/map-style.js';

const container = document.getElementById('carte-interactive');
const form = document.getElementById('carte-filtres');
const list = document.getElementById('carte-liste');

const statusColours = {
    announced: '#7a869a', funded: '#b07d00', awarded: '#c25e00', deployed: '#b3261e',
    experimented: '#8e24aa', suspended: '#00796b', abandoned: '#2e7d32', annulled: '#1b5e20',
};
const layerColours = { dossiers: '#b3261e', cameras: '#1f4e9c', collectifs: '#2e7d32', evenements: '#8e24aa' };

function layerCodes() {
    return [...form.querySelectorAll('input[name="couche"]')].map(input => input.value);
}

function shownLayers() {
    return [...form.querySelectorAll('input[name="couche"]:checked')].map(input => input.value);
}

/** The filters that apply to one layer: its own selects plus the département. */
function filterQuery(code) {
    const query = new URLSearchParams();
    for (const select of form.querySelectorAll('select')) {
        if (select.value && (!select.dataset.layer || select.dataset.layer === code)) {
            query.set(select.name, select.value);
        }
    }
    return query;
}

function tileUrl(code) {
    const query = filterQuery(code).toString();
    return `${location.origin}/tuiles/${code}/{z}/{x}/{y}.mvt${query ? '?' + query : ''}`;
}

function style(basemap) {
    const { sources, layers } = backgroundStyle(basemap);
    for (const code of layerCodes()) {
        sources[code] = { type: 'vector', tiles: [tileUrl(code)], minzoom: 0, maxzoom: 20 };
        const colour = layerColours[code] || '#444';
        layers.push({
            id: `${code}-groupes`, type: 'circle', source: code, 'source-layer': code, filter: ['has', 'point_count'],
            paint: {
                'circle-color': colour, 'circle-opacity': 0.75,
                'circle-radius': ['interpolate', ['linear'], ['get', 'point_count'], 2, 9, 100, 16, 10000, 28],
                'circle-stroke-color': ['case', ['>', ['get', 'alert_count'], 0], '#ff1744', '#ffffff'], 'circle-stroke-width': 2,
            },
        });
        layers.push({
            id: `${code}-points`, type: 'circle', source: code, 'source-layer': code, filter: ['!', ['has', 'point_count']],
            paint: {
                'circle-color': code === 'dossiers' ? ['match', ['get', 'status'], ...Object.entries(statusColours).flat(), colour] : colour,
                'circle-radius': 6,
                'circle-stroke-color': ['case', ['==', ['get', 'alert'], 'oui'], '#ff1744', '#ffffff'],
                'circle-stroke-width': ['case', ['==', ['get', 'alert'], 'oui'], 3, 1.5],
            },
        });
    }
    return { version: 8, sources, layers };
}

function applyVisibility(map) {
    const shown = new Set(shownLayers());
    for (const code of layerCodes()) {
        for (const suffix of ['groupes', 'points']) {
            map.setLayoutProperty(`${code}-${suffix}`, 'visibility', shown.has(code) ? 'visible' : 'none');
        }
        const legend = document.querySelector(`.carte-legende li[data-layer="${code}"]`);
        if (legend) legend.hidden = !shown.has(code);
    }
}

function renderList(code, name, data) {
    let block = list.querySelector(`.carte-liste__couche[data-layer="${code}"]`);
    if (!block) {
        block = document.createElement('div');
        block.className = 'carte-liste__couche';
        block.dataset.layer = code;
        block.innerHTML = '<h3></h3><p class="carte-liste__compte" aria-live="polite"></p><ul></ul>';
        block.querySelector('h3').textContent = name;
        list.append(block);
    }
    const count = data.total === 0 ? 'Aucun point dans cette zone'
        : `${data.total} ${data.total > 1 ? 'points' : 'point'} dans cette zone` + (data.total > data.items.length ? ` — les ${data.items.length} premiers par nom` : '');
    block.querySelector('.carte-liste__compte').textContent = count;
    const ul = block.querySelector('ul');
    ul.replaceChildren(...data.items.map(item => {
        const li = document.createElement('li');
        if (item.path) {
            const a = document.createElement('a');
            a.href = item.path;
            a.textContent = item.label;
            li.append(a);
        } else {
            li.textContent = item.label;
        }
        if (item.departement) {
            const span = document.createElement('span');
            span.className = 'muted';
            span.textContent = ` (${item.departement})`;
            li.append(span);
        }
        return li;
    }));
}

const names = Object.fromEntries([...form.querySelectorAll('input[name="couche"]')].map(input => [input.value, input.parentElement.textContent.trim()]));
let listRequest = 0;

async function refreshList(map) {
    const request = ++listRequest;
    const bounds = map.getBounds();
    const box = [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()]
        .map((v, i) => Math.max(i % 2 ? -90 : -180, Math.min(i % 2 ? 90 : 180, v)).toFixed(5)).join(',');
    const shown = new Set(shownLayers());
    for (const code of layerCodes()) {
        const block = list.querySelector(`.carte-liste__couche[data-layer="${code}"]`);
        if (!shown.has(code)) {
            if (block) block.hidden = true;
            continue;
        }
        const query = filterQuery(code);
        query.set('couche', code);
        query.set('bbox', box);
        const response = await fetch(`/carte/visibles?${query}`);
        if (request !== listRequest || !response.ok) return;
        renderList(code, names[code] || code, await response.json());
        list.querySelector(`.carte-liste__couche[data-layer="${code}"]`).hidden = false;
    }
    list.dataset.state = 'ready';
}

/** A département chosen: the map goes to where its points are. */
async function fitToDepartement(map) {
    const departement = form.querySelector('select[name="departement"]').value;
    if (!departement) return;
    const code = shownLayers()[0];
    if (!code) return;
    const query = filterQuery(code);
    query.set('couche', code);
    const response = await fetch(`/carte/visibles?${query}`);
    if (!response.ok) return;
    const data = await response.json();
    if (data.bounds) {
        const [w, s, e, n] = data.bounds;
        map.fitBounds([[w - 0.05, s - 0.05], [e + 0.05, n + 0.05]], { animate: false, maxZoom: 11 });
    }
}

function start() {
    if (!container || !form || !list) return;
    const basemap = container.dataset.basemap || null;
    usePmtiles(basemap);
    container.hidden = false;
    list.querySelector('h2').textContent = 'Ce que montre la carte (zone visible)';
    const map = new MapLibreMap({
        container, style: style(basemap), center: [2.4, 46.6], zoom: 4.6, minZoom: 2, maxZoom: 18,
        attributionControl: { compact: false, customAttribution: 'Contrevue' },
        keyboard: true, cooperativeGestures: false,
    });
    map.addControl(new NavigationControl({ showCompass: false }));
    map.getCanvas().setAttribute('aria-label', container.getAttribute('aria-label'));
    let timer = 0;
    const scheduleList = () => { clearTimeout(timer); timer = setTimeout(() => refreshList(map), 150); };
    map.on('load', async () => {
        applyVisibility(map);
        await fitToDepartement(map);
        scheduleList();
        container.dataset.state = 'ready';
    });
    map.on('moveend', scheduleList);
    map.on('click', event => {
        const feature = map.queryRenderedFeatures(event.point).find(f => f.properties.path);
        if (feature) location.href = feature.properties.path;
    });
    form.addEventListener('change', async event => {
        for (const code of layerCodes()) {
            map.getSource(code).setTiles([tileUrl(code)]);
        }
        applyVisibility(map);
        const url = new URL(location.href);
        url.search = new URLSearchParams(new FormData(form)).toString();
        history.replaceState(null, '', url);
        if (event.target.name === 'departement') await fitToDepartement(map);
        scheduleList();
    });
    form.addEventListener('submit', event => event.preventDefault());
    window.carteMap = map;
}

start();
