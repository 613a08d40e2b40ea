/* Junbish Atlas map behaviour, loaded once per page (served by the app, inlined in the export).
 *
 * The payloads it reads and what it returns are declared in atlas_view/contract.py:
 *
 * atlasInit(map, config) (config: MapConfig) draws the provinces (config.geometry: a URL to
 * fetch, or a GeoJSON object), gets every month's looks (config.monthTable: a URL to fetch,
 * or the MonthTable itself) and defines window.atlas.apply(), which restyles the map in place
 * for the month or day it should show, and window.atlas.addMarkers(group, markers) for event
 * markers (Marker). Every text from the data goes in through textContent (or escapeHtml for
 * tooltips); links must be http(s).
 *
 * Which moment is shown, first match wins:
 *   1. while the map's own playback runs, the month it has reached;
 *   2. in the dashboard, the month the page's slider (widget key config.sliderKey) shows, even
 *      while it is dragged or before the server has answered a key press (a preview);
 *   3. the month or day of the last MomentLayer the server (or the export's control) set on
 *      window.atlas; a day view carries its own styles, palette and legend.
 * When the markers on the map are the default set (the layer says so in defaultMarkers), a
 * previewed month's markers come from the table too; otherwise the layer's markers stay,
 * dimmed, until the server's layer for the new month arrives. In the export
 * (config.tableMarkers) the markers always come from the table.
 *
 * Playback runs here, in the browser: Play paints month after month from the table at the
 * chosen speed without asking the server; Pause (or the last month) reports where it stopped
 * as a MapClick of kind "moment" ("1997-05"), and the page moves its slider and link there.
 *
 * Clicks on a province or a marker are reported as a MapClick {kind, id, page, count} in the
 * properties (under config.clickProperty) of the GeoJSON feature that streamlit-folium returns
 * as last_active_drawing; ids travel, never display text. The same properties say (under
 * config.viewChosenProperty) whether the view streamlit-folium reports was chosen: moved by
 * the reader, or given by the link. The map's own fit of the country is not, so a link keeps
 * no view until the reader moves the map, and opens fitted to its reader's screen.
 *
 * On the root element: data-atlas-month is the month shown ("1997-05"), data-atlas-year its
 * year, data-atlas-layer-month / data-atlas-layer-year the server layer's, data-atlas-markers-month
 * the month of the markers shown, data-atlas-playing "1" while playing, data-atlas-outlines the
 * provinces of the time drawn over today's ("Parwan:AF-PAN+AF-PAR ..."), and
 * data-atlas-provinces the number of provinces drawn.
 */
