/* Junbish Atlas map behaviour, loaded once per page (served by the app, inlined in the export).
 *
 * The payloads it reads and what it returns are declared in atlas_view/contract.py:
 *
 * atlasInit(map, config) (config: MapConfig) draws the provinces (config.geometry: a URL to
 * fetch, or a GeoJSON object) and defines window.atlas.apply(), which restyles them in place
 * from window.atlas.styles, window.atlas.palette and the other fields a year layer sets
 * (YearLayer; see atlas_view/webmap.py YearStyles), and window.atlas.addMarkers(group, markers)
 * for event markers (Marker). Every text from the data goes in through textContent (or
 * escapeHtml for tooltips); links must be http(s).
 *
 * Clicks: a click on a province or a marker is reported as a MapClick {kind, id, page, count}
 * in the properties (under config.clickProperty) of the GeoJSON feature that streamlit-folium
 * returns as last_active_drawing; ids travel, never display text.
 *
 * Preview (dashboard only, when config.yearTableUrl is given): every year's style table and
 * default markers (YearTable) are fetched once, and the map repaints whatever year the page's
 * year slider (widget key config.sliderKey) shows, while it is dragged, or before the server
 * has answered a key press. When the markers on the map are the default set (the server's
 * layer says so in defaultMarkers), the previewed year's markers come from the table too;
 * otherwise the current markers stay, dimmed, until the server's layer for the new year
 * arrives. On the root element, data-atlas-year is the territory shown,
 * data-atlas-markers-year the year of the markers shown, and data-atlas-layer-year the year
 * of the server's layer (markers, options, clicks).
 */
