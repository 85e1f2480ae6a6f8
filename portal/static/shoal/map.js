// A small still map on a listing's page, drawn from the tile server the site names
// (SHOAL_MAP_TILE_URL). Loaded only when one is configured; without JavaScript the page
// simply has no map. Nine 256-pixel tiles around the point, a marker and the attribution.
const ZOOM = 13;
const TILE = 256;

function tilePoint(lat, lon, zoom) {
  const scale = 2 ** zoom;
  const x = ((lon + 180) / 360) * scale;
  const rad = (lat * Math.PI) / 180;
  const y = ((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * scale;
  return { x, y };
}

function drawMap(element) {
  const lat = Number(element.dataset.lat);
  const lon = Number(element.dataset.lon);
  const template = element.dataset.tiles;
  if (!template || Number.isNaN(lat) || Number.isNaN(lon)) return;
  element.hidden = false;
  const { x, y } = tilePoint(lat, lon, ZOOM);
  const width = element.clientWidth || 320;
  const height = element.clientHeight || 240;
  // Where tile (0, 0) of the grid sits so that the point is in the middle of the map.
  const left = width / 2 - (x - Math.floor(x) + 1) * TILE;
  const top = height / 2 - (y - Math.floor(y) + 1) * TILE;
  for (let row = 0; row < 3; row += 1) {
    for (let column = 0; column < 3; column += 1) {
      const tile = document.createElement("img");
      tile.alt = "";
      tile.width = TILE;
      tile.height = TILE;
      tile.className = "shoal-map__tile";
      tile.style.left = `${left + column * TILE}px`;
      tile.style.top = `${top + row * TILE}px`;
      tile.src = template
        .replace("{z}", ZOOM)
        .replace("{x}", Math.floor(x) - 1 + column)
        .replace("{y}", Math.floor(y) - 1 + row);
      element.append(tile);
    }
  }
  const marker = document.createElement("span");
  marker.className = "shoal-map__marker";
  element.append(marker);
  const attribution = document.createElement("span");
  attribution.className = "shoal-map__attribution";
  attribution.textContent = element.dataset.attribution || "";
  element.append(attribution);
}

document.querySelectorAll('[data-module="shoal-map"]').forEach(drawMap);