function atlasInit(map, config) {
  var atlas = window.atlas = window.atlas || {};
  var key = config.legendKey;
  atlas.map = map;
  atlas.config = config;
  atlas.page = Math.random().toString(36).slice(2, 12);
  atlas.clickCount = 0;
  atlas.paintedMonths = [];
  atlas.provinceCount = 0;
  atlas.viewChosen = !config.fitBounds;  // a view the link gave counts as chosen
  atlas.movingItself = 0;
  var root = document.documentElement;
  function moveItself(move) {  // the map's own moves (fitting the country) are not the reader's
    atlas.movingItself += 1;
    try { move(); } finally { atlas.movingItself -= 1; }
  }
  (function describeThePage() {
    // The map's own page: a landmark, a heading, and pinch zoom allowed (folium forbids it).
    var container = map.getContainer();
    container.setAttribute('role', 'main');
    container.setAttribute('aria-label', 'Map of Afghanistan: who held each province, and events');
    if (!document.querySelector('h1.atlas-sr-only')) {
      var heading = document.createElement('h1');
      heading.className = 'atlas-sr-only';
      heading.textContent = 'Junbish Atlas map';
      container.insertBefore(heading, container.firstChild);
    }
    var viewport = document.querySelector('meta[name="viewport"]');
    if (viewport) { viewport.setAttribute('content', 'width=device-width, initial-scale=1.0'); }
  })();
  if (config.fillFrame) {
    // An embed: the page sizes this frame to the window it is shown in; the map takes all of it
    // (streamlit-folium fixes the map's height in pixels), and follows when the frame changes.
    map.getContainer().style.setProperty('height', '100vh', 'important');
    moveItself(function () { map.invalidateSize({animate: false}); });
  }
  if (config.fitBounds) {  // the whole country, any frame; half zoom steps let it fill the frame better
    map.options.zoomSnap = 0.5;
    moveItself(function () { map.fitBounds(config.fitBounds, {animate: false}); });
    if (config.fillFrame) {  // the frame changed size (a rotated phone): fit again, until someone drags
      map.once('dragstart', function () { atlas.movedByHand = true; });
      map.on('resize', function () {
        if (!atlas.movedByHand) { moveItself(function () { map.fitBounds(config.fitBounds, {animate: false}); }); }
      });
    }
  }
  map.on('movestart', function () {  // the reader drags or zooms (buttons, Ctrl+wheel, two fingers)
    if (!atlas.movingItself && !atlas.viewChosen) {
      atlas.viewChosen = true;
      carry();
    }
  });
  (function gentleGestures() {
    // The wheel and a one-finger swipe scroll the page; Ctrl/Cmd+wheel zooms, so do two fingers
    // and the buttons. A short hint says so when someone tries.
    var container = map.getContainer();
    var hint = L.DomUtil.create('div', 'atlas-gesture-hint', container);
    hint.setAttribute('role', 'status');
    var hintTimer = null;
    function showHint(text) {
      hint.textContent = text;
      hint.classList.add('shown');
      clearTimeout(hintTimer);
      hintTimer = setTimeout(function () { hint.classList.remove('shown'); }, 1500);
    }
    container.addEventListener('wheel', function (event) {
      if (event.ctrlKey || event.metaKey) {
        event.preventDefault();
        map.setZoom(map.getZoom() + (event.deltaY < 0 ? 1 : -1));
      } else {
        showHint('Use Ctrl + scroll (⌘ + scroll on a Mac) to zoom the map');
      }
    }, {passive: false});
    if (L.Browser.touch && L.Browser.mobile) {
      map.dragging.disable();
      container.addEventListener('touchstart', function (event) {
        if (event.touches.length === 1) { showHint('Use two fingers to move the map'); }
      }, {passive: true});
    }
    container.classList.add('atlas-small-frame-aware');
  })();
  function carry() {
    // What streamlit-folium returns as last_active_drawing (see atlas_view/contract.py): the
    // last click, and whether the view it reports was chosen.
    var properties = {};
    if (atlas.lastClick) { properties[config.clickProperty] = atlas.lastClick; }
    properties[config.viewChosenProperty] = atlas.viewChosen;
    if (window.__GLOBAL_DATA__) {
      window.__GLOBAL_DATA__.last_active_drawing = {type: 'Feature', properties: properties, geometry: null};
    }
  }
  function report(kind, id, layer) {
    // What the reader did, where streamlit-folium looks for it.
    var click = {kind: kind, id: id, page: atlas.page, count: ++atlas.clickCount};
    if (layer) {
      layer.feature = layer.feature || {type: 'Feature', properties: {}};
      layer.feature.properties[config.clickProperty] = click;
    }
    atlas.lastClick = click;
    carry();
    return click;
  }
  function reportNow(kind, id, layer) {
    // What no click on the map carries (a key press, a paused playback): streamlit-folium sends
    // what it returns when the map reports a move, so report one.
    report(kind, id, layer);
    map.fire('moveend');
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
  function svgIcon(kind, size) {
    var colour = key.kindColours[kind] || '#222222';  // the same colour per kind as the charts
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
      marker.on('click', function () { report('event', m.id, marker); });
      marker.on('keypress', function (event) {  // Enter on a focused marker: its panel too, not only the popup
        if (event.originalEvent.keyCode !== 13) { return; }
        reportNow('event', m.id, marker);
      });
      marker.bindPopup(function () { return popupContent(m); }, {maxWidth: 360});  // built when opened
      marker.on('add', function () {
        // a name for screen readers; Enter on the focused marker clicks it (Leaflet's keyboard option)
        var icon = marker.getElement();
        icon.setAttribute('role', 'button');
        icon.setAttribute('aria-label', m.kind.charAt(0).toUpperCase() + m.kind.slice(1) + ': ' + m.title + ', ' +
                          m.start + (m.until ? ' to ' + m.until : ''));
      });
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
  var legendToggle = L.control({position: 'bottomright'});
  legendToggle.onAdd = function () {
    // On a small frame the legend folds into a button, so it does not cover the map.
    var button = L.DomUtil.create('button', 'atlas-legend-toggle');
    button.type = 'button';
    button.textContent = 'Legend';
    button.setAttribute('aria-expanded', 'false');
    L.DomEvent.disableClickPropagation(button);
    button.addEventListener('click', function () {
      var open = !map.getContainer().classList.contains('atlas-legend-open');
      map.getContainer().classList.toggle('atlas-legend-open', open);
      button.setAttribute('aria-expanded', String(open));
    });
    return button;
  };
  legendToggle.addTo(map);
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
    title.textContent = (view.precision === 'day' ? 'Holder on ' : 'Holder at the end of ') + view.label;
    box.appendChild(title);
    if (atlas.showTerritory === false) {
      var off = document.createElement('div'); off.textContent = 'Territory layer off'; box.appendChild(off);
      return;
    }
    (view.legend || []).forEach(function (item) { swatch(box, item[0], item[1]); });
    var keyBox = document.createElement('div'); keyBox.className = 'atlas-legend-key';
    box.appendChild(keyBox);
    swatch(keyBox, '#999', 'stronghold', {border: key.strongholdWidth + 'px solid ' + key.borderColour});
    swatch(keyBox, 'repeating-linear-gradient(45deg,#999 0 4px,#fff 4px 8px)', 'contested');
    swatch(keyBox, 'rgba(153,153,153,' + key.influenceOpacity + ')', 'influence', {border: '1px dotted ' + key.borderColour});
    swatch(keyBox, '#fff', 'low confidence', {border: '1px dashed ' + key.borderColour});
    swatch(keyBox, '#fff', view.precision === 'year' ? 'changed in the year' : 'changed in the month',
           {border: key.changedWidth + 'px solid ' + key.changedColour});
    if (atlas.outlineLayer) { swatch(keyBox, '#fff', 'province borders of the time', {border: '2px dashed #000'}); }
    var symbols = document.createElement('details');  // the key of the event symbols, folded away
    symbols.className = 'atlas-symbol-key';
    var summary = document.createElement('summary');
    summary.textContent = 'Event symbols';
    symbols.appendChild(summary);
    Object.keys(SHAPES).forEach(function (kind) {
      var row = document.createElement('div');
      var icon = document.createElement('span');
      icon.innerHTML = svgIcon(kind, 14);  // our own constant SVG, no data in it
      var label = document.createElement('span');
      label.textContent = kind.charAt(0).toUpperCase() + kind.slice(1);
      row.appendChild(icon); row.appendChild(label); symbols.appendChild(row);
    });
    symbols.open = Boolean(atlas.symbolKeyOpen);
    symbols.addEventListener('toggle', function () { atlas.symbolKeyOpen = symbols.open; });
    box.appendChild(symbols);
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

  // --- the page's slider (dashboard only) -------------------------------------------------
  function parentDocument() {
    try {
      if (!config.sliderKey || window.parent === window) { return null; }
      return window.parent.document;
    } catch (e) {
      return null;  // another origin: no preview, the server's layer alone
    }
  }
  function sliderInput() {
    // Streamlit marks a widget's container with the class st-key-<widget key>.
    var doc = parentDocument();
    return doc ? doc.querySelector('.st-key-' + config.sliderKey + ' input[type="range"]') : null;
  }
  function clickParentButton(widgetKey) {
    var doc = parentDocument();
    var button = doc && doc.querySelector('.st-key-' + widgetKey + ' button');
    if (button && !button.disabled) { button.click(); }
  }
  function onSliderKey(event) {
    // One year a step for Page Up/Down and Shift+arrows (the slider's own page step is 10%).
    var steps = config.yearSteps;
    if (!steps) { return; }
    var back = event.key === 'PageDown' || (event.shiftKey && (event.key === 'ArrowLeft' || event.key === 'ArrowDown'));
    var forward = event.key === 'PageUp' || (event.shiftKey && (event.key === 'ArrowRight' || event.key === 'ArrowUp'));
    if (!back && !forward) { return; }
    event.preventDefault();
    event.stopPropagation();
    clickParentButton(back ? steps.back : steps.forward);
  }
  function followSlider() {
    if (!atlas.table) { return; }
    var input = sliderInput();
    if (!input && config.sliderKey && parentDocument() && (atlas.sliderLooks || 0) < 100) {
      // The month table can arrive before the page has drawn its slider: look again shortly
      // (no later layer from the server need come to do it), for up to 20 s.
      if (!atlas.sliderRetry) {
        atlas.sliderLooks = (atlas.sliderLooks || 0) + 1;
        atlas.sliderRetry = setTimeout(function () { atlas.sliderRetry = null; atlas.apply(); }, 200);
      }
      return;
    }
    if (!input || input === atlas.sliderInput) { return; }
    if (atlas.sliderObserver) { atlas.sliderObserver.disconnect(); }
    atlas.sliderInput = input;
    input.addEventListener('keydown', onSliderKey, true);
    atlas.sliderObserver = new MutationObserver(function () {
      if (Number(input.value) !== atlas.shownMonth) { atlas.apply(); }
    });
    atlas.sliderObserver.observe(input, {attributes: true, attributeFilter: ['aria-valuetext', 'value']});
  }

  // --- which moment, and how it looks --------------------------------------------------------
  function tableView(index) {
    var table = atlas.table;
    var entry = table && table.months[index];
    if (!entry) { return null; }
    return {month: index, label: table.labels[index], param: table.params[index], precision: 'month',
            legend: table.legends[entry.g], entry: entry, source: 'table'};
  }
  function layerView() {
    // The layer's own styles (a day view, or a page without the month table).
    if (!atlas.styles) { return null; }
    return {month: atlas.month, label: atlas.label, param: String(atlas.param).slice(0, 7),
            precision: atlas.precision || 'month', legend: atlas.legend, styles: atlas.styles, palette: atlas.palette,
            source: 'layer'};
  }
  function shownView() {
    var layerMonth = atlas.month;
    if (atlas.playing && atlas.table) { return tableView(atlas.playIndex); }
    var input = atlas.sliderInput && atlas.sliderInput.isConnected ? atlas.sliderInput : null;
    var wanted = input ? Number(input.value) : layerMonth;
    if (wanted === layerMonth && atlas.styles) { return layerView(); }
    return tableView(wanted) || tableView(layerMonth) || layerView();
  }
  function looksOf(view, code) {
    // [style, hatch colours or null, label] of one province in a view
    if (view.source === 'table') {
      var position = atlas.positions[code];
      var state = atlas.table.states[view.entry.p[position]];
      return state ? [atlas.table.palette[state[0]], state[1], state[2]] : null;
    }
    var packed = view.styles[code];
    return packed ? [view.palette[packed.s], packed.h, packed.l] : null;
  }
  function styleProvince(layer, view) {
    var code = layer.feature.properties.province_code;
    var looks = looksOf(view, code);
    if (!looks) { return; }
    var style = Object.assign({}, looks[0]);
    var hatch = looks[1], label = looks[2];
    if (atlas.showTerritory === false) {
      style = {fillColor: '#ffffff', fillOpacity: 0.15, color: '#777777', weight: 1, dashArray: null, opacity: 1};
      hatch = null;
      label = layer.feature.properties.province;
    }
    if (atlas.mergedCodes && atlas.mergedCodes[code]) { style.opacity = 0.35; }  // inside a province of the time
    if (atlas.selected === code || (atlas.highlighted || []).indexOf(code) >= 0) {
      style.weight = Math.max(style.weight, 4); style.color = '#000000'; style.opacity = 1;
    }
    layer.setStyle(style);
    if (layer._path) {
      layer._path.setAttribute('fill', hatch ? hatchFill(hatch) : style.fillColor);
      layer._path.setAttribute('data-fill', style.fillColor);
      layer._path.setAttribute('data-label', label);
      layer._path.setAttribute('aria-label', label + '. Press Enter for its sources.');
    }
    var tip = document.createElement('span');
    tip.textContent = label;
    layer.setTooltipContent(tip);
  }
  function tableMarkers(view) {
    // The default markers of a month of the table, as Marker objects.
    var table = atlas.table;
    return view.entry.m.map(function (item) {
      var marker = Object.assign({}, table.markers[item[0]]);
      if (item[1] || item[2]) { marker.shift = [item[1], item[2]]; }
      if (item[3]) { marker.faded = true; }
      if (atlas.selectedEvent && marker.id === atlas.selectedEvent) { marker.selected = true; marker.size += 6; }
      return marker;
    });
  }
  function showTableMarkers(view) {
    // The table's markers of the shown month, in a group of their own (null: none).
    var month = view ? view.month : null;
    if (atlas.tableMarkersMonth === month) { return; }
    if (atlas.tableMarkerGroup) { map.removeLayer(atlas.tableMarkerGroup); atlas.tableMarkerGroup = null; }
    atlas.tableMarkersMonth = month;
    if (month === null) { return; }
    atlas.tableMarkerGroup = L.featureGroup().addTo(map);
    atlas.addMarkers(atlas.tableMarkerGroup, tableMarkers(view), 'atlas-preview-event');
  }
  function showOutlines(view) {
    // The provinces as they were, where the map then differed from today's (month table "o").
    var table = atlas.table;
    var entry = table && table.months[view.month];
    var index = entry && entry.o !== undefined && entry.o !== null ? entry.o : null;
    if (atlas.outlineIndex === index) { return; }
    if (atlas.outlineLayer) { map.removeLayer(atlas.outlineLayer); atlas.outlineLayer = null; }
    atlas.outlineIndex = index;
    atlas.mergedCodes = {};
    if (index === null) { root.setAttribute('data-atlas-outlines', ''); return; }
    var geojson = table.outlines[index];
    atlas.outlineLayer = L.geoJSON(geojson, {
      interactive: false,
      style: function (feature) {
        return {className: 'atlas-historical historical-' + feature.properties.province_codes.join('-'),
                color: '#000000', weight: 3, dashArray: '10 5', fill: false, opacity: 0.9};
      }
    }).addTo(map);
    geojson.features.forEach(function (feature) {
      feature.properties.province_codes.forEach(function (code) { atlas.mergedCodes[code] = feature.properties.province; });
    });
    root.setAttribute('data-atlas-outlines', geojson.features.map(function (f) {
      return f.properties.province + ':' + f.properties.province_codes.join('+');
    }).join(' '));
  }
  function focusChapter() {
    // A new chapter of the tour: focus moves to its heading in the page (id "chapter"), so a
    // screen reader reads it and the keyboard goes on from there.
    if (!atlas.chapter || atlas.chapter === atlas.focusedChapter) { return; }
    var doc = parentDocument();
    var heading = doc && doc.getElementById('chapter');
    if (!heading) { return; }
    var title = heading.closest('h1, h2, h3, h4') || heading;
    title.setAttribute('tabindex', '-1');
    title.focus();
    atlas.focusedChapter = atlas.chapter;
  }
  atlas.apply = function () {
    if (!atlas.layer) { return; }
    followSlider();
    focusChapter();
    var view = shownView();
    if (!view) { return; }  // the month table is still on its way
    // The provinces, legend and labels depend only on these; a layer for a month the preview
    // has already painted leaves them as they are.
    var painted = [view.source === 'layer' ? atlas.param : view.param, view.source, atlas.showTerritory,
                   atlas.selected, (atlas.highlighted || []).join(','), atlas.showLabels].join('|');
    if (painted !== atlas.painted) {
      showOutlines(view);
      drawLegend(view);
      drawLabels();
      atlas.layer.eachLayer(function (layer) { styleProvince(layer, view); });
      atlas.painted = painted;
      atlas.view = view;
      atlas.paintedMonths.push(view.param);
      if (atlas.paintedMonths.length > 2000) { atlas.paintedMonths.shift(); }
    }
    atlas.shownMonth = view.month;
    if (atlas.timeLabel) { atlas.timeLabel.textContent = view.label; }
    var previewing = view.month !== atlas.month;
    var fromTable = view.source === 'table' && (config.tableMarkers || (previewing && atlas.defaultMarkers));
    showTableMarkers(fromTable && atlas.showEvents !== false ? view : null);
    var container = map.getContainer();
    container.classList.toggle('atlas-preview', previewing && !fromTable);  // dims the layer's markers
    container.classList.toggle('atlas-preview-markers', Boolean(fromTable));  // hides them
    root.setAttribute('data-atlas-layer-month', atlas.param || '');
    root.setAttribute('data-atlas-layer-year', String(atlas.param || '').slice(0, 4));
    root.setAttribute('data-atlas-markers-month', fromTable ? view.param : (atlas.param || ''));
    root.setAttribute('data-atlas-markers-year', String(fromTable ? view.param : (atlas.param || '')).slice(0, 4));
    root.setAttribute('data-atlas-month', view.param);
    root.setAttribute('data-atlas-year', String(view.param).slice(0, 4));
    root.setAttribute('data-atlas-moment', view.source === 'layer' ? atlas.param : view.param);
  };

  // --- playback, in the browser ------------------------------------------------------------
  atlas.speed = (config.playback && config.playback.speed) || 6;
  function stopPlaying(reportWhere) {
    if (atlas.timer) { clearInterval(atlas.timer); atlas.timer = null; }
    if (!atlas.playing) { return; }
    atlas.playing = false;
    root.setAttribute('data-atlas-playing', '0');
    if (atlas.playButton) { atlas.playButton.textContent = 'Play'; atlas.playButton.setAttribute('aria-pressed', 'false'); }
    if (reportWhere && atlas.table) {
      var param = atlas.table.params[atlas.playIndex];
      if (atlas.onStop) { atlas.onStop(atlas.playIndex); }
      reportNow('moment', param, null);
    }
  }
  function startPlaying() {
    if (!atlas.table) { return; }
    var last = atlas.table.months.length - 1;
    var from = atlas.shownMonth !== undefined ? atlas.shownMonth : atlas.month;
    atlas.playIndex = from >= last ? 0 : from;
    atlas.playing = true;
    root.setAttribute('data-atlas-playing', '1');
    if (atlas.playButton) { atlas.playButton.textContent = 'Pause'; atlas.playButton.setAttribute('aria-pressed', 'true'); }
    atlas.apply();
    atlas.timer = setInterval(function () {
      if (atlas.playIndex >= last) { stopPlaying(true); return; }
      atlas.playIndex += 1;  // one month a tick: none is skipped, whatever the speed
      atlas.apply();
    }, 1000 / atlas.speed);
  }
  atlas.togglePlay = function () { if (atlas.playing) { stopPlaying(true); } else { startPlaying(); } };
  atlas.setSpeed = function (speed) {
    atlas.speed = speed;
    if (atlas.playing) { clearInterval(atlas.timer); atlas.playing = false; startPlaying(); }
  };
  if (config.playback) {
    var controls = L.control({position: 'topright'});
    controls.onAdd = function () {
      var box = L.DomUtil.create('div', 'atlas-time');
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      var play = atlas.playButton = L.DomUtil.create('button', 'atlas-play', box);
      play.type = 'button';
      play.textContent = 'Play';
      play.setAttribute('aria-pressed', 'false');
      play.title = 'Play the months from the one shown';
      play.addEventListener('click', function () { atlas.togglePlay(); });
      var speedLabel = L.DomUtil.create('label', 'atlas-speed', box);
      var speedText = document.createElement('span');
      speedText.textContent = 'Speed';
      speedLabel.appendChild(speedText);
      var select = L.DomUtil.create('select', 'atlas-speed-select', speedLabel);
      config.playback.speeds.forEach(function (speed) {
        var option = document.createElement('option');
        option.value = String(speed);
        option.textContent = speed + ' months/s';
        if (speed === atlas.speed) { option.selected = true; }
        select.appendChild(option);
      });
      select.addEventListener('change', function () { atlas.setSpeed(Number(select.value)); });
      atlas.speedSelect = select;
      var label = atlas.timeLabel = L.DomUtil.create('strong', 'atlas-time-label', box);
      label.setAttribute('aria-live', 'off');
      return box;
    };
    controls.addTo(map);
    atlas.timeControl = controls;
  }

  function makeFocusable(layer) {
    // A province is a button for the keyboard: Tab reaches it, Enter or Space opens its panel.
    var path = layer._path;
    if (!path || path.getAttribute('tabindex') === '0') { return; }
    path.setAttribute('tabindex', '0');
    path.setAttribute('role', 'button');
    path.addEventListener('keydown', function (event) {
      if (event.key !== 'Enter' && event.key !== ' ') { return; }
      event.preventDefault();
      reportNow('province', layer.feature.properties.province_code, layer);
    });
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
        layer.on('click', function () { report('province', feature.properties.province_code, layer); });
        layer.on('add', function () { makeFocusable(layer); });
        atlas.provinceCount += 1;
      }
    }).addTo(map);
    atlas.layer.eachLayer(makeFocusable);
    atlas.apply();
    root.setAttribute('data-atlas-provinces', String(atlas.provinceCount));
  }
  function useTable(table) {
    atlas.table = table;
    atlas.positions = {};
    table.provinces.forEach(function (code, position) { atlas.positions[code] = position; });
    atlas.apply();
  }
  function fetchJson(url) {
    // The dashboard's script file starts these two fetches before Leaflet has even run
    // (ui/assets.py, map_scripts); take the one already on its way.
    var early = window.atlasEarlyFetches && window.atlasEarlyFetches[url];
    if (early) {
      delete window.atlasEarlyFetches[url];
      return early;
    }
    return fetch(url).then(function (r) {
      if (!r.ok) { throw new Error(r.status + ' ' + url); }
      return r.json();
    });
  }
  function loadFailed() {
    var box = legend.getContainer();
    box.textContent = 'The map data could not be loaded from the server. Reload the page to try again.';
    root.setAttribute('data-atlas-error', 'load');
  }
  if (typeof config.geometry === 'string') {
    fetchJson(config.geometry).then(draw).catch(loadFailed);
  } else {
    draw(config.geometry);
  }
  if (typeof config.monthTable === 'string') {
    fetchJson(config.monthTable).then(useTable).catch(loadFailed);
  } else if (config.monthTable) {
    useTable(config.monthTable);
  }
}