function atlasInit(map, config) {
  var atlas = window.atlas = window.atlas || {};
  var geometry = config.geometry, yearTableUrl = config.yearTableUrl, key = config.legendKey;
  atlas.map = map;
  atlas.config = config;
  atlas.page = Math.random().toString(36).slice(2, 12);
  atlas.clickCount = 0;
  function reportClick(kind, id, layer) {
    // The clicked thing's id, where streamlit-folium looks for it (see atlas_view/contract.py).
    var click = {kind: kind, id: id, page: atlas.page, count: ++atlas.clickCount};
    var properties = {};
    properties[config.clickProperty] = click;
    layer.feature = layer.feature || {type: 'Feature', properties: {}};
    layer.feature.properties[config.clickProperty] = click;
    if (window.__GLOBAL_DATA__) {
      window.__GLOBAL_DATA__.last_active_drawing = {type: 'Feature', properties: properties, geometry: null};
    }
    atlas.lastClick = click;
  }
  // Leaflet focuses the map on mousedown; in an iframe that is only partly on screen the
  // browser then scrolls the page between mousedown and mouseup and the click lands elsewhere.
  if (map.keyboard) {
    map.keyboard.disable();
    map.keyboard._onMouseDown = function () {
      if (!this._focused) { this._map._container.focus({preventScroll: true}); }
    };
    map.keyboard.enable();
  }
  atlas.provinceCount = 0;
  // Event symbols: one shape per kind in a 20x20 box (massacres and abuses in red).
  var SHAPES = {
    battle: '<circle cx="10" cy="10" r="8"/>',
    capture: '<rect x="3" y="3" width="14" height="14"/>',
    withdrawal: '<polygon points="2,4 18,4 10,18"/>',
    defection: '<polygon points="10,1 19,10 10,19 1,10"/>',
    alliance: '<polygon points="10,1 18,6 18,14 10,19 2,14 2,6"/>',
    massacre: '<polygon points="4,1 10,7 16,1 19,4 13,10 19,16 16,19 10,13 4,19 1,16 7,10 1,4"/>',
    abuse: '<polygon points="10,1 19,18 1,18"/>',
    political: '<polygon points="10,1 12.6,7 19,7.3 14,11.5 15.6,18 10,14.5 4.4,18 6,11.5 1,7.3 7.4,7"/>',
    assassination: '<polygon points="7,1 13,1 13,7 19,7 19,13 13,13 13,19 7,19 7,13 1,13 1,7 7,7"/>',
    deployment: '<polygon points="1,6 11,6 11,1 19,10 11,19 11,14 1,14"/>'
  };
  var RED_KINDS = {massacre: '#B2182B', abuse: '#D6604D'};
  function svgIcon(kind, size) {
    var colour = RED_KINDS[kind] || '#222222';
    return '<svg width="' + size + '" height="' + size + '" viewBox="0 0 20 20" aria-hidden="true">' +
      '<g fill="' + colour + '" fill-opacity="0.85" stroke="#fff" stroke-width="1.5">' +
      (SHAPES[kind] || SHAPES.battle) + '</g></svg>';
  }
  function escapeHtml(text) {
    var span = document.createElement('span');
    span.textContent = text;
    return span.innerHTML;
  }
  function line(box, label, text) {
    var p = document.createElement('p');
    if (label) { var b = document.createElement('b'); b.textContent = label + ' '; p.appendChild(b); }
    p.appendChild(document.createTextNode(text));
    box.appendChild(p);
    return p;
  }
  function safeUrl(url) { return /^https?:\/\/[^\s"'<>]+$/.test(url || '') ? url : null; }
  function popupContent(m) {
    var box = document.createElement('div');
    box.className = 'atlas-popup';
    box.setAttribute('data-event-id', m.id);
    var title = document.createElement('h4');
    title.textContent = m.title;
    box.appendChild(title);
    var when = m.start + (m.until ? ' – ' + m.until : '');
    line(box, '', when + ' · ' + m.kind + ' · ' + m.place).style.fontWeight = 'bold';
    line(box, 'Sides:', m.sideA + ' vs ' + m.sideB);
    line(box, 'Outcome:', m.outcome);
    if (m.deaths) { line(box, 'Deaths:', m.deaths + ' (as reported by the sources)'); }
    line(box, 'Confidence:', m.confidence);
    if (m.description === undefined) {
      line(box, '', 'Description and ' + m.sourceCount + ' source(s) in the panel beside the map.').style.fontStyle = 'italic';
      return box;
    }
    line(box, '', m.description);
    line(box, 'Sources:', '');
    var list = document.createElement('ul');
    m.sources.forEach(function (source) {
      var item = document.createElement('li');
      var url = safeUrl(source[1]);
      var node = document.createElement(url ? 'a' : 'span');
      node.textContent = source[0];
      if (url) { node.href = url; node.target = '_blank'; node.rel = 'noopener noreferrer'; }
      item.appendChild(node);
      list.appendChild(item);
    });
    box.appendChild(list);
    return box;
  }
  atlas.addMarkers = function (group, markers, extraClass) {
    var selectedMarker = null;
    markers.forEach(function (m) {
      var shift = m.shift || [0, 0];  // events at one point are fanned out by a few pixels
      var className = 'atlas-event' + (m.faded ? ' faded' : '') + (m.selected ? ' selected' : '') +
        ' event-' + String(m.id).replace(/[^a-z0-9-]/g, '') + (extraClass ? ' ' + extraClass : '');
      var marker = L.marker([m.lat, m.lon], {
        icon: L.divIcon({html: svgIcon(m.kind, m.size), iconSize: [m.size, m.size],
                         iconAnchor: [Math.floor(m.size / 2) - shift[0], Math.floor(m.size / 2) - shift[1]],
                         className: className}),
        zIndexOffset: m.selected ? 1000 : 0, riseOnHover: true, alt: m.title
      });
      marker.bindTooltip(escapeHtml(m.title + ' (' + m.start + ')'), {direction: 'top'});
      marker.on('click', function () { reportClick('event', m.id, marker); });
      marker.bindPopup(function () { return popupContent(m); }, {maxWidth: 360});  // built when opened
      marker.addTo(group);
      if (m.selected) { selectedMarker = marker; }
    });
    if (selectedMarker) { setTimeout(function () { selectedMarker.openPopup(); }, 0); }
  };
  atlas.hatchIds = {};
  function hatchFill(colours) {
    var id = 'hatch-' + colours.join('-').replace(/#/g, '');
    if (!atlas.hatchIds[id]) {
      var svg = map.getPanes().overlayPane.querySelector('svg');
      if (!svg) { return colours[0]; }
      var ns = 'http://www.w3.org/2000/svg';
      var defs = svg.querySelector('defs') || svg.insertBefore(document.createElementNS(ns, 'defs'), svg.firstChild);
      var pattern = document.createElementNS(ns, 'pattern');
      pattern.setAttribute('id', id); pattern.setAttribute('patternUnits', 'userSpaceOnUse');
      pattern.setAttribute('width', '10'); pattern.setAttribute('height', '10');
      pattern.setAttribute('patternTransform', 'rotate(45)');
      [[0, colours[0]], [5, colours[1]]].forEach(function (stripe) {
        var rect = document.createElementNS(ns, 'rect');
        rect.setAttribute('x', stripe[0]); rect.setAttribute('y', '0');
        rect.setAttribute('width', '5'); rect.setAttribute('height', '10');
        rect.setAttribute('fill', stripe[1]);
        pattern.appendChild(rect);
      });
      defs.appendChild(pattern);
      atlas.hatchIds[id] = true;
    }
    return 'url(#' + id + ')';
  }
  var legend = L.control({position: 'bottomright'});
  legend.onAdd = function () {
    var box = L.DomUtil.create('div', 'atlas-legend');
    L.DomEvent.disableClickPropagation(box);
    return box;
  };
  legend.addTo(map);
  function swatch(box, fill, text, extra) {
    var row = document.createElement('div');
    var mark = document.createElement('span');
    mark.className = 'atlas-swatch';
    mark.style.background = fill;
    if (extra) { Object.assign(mark.style, extra); }
    var label = document.createElement('span');
    label.textContent = text;
    row.appendChild(mark); row.appendChild(label); box.appendChild(row);
  }
  function drawLegend(view) {
    var box = legend.getContainer();
    box.textContent = '';
    var title = document.createElement('strong');
    title.textContent = 'Holder at the end of ' + view.year;
    box.appendChild(title);
    if (atlas.showTerritory === false) {
      var off = document.createElement('div'); off.textContent = 'Territory layer off'; box.appendChild(off);
    } else {
      (view.legend || []).forEach(function (item) { swatch(box, item[0], item[1]); });
      var keyBox = document.createElement('div'); keyBox.className = 'atlas-legend-key';
      box.appendChild(keyBox);
      swatch(keyBox, '#999', 'stronghold', {border: key.strongholdWidth + 'px solid ' + key.borderColour});
      swatch(keyBox, 'repeating-linear-gradient(45deg,#999 0 4px,#fff 4px 8px)', 'contested');
      swatch(keyBox, 'rgba(153,153,153,' + key.influenceOpacity + ')', 'influence', {border: '1px dotted ' + key.borderColour});
      swatch(keyBox, '#fff', 'low confidence', {border: '1px dashed ' + key.borderColour});
      swatch(keyBox, '#fff', 'changed in the year', {border: key.changedWidth + 'px solid ' + key.changedColour});
    }
  }
  function drawLabels() {
    if (!atlas.layer) { return; }
    if (!atlas.labelLayer) {
      atlas.labelLayer = L.layerGroup();
      atlas.layer.eachLayer(function (layer) {
        var label = document.createElement('span');
        label.textContent = layer.feature.properties.province;
        L.tooltip({permanent: true, direction: 'center', className: 'atlas-label', interactive: false})
          .setLatLng(layer.getCenter()).setContent(label).addTo(atlas.labelLayer);
      });
    }
    if (atlas.showLabels) { atlas.labelLayer.addTo(map); } else { map.removeLayer(atlas.labelLayer); }
  }
  function sliderInput() {
    // The page's year slider (Streamlit marks a widget's container with the class
    // st-key-<widget key>); none in the export or on another origin.
    try {
      if (!config.sliderKey || window.parent === window) { return null; }
      return window.parent.document.querySelector('.st-key-' + config.sliderKey + ' input[type="range"]');
    } catch (e) {
      return null;
    }
  }
  function followSlider() {
    if (!atlas.yearTable) { return; }
    var input = sliderInput();
    if (!input || input === atlas.sliderInput) { return; }
    if (atlas.sliderObserver) { atlas.sliderObserver.disconnect(); }
    atlas.sliderInput = input;
    atlas.sliderObserver = new MutationObserver(function () {
      if (Number(input.value) !== atlas.shownYear) { atlas.apply(); }
    });
    atlas.sliderObserver.observe(input, {attributes: true, attributeFilter: ['aria-valuetext', 'value']});
  }
  function territoryView(layerYear) {
    // The year the slider shows when it is ahead of the server's layer, else the layer's year;
    // its styles from the year table, or (the export) from the layer itself.
    var input = atlas.sliderInput && atlas.sliderInput.isConnected ? atlas.sliderInput : null;
    var year = input ? Number(input.value) : layerYear;
    var table = atlas.yearTable;
    var entry = table ? (table.years[String(year)] || table.years[String(layerYear)]) : null;
    if (entry) {
      var shown = table.years[String(year)] ? year : layerYear;
      return {year: shown, styles: entry.styles, palette: table.palette, legend: entry.legend};
    }
    if (!atlas.styles) { return null; }
    return {year: layerYear, styles: atlas.styles, palette: atlas.palette, legend: atlas.legend};
  }
  function styleProvince(layer, view) {
    var code = layer.feature.properties.province_code;
    var packed = view.styles[code];
    if (!packed) { return; }
    var style = Object.assign({}, view.palette[packed.s]);
    var entry = {style: style, hatch: packed.h, label: packed.l};
    if (atlas.showTerritory === false) {
      style = {fillColor: '#ffffff', fillOpacity: 0.15, color: '#777777', weight: 1, dashArray: null, opacity: 1};
      entry = {style: style, hatch: null, label: layer.feature.properties.province};
    }
    if (atlas.selected === code) { style.weight = Math.max(style.weight, 4); style.color = '#000000'; }
    layer.setStyle(style);
    if (layer._path) {
      layer._path.setAttribute('fill', entry.hatch ? hatchFill(entry.hatch) : style.fillColor);
      layer._path.setAttribute('data-fill', style.fillColor);
      layer._path.setAttribute('data-label', entry.label);
    }
    var tip = document.createElement('span');
    tip.textContent = entry.label;
    layer.setTooltipContent(tip);
  }
  atlas.apply = function () {
    if (!atlas.layer) { return; }
    followSlider();
    var layerYear = atlas.layerYear !== undefined ? atlas.layerYear : atlas.year;
    var view = territoryView(layerYear);
    if (!view) { return; }  // the year table is still on its way
    // The provinces, legend and labels depend only on these; the server's layer for a year the
    // preview has already painted leaves them as they are.
    var painted = [view.year, view.styles === atlas.styles ? 'layer' : 'table', atlas.showTerritory,
                   atlas.selected, atlas.showLabels].join('|');
    if (painted !== atlas.painted) {
      drawLegend(view);
      drawLabels();
      atlas.layer.eachLayer(function (layer) { styleProvince(layer, view); });
      atlas.painted = painted;
      atlas.view = view;
    }
    atlas.shownYear = view.year;
    var previewing = view.year !== layerYear;
    var tableMarkers = previewing && atlas.defaultMarkers && atlas.yearTable &&
      (atlas.yearTable.years[String(view.year)] || {}).markers;
    showPreviewMarkers(tableMarkers ? view.year : null);
    var container = map.getContainer();
    container.classList.toggle('atlas-preview', previewing && !tableMarkers);  // dims the layer's markers
    container.classList.toggle('atlas-preview-markers', Boolean(tableMarkers));  // hides them
    document.documentElement.setAttribute('data-atlas-layer-year', String(layerYear));
    document.documentElement.setAttribute('data-atlas-markers-year', String(tableMarkers ? view.year : layerYear));
    document.documentElement.setAttribute('data-atlas-year', String(view.year));
  };
  function showPreviewMarkers(year) {
    // The table's default markers of a previewed year, in a group of their own (null: none).
    if (atlas.previewMarkersYear === year) { return; }
    if (atlas.previewMarkers) { map.removeLayer(atlas.previewMarkers); atlas.previewMarkers = null; }
    atlas.previewMarkersYear = year;
    if (year === null) { return; }
    atlas.previewMarkers = L.featureGroup().addTo(map);
    atlas.addMarkers(atlas.previewMarkers, atlas.yearTable.years[String(year)].markers, 'atlas-preview-event');
  }
  function draw(geojson) {
    atlas.layer = L.geoJSON(geojson, {
      style: function (feature) {
        return {className: 'atlas-province province-' + feature.properties.province_code,
                color: '#444444', weight: 1, fillColor: '#dddddd', fillOpacity: 0.4};
      },
      onEachFeature: function (feature, layer) {
        var tip = document.createElement('span');
        tip.textContent = feature.properties.province;
        layer.bindTooltip(tip, {sticky: true});
        layer.on('mouseover', function () { layer.setStyle({weight: 3}); layer.bringToFront(); });
        layer.on('mouseout', function () { if (atlas.view) { styleProvince(layer, atlas.view); } });
        layer.on('click', function () { reportClick('province', feature.properties.province_code, layer); });
        atlas.provinceCount += 1;
      }
    }).addTo(map);
    atlas.apply();
    document.documentElement.setAttribute('data-atlas-provinces', String(atlas.provinceCount));
  }
  function fetchJson(url) {
    return fetch(url).then(function (r) {
      if (!r.ok) { throw new Error(r.status + ' ' + url); }
      return r.json();
    });
  }
  function loadFailed() {
    var box = legend.getContainer();
    box.textContent = 'The map data could not be loaded from the server. Reload the page to try again.';
    document.documentElement.setAttribute('data-atlas-error', 'load');
  }
  if (typeof geometry === 'string') {
    fetchJson(geometry).then(draw).catch(loadFailed);
  } else {
    draw(geometry);
  }
  if (yearTableUrl) {
    fetchJson(yearTableUrl).then(function (table) {
      atlas.yearTable = table;
      atlas.apply();
    }).catch(loadFailed);
  }
}
