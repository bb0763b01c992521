// The dossier form's map: a click (or the "centre" button, for the keyboard) writes the point into the
// latitude and longitude fields, which stay the form's only truth; typing in them moves the marker.
import { Map as MapLibreMap, Marker, NavigationControl } from '/lib/maplibre-gl/maplibre-gl.mjs';
import { backgroundStyle, usePmtiles } from '/js/map-style.js';

const picker = document.getElementById('point-picker');
const latitude = document.querySelector('input[data-point="latitude"]');
const longitude = document.querySelector('input[data-point="longitude"]');

/** A coordinate typed the French way (comma) or the international one, or null. */
function read(input, limit) {
    const value = Number.parseFloat(input.value.trim().replace(',', '.'));
    return Number.isFinite(value) && Math.abs(value) <= limit ? value : null;
}

function start() {
    if (!picker || !latitude || !longitude) return;
    const basemap = picker.dataset.basemap || null;
    usePmtiles(basemap);
    picker.hidden = false;
    const status = picker.querySelector('[data-point-status]');
    const typed = () => {
        const lat = read(latitude, 90);
        const lon = read(longitude, 180);
        return lat !== null && lon !== null ? [lon, lat] : null;
    };
    const initial = typed();
    const map = new MapLibreMap({
        container: picker.querySelector('.point-picker__map'), style: { version: 8, ...backgroundStyle(basemap) },
        center: initial || [2.4, 46.6], zoom: initial ? 14 : 4.6, minZoom: 2, maxZoom: 19,
        attributionControl: { compact: true }, keyboard: true,
    });
    map.addControl(new NavigationControl({ showCompass: false }));
    map.getCanvas().setAttribute('aria-label', picker.querySelector('.point-picker__map').getAttribute('aria-label'));
    const marker = new Marker({ color: '#b3261e' });
    const show = position => {
        if (position) marker.setLngLat(position).addTo(map);
        else marker.remove();
    };
    const place = lngLat => {
        // Five decimals: about a metre, finer than anyone places a camera by hand.
        latitude.value = lngLat.lat.toFixed(5);
        longitude.value = lngLat.lng.toFixed(5);
        show([lngLat.lng, lngLat.lat]);
        status.textContent = status.dataset.placed.replace('{0}', latitude.value).replace('{1}', longitude.value);
    };
    show(initial);
    map.on('click', event => place(event.lngLat));
    picker.querySelector('[data-point-action="centre"]').addEventListener('click', () => place(map.getCenter()));
    picker.querySelector('[data-point-action="clear"]').addEventListener('click', () => {
        latitude.value = '';
        longitude.value = '';
        show(null);
        status.textContent = status.dataset.cleared;
    });
    for (const input of [latitude, longitude]) {
        input.addEventListener('change', () => {
            const position = typed();
            show(position);
            if (position) map.jumpTo({ center: position, zoom: Math.max(map.getZoom(), 12) });
        });
    }
    map.on('load', () => { picker.dataset.state = 'ready'; });
    window.pointPickerMap = map;
}

start();
