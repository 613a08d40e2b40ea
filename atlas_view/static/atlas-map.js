/* Junbish Atlas map, loaded once per frame (served by the app, inlined in the export), after
 * Leaflet, atlas-time.js (the time controller) and atlas-contract.js (payload checks).
 *
 * The payloads it reads and the report it sends are declared in atlas_view/contract.py, which
 * also writes them as a JSON Schema (atlas_view/static/atlas-contract.schema.json) that the
 * script's own tests (tests/js) check Python's payloads against.
 *
 * createAtlasMap(map, config) (config: MapConfig) draws the provinces (config.geometry: a URL
 * or the GeoJSON), gets every month's looks (config.monthTable: a URL or the MonthTable) and
 * returns an instance with private state: {map, time, receive(layer), addServerMarkers(group,
 * markers), provinceLayer(), referenceLayer(), destroy()}. config.reference (a URL or the
 * ReferenceLayer) adds the places, the neighbouring countries and the Amu Darya, named without
 * overlap (createReferenceLayer, below). window.atlasMap holds the one instance of the frame
 * (the server's layers call it; the browser tests read it).
 *
 * Time has one owner, this map: the time bar along its bottom edge (the month slider with year
 * ticks, Play/Pause and the speed, previous/next month, a year back and on, previous/next
 * change) drives a createTimeController(); the map paints every month from the table without
 * asking the server. The server moves time only by a layer whose timeRequest is newer than the
 * last one applied (a chapter of the tour, an event chosen, a link): the map shows it and does
 * not report it back.
 *
 * What the map tells the page goes through one channel: window.Streamlit.setComponentValue
 * (the component library streamlit-folium loads in this frame), a MapReport {seq, page,
 * moment, playing, speed, view, viewChosen, click}. A report follows a click on a province,
 * a district or a marker (click: {kind, id}); a move along the time axis by the reader (bursts
 * of key presses or a drag are reported once, when they stop); Play (playing: true, so the page
 * sets aside what names a month) and Pause; and a view the reader chose. Ids travel, never
 * display text. Every text from the data goes into the page through textContent. The page's
 * answer (the seq of the last report it applied) comes back in the figure's HTML, read from
 * Streamlit's render event (atlasAnswerIn, atlas-report.js), not in the layer: a layer changes
 * only when it brings something (options, a day's looks, filtered markers, a move of the time).
 *
 * On the root element (names from config.attributes): the provinces drawn, the month and
 * moment shown, the server layer's moment, the moment of the page's last answer, the markers'
 * month, playing, the outlines of the time, the chapter shown.
 */
function createAtlasMap(map, config) {
  var key = config.legendKey;
  var names = config.attributes;
  var root = document.documentElement;
  var page = Math.random().toString(36).slice(2, 12);
  var table = null, positions = {}, provinces = null, labelLayer = null, outlineLayer = null;
  var outlineIndex, mergedCodes = {}, painted = null, paintedView = null, tableMarkerGroup = null;
  var tableMarkersMonth = null, symbolKeyOpen = false, hatchIds = {}, reportSeq = 0;
  var lastTimeRequest = -1, destroyed = false, movingItself = 0, movedByHand = false;
  var viewChosen = !config.fitBounds;  // a view the link gave counts as chosen
  var layer = {param: null, month: 0, precision: 'month', selected: null, highlighted: [], chapter: null,
               selectedEvent: null, showTerritory: true, showLabels: false, showEvents: true,
               defaultMarkers: true, styles: null, palette: null, legend: null, timeRequest: -1};
  var playback = config.playback || {speeds: [1, 3, 6, 12], speed: 6};
  var time = createTimeController({
    count: config.monthCount, month: config.startMonth || 0, speed: playback.speed, speeds: playback.speeds,
    onChange: timeChanged
  });
  function useChangeDays() {
    // Previous/Next change move between the changes of the selected province, else of any.
    if (!table) { return; }
    time.setChangeDays(table.changeDays[layer.selected] || table.changeDays.all);
  }
  var timeBar = null;
  var referenceLayer = createReferenceLayer(map, function (zoom, shown) { setRoot('labels', zoom + ':' + shown); });

  function setRoot(name, value) { root.setAttribute(names[name], value === null || value === undefined ? '' : String(value)); }
  function moveItself(move) {  // the map's own moves (fitting the country) are not the reader's
    movingItself += 1;
    try { move(); } finally { movingItself -= 1; }
  }

  // --- the frame as a page of its own ---------------------------------------------------------
  (function describeThePage() {
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
  if (config.compact) { map.getContainer().classList.add('atlas-compact'); }
  if (config.fillFrame) {
    // The page sizes this frame; the map takes all of it (streamlit-folium fixes its height in
    // pixels) and follows when the frame changes.
    map.getContainer().style.setProperty('height', '100vh', 'important');
    moveItself(function () { map.invalidateSize({animate: false}); });
  }
  function fitCountry() {
    // The whole country in the frame, clear of the time bar; half zoom steps fill the frame better.
    var bar = timeBar && timeBar.element ? timeBar.element.getBoundingClientRect().height : 0;
    moveItself(function () {
      map.fitBounds(config.fitBounds, {animate: false, paddingTopLeft: [0, 0], paddingBottomRight: [0, bar + 12]});
    });
  }
  if (config.fitBounds) {
    map.options.zoomSnap = 0.5;
    map.once('dragstart', function () { movedByHand = true; });
    map.on('resize', function () {  // a rotated phone, a resized window: fit again until someone moves it
      if (!movedByHand && !viewChosen) { fitCountry(); }
    });
  }
  var autoPanning = false;  // a pop-up moving the map into view is not the reader's choice of view
  map.on('autopanstart', function () { autoPanning = true; });
  map.on('movestart', function () {
    if (!movingItself && !autoPanning) { viewChosen = true; }
  });
  map.on('moveend', function () {
    if (autoPanning) { autoPanning = false; return; }
    if (!movingItself && viewChosen) { pacer.step(); }
  });
  (function gestures() {
    // config.wheelZoom: the wheel zooms (the map is the page). Otherwise (an embed in an
    // article) the wheel scrolls the article and Ctrl/Cmd+wheel zooms. On a phone one finger
    // scrolls the page and two move the map. A short hint says so when someone tries.
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
    if (config.wheelZoom) {
      map.scrollWheelZoom.enable();
    } else {
      container.addEventListener('wheel', function (event) {
        if (event.ctrlKey || event.metaKey) {
          event.preventDefault();
          map.setZoom(map.getZoom() + (event.deltaY < 0 ? 1 : -1));
        } else {
          showHint('Use Ctrl + scroll (⌘ + scroll on a Mac) to zoom the map');
        }
      }, {passive: false});
    }
    if (L.Browser.touch && L.Browser.mobile) {
      map.dragging.disable();
      container.addEventListener('touchstart', function (event) {
        if (event.touches.length === 1 && !event.target.closest('.atlas-timebar')) { showHint('Use two fingers to move the map'); }
      }, {passive: true});
    }
  })();
  if (map.keyboard) {
    // Leaflet focuses the map on mousedown; keep the page from scrolling to it.
    map.keyboard.disable();
    map.keyboard._onMouseDown = function () {
      if (!this._focused) { this._map._container.focus({preventScroll: true}); }
    };
    map.keyboard.enable();
  }

  // --- reporting: one channel to the page ---------------------------------------------------
  function currentView() {
    var centre = map.getCenter();
    return {lat: centre.lat, lon: centre.lng, zoom: map.getZoom()};
  }
  function sendReport(click) {
    /* Send a MapReport now; its seq, or undefined when there is no channel to the page. */
    if (!config.report || destroyed) { return undefined; }
    var streamlit = window.Streamlit;
    if (!streamlit || typeof streamlit.setComponentValue !== 'function') { return undefined; }
    reportSeq += 1;
    streamlit.setComponentValue(atlasMakeReport(reportSeq, page, time.moment(), table ? table.params : null,
                                                viewChosen ? currentView() : null, click, lastTimeRequest));
    return reportSeq;
  }
  function hearAnswer(event) {
    /* Streamlit's render event: the component's arguments, sent again whenever the page's run
     * changed one. The figure's HTML carries the page's answer to our reports (contract.py,
     * ANSWER_ATTRIBUTE); streamlit-folium inserted that HTML once and leaves it alone. */
    var args = event && event.detail ? event.detail.args : null;
    var seq = atlasAnswerIn(args ? args.html : null, config.answerAttribute);
    if (seq === null || seq === lastAnswer || destroyed) { return; }  // (a render for another reason)
    lastAnswer = seq;
    pacer.answered(seq);  // which may send the steps made meanwhile: then their answer is awaited
    if (seq >= reportSeq) { setRoot('answered', momentParam(time.moment())); }  // every report answered
  }
  var lastAnswer = null;
  var streamlitEvents = config.report && window.Streamlit && window.Streamlit.events;
  if (streamlitEvents && typeof streamlitEvents.addEventListener === 'function') {
    streamlitEvents.addEventListener(window.Streamlit.RENDER_EVENT, hearAnswer);
  }
  // A step is reported at once, unless the page has not answered the last report yet: then
  // the steps made meanwhile go as one report when the answer comes (atlas-report.js).
  var pacer = createReportPacer({send: sendReport, patience: config.reportPatience});
  function momentParam(moment) {
    return moment.day || (table ? table.params[moment.month] : String(moment.month));
  }
  var paintQueued = false;
  var PAINT_AT_THE_LATEST_MS = 20;
  function paintSoon() {
    // Paint in a task of its own at background priority: the page shares this thread, and its
    // handling of the report (a message, then a task of React's) sends it to the server first,
    // so the server's run overlaps the paint. A busy page runs background tasks late (on a
    // loaded machine, after the server's answer), so a timer paints after 20 ms at the latest,
    // whichever comes first. (Without scheduler.postTask: the next task.)
    if (paintQueued) { return; }
    paintQueued = true;
    var run = function () { if (paintQueued) { paintQueued = false; paint(); } };
    if (window.scheduler && typeof window.scheduler.postTask === 'function') {
      window.scheduler.postTask(run, {priority: 'background'});
      setTimeout(run, PAINT_AT_THE_LATEST_MS);
    } else {
      setTimeout(run, 0);
    }
  }
  function timeChanged(moment, cause) {
    // The report leaves first, so the page works on its answer while the map paints.
    var reported = reportSeq;
    if (cause === 'play' || cause === 'pause' || cause === 'jump' || cause === 'speed') { pacer.now(null); }
    else if (cause !== 'server' && cause !== 'tick') { pacer.step(); }
    if (timeBar) { timeBar.update(moment); }
    if (reportSeq !== reported) { paintSoon(); } else { paint(); }
  }

  // --- event markers ----------------------------------------------------------------------
  // One shape per kind in a 20x20 box, neutral (config.legendKey: a light fill and a dark
  // outline, visible on every holder's fill and never a faction's colour); the selected event
  // takes the one accent.
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
  function svgIcon(kind, size, selected) {
    // The selected event: the accent, ringed in the markers' light fill so it stands out on dark fills too.
    var shape = SHAPES[kind] || SHAPES.battle;
    var halo = selected ? '<g fill="none" stroke="' + key.markerFill + '" stroke-width="5" stroke-linejoin="round">' +
      shape + '</g>' : '';
    return '<svg width="' + size + '" height="' + size + '" viewBox="0 0 20 20" aria-hidden="true">' + halo +
      '<g class="atlas-shape" fill="' + (selected ? key.selectedFill : key.markerFill) + '" stroke="' +
      key.markerOutline + '" stroke-width="1.6" stroke-linejoin="round">' + shape + '</g></svg>';
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
  function popupPadding() {
    // Pop-ups open clear of the time bar along the bottom edge.
    var bar = timeBar ? timeBar.element.getBoundingClientRect().height : 0;
    return {autoPanPaddingTopLeft: L.point(10, 10), autoPanPaddingBottomRight: L.point(10, bar + 16)};
  }
  function addMarkers(group, markers, extraClass) {
    var selectedMarker = null;
    // Measured once, before any marker is added: measuring per marker forced a layout each
    // time (about 5 ms a month step with twenty markers).
    var popupOptions = Object.assign({maxWidth: 360}, markers.length ? popupPadding() : {});
    markers.forEach(function (m) {
      var shift = m.shift || [0, 0];  // events at one point are fanned out by a few pixels
      var className = 'atlas-event' + (m.faded ? ' faded' : '') + (m.selected ? ' selected' : '') +
        ' event-' + String(m.id).replace(/[^a-z0-9-]/g, '') + (extraClass ? ' ' + extraClass : '');
      var marker = L.marker([m.lat, m.lon], {
        icon: L.divIcon({html: svgIcon(m.kind, m.size, m.selected), iconSize: [m.size, m.size],
                         iconAnchor: [Math.floor(m.size / 2) - shift[0], Math.floor(m.size / 2) - shift[1]],
                         className: className}),
        zIndexOffset: m.selected ? 1000 : 0, riseOnHover: true, alt: m.title
      });
      marker.bindTooltip(escapeHtml(m.title + ' (' + m.start + ')'), {direction: 'top'});
      marker.on('click', function () { pacer.now({kind: 'event', id: m.id}); });
      marker.on('keypress', function (event) {  // Enter on a focused marker opens its panel too
        if (event.originalEvent.keyCode === 13) { pacer.now({kind: 'event', id: m.id}); }
      });
      marker.bindPopup(function () { return popupContent(m); }, popupOptions);
      marker.on('add', function () {
        var icon = marker.getElement();
        icon.setAttribute('role', 'button');
        icon.setAttribute('aria-label', m.kind.charAt(0).toUpperCase() + m.kind.slice(1) + ': ' + m.title + ', ' +
                          m.start + (m.until ? ' to ' + m.until : ''));
      });
      marker.addTo(group);
      if (m.selected) { selectedMarker = marker; }
    });
    // The selected event's pop-up opens by itself, except on a small frame (a phone), where it
    // would cover the map; its marker stands out and a tap opens it. It opens once the
    // stylesheets apply: Leaflet measures a pop-up when it opens, and before its stylesheet a
    // pop-up is as wide as the map, so it was placed half a map to the left of its marker.
    if (selectedMarker && map.getSize().x >= 520) {
      setTimeout(function () {
        atlasWhenStylesheetsApply(function () {
          if (!selectedMarker._map) { return; }
          Object.assign(selectedMarker.getPopup().options, popupPadding());  // the time bar as drawn now
          map.closePopup();  // one pop-up at a time
          selectedMarker.openPopup();
        });
      }, 0);
    }
  }

  // --- provinces: fills, stripes, labels, outlines of the time ------------------------------
  function hatchFill(colours) {
    var id = 'hatch-' + colours.join('-').replace(/#/g, '');
    if (!hatchIds[id]) {
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
      hatchIds[id] = true;
    }
    return 'url(#' + id + ')';
  }
  // The legend sits in the bottom-right corner, above the time bar (atlas-map.css), over
  // Pakistan at the default view, clear of the north and Kabul; on a small frame it folds into
  // a button and opens as a sheet over the time bar.
  var legend = L.control({position: 'bottomleft'});
  legend.onAdd = function () {
    var box = L.DomUtil.create('section', 'atlas-legend');
    box.setAttribute('aria-label', 'Legend');
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    return box;
  };
  var legendToggle = L.control({position: 'topright'});
  legendToggle.onAdd = function () {
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
  function holderSwatch(colour, opacity) {
    // The holder's colour as its provinces show it: at their fill opacity over the map's background.
    var mark = document.createElement('span');
    mark.className = 'atlas-swatch atlas-holder-swatch';
    mark.style.backgroundColor = window.getComputedStyle(map.getContainer()).backgroundColor;
    var fill = document.createElement('span');
    fill.style.backgroundColor = colour;
    fill.style.opacity = String(opacity);
    mark.appendChild(fill);
    return mark;
  }
  var openHolder = null;  // the short name whose description a tap opened (kept across repaints)
  function holderList(box, items) {
    // Each holder is a button: hovering, focusing (keyboard) or tapping it shows its full name and
    // one line on who they were (its description for screen readers); Escape hides it again.
    var list = document.createElement('ul');
    list.className = 'atlas-holders';
    items.forEach(function (item, position) {
      var entry = document.createElement('li');
      entry.className = 'atlas-holder' + (openHolder === item[1] ? ' open' : '');
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'atlas-holder-name';
      var tipId = 'atlas-holder-tip-' + position;
      button.setAttribute('aria-describedby', tipId);
      button.setAttribute('aria-expanded', String(openHolder === item[1]));
      button.appendChild(holderSwatch(item[0], item[4]));
      var name = document.createElement('span');
      name.textContent = item[1];
      button.appendChild(name);
      var tip = document.createElement('span');
      tip.className = 'atlas-holder-tip';
      tip.id = tipId;
      tip.setAttribute('role', 'tooltip');
      var full = document.createElement('b');
      full.textContent = item[2] || item[1];
      tip.appendChild(full);
      tip.appendChild(document.createTextNode(item[3] ? ': ' + item[3] : ''));
      button.addEventListener('click', function () {
        var open = !entry.classList.contains('open');
        list.querySelectorAll('.atlas-holder.open').forEach(function (other) {
          other.classList.remove('open');
          other.firstChild.setAttribute('aria-expanded', 'false');
        });
        entry.classList.toggle('open', open);
        entry.classList.remove('dismissed');
        button.setAttribute('aria-expanded', String(open));
        openHolder = open ? item[1] : null;
      });
      button.addEventListener('keydown', function (event) {
        if (event.key !== 'Escape') { return; }
        entry.classList.add('dismissed');
        entry.classList.remove('open');
        button.setAttribute('aria-expanded', 'false');
        openHolder = null;
      });
      entry.addEventListener('mouseleave', function () { entry.classList.remove('dismissed'); });
      button.addEventListener('blur', function () { entry.classList.remove('dismissed'); });
      entry.appendChild(button);
      entry.appendChild(tip);
      list.appendChild(entry);
    });
    box.appendChild(list);
  }
  function sizeKey(box) {
    // Symbols grow with the death toll the sources give (atlas_view/markers.py symbol_size).
    var sizes = document.createElement('div');
    sizes.className = 'atlas-size-key';
    var title = document.createElement('span');
    title.className = 'atlas-size-title';
    title.textContent = 'Deaths';
    sizes.appendChild(title);
    key.deathSizes.forEach(function (size) {
      var item = document.createElement('span');
      item.className = 'atlas-size';
      var icon = document.createElement('span');
      icon.innerHTML = svgIcon('battle', size[1]);  // our own constant SVG, no data in it
      var label = document.createElement('span');
      label.textContent = size[0];
      item.appendChild(icon); item.appendChild(label); sizes.appendChild(item);
    });
    box.appendChild(sizes);
  }
  var legendContent = null, legendTitle = null;
  function drawLegend(view) {
    // The title names the moment; the rest is rebuilt only when what it shows changes (most
    // steps keep the same holders), which also keeps a reader's place in it.
    var titleText = (view.precision === 'day' ? 'Holder on ' : 'Holder at the end of ') + view.label;
    var content = JSON.stringify([layer.showTerritory === false, view.legend || [], !!outlineLayer,
                                  !!(table && table.districtMonths[view.month] && layer.showDistricts !== false),
                                  layer.showEvents !== false]);
    if (content === legendContent && legendTitle && legendTitle.isConnected) {
      legendTitle.textContent = titleText;
      return;
    }
    legendContent = content;
    var box = legend.getContainer();
    var scrolled = box.scrollTop;
    box.textContent = '';
    var title = legendTitle = document.createElement('strong');
    title.className = 'atlas-legend-title';
    title.textContent = titleText;
    box.appendChild(title);
    if (layer.showTerritory === false) {
      var off = document.createElement('div'); off.textContent = 'Territory layer off'; box.appendChild(off);
    } else {
      holderList(box, view.legend || []);
      var keyBox = document.createElement('div'); keyBox.className = 'atlas-legend-key';
      box.appendChild(keyBox);
      swatch(keyBox, '#999', 'stronghold', {border: key.strongholdWidth + 'px solid ' + key.borderColour});
      swatch(keyBox, 'repeating-linear-gradient(45deg,#999 0 4px,#fff 4px 8px)', 'contested');
      swatch(keyBox, 'rgba(153,153,153,' + key.influenceOpacity + ')', 'influence', {border: '1px dotted ' + key.borderColour});
      swatch(keyBox, '#fff', 'low confidence', {border: '1px dashed ' + key.borderColour});
      swatch(keyBox, '#fff', 'changed in the month', {border: key.changedWidth + 'px solid ' + key.changedColour});
      if (outlineLayer) { swatch(keyBox, '#fff', 'province borders of the time', {border: '2px dashed #000'}); }
      if (table && table.districtMonths[view.month] && layer.showDistricts !== false) {
        swatch(keyBox, '#999', 'district centre (its holder\u2019s colour)', {borderRadius: '50%', border: '2px solid #111'});
      }
    }
    if (layer.showEvents !== false) { sizeKey(box); }
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
    var selectedRow = document.createElement('div');
    var selectedIcon = document.createElement('span');
    selectedIcon.innerHTML = svgIcon('battle', 14, true);  // our own constant SVG, no data in it
    var selectedLabel = document.createElement('span');
    selectedLabel.textContent = 'The event chosen';
    selectedRow.appendChild(selectedIcon); selectedRow.appendChild(selectedLabel); symbols.appendChild(selectedRow);
    symbols.open = symbolKeyOpen;
    symbols.addEventListener('toggle', function () { symbolKeyOpen = symbols.open; });
    box.appendChild(symbols);
    box.scrollTop = scrolled;
  }
  function drawLabels() {
    // Province names (the "labels" option) join the reference layer's names, after them in rank,
    // so they show only where they fit.
    if (!provinces) { return; }
    if (!layer.showLabels) {
      if (labelLayer) { referenceLayer.setLabels('province', null); labelLayer = null; }
      return;
    }
    if (labelLayer) { return; }
    labelLayer = [];
    provinces.eachLayer(function (province) {
      var centre = province.getCenter();
      labelLayer.push({id: province.feature.properties.province_code, name: province.feature.properties.province,
                       rank: ATLAS_PROVINCE_LABEL_RANK + labelLayer.length, lat: centre.lat, lon: centre.lng});
    });
    referenceLayer.setLabels('province', labelLayer, true);
  }
  function showOutlines(view) {
    // The provinces as they were, where the map then differed from today's (month table "o").
    var entry = table && table.months[view.month];
    var index = entry && entry.o !== undefined && entry.o !== null ? entry.o : null;
    if (outlineIndex === index) { return; }
    if (outlineLayer) { map.removeLayer(outlineLayer); outlineLayer = null; }
    outlineIndex = index;
    mergedCodes = {};
    if (index === null) { setRoot('outlines', ''); return; }
    var geojson = table.outlines[index];
    outlineLayer = L.geoJSON(geojson, {
      interactive: false,
      style: function (feature) {
        return {className: 'atlas-historical historical-' + feature.properties.province_codes.join('-'),
                color: '#000000', weight: 3, dashArray: '10 5', fill: false, opacity: 0.9};
      }
    }).addTo(map);
    geojson.features.forEach(function (feature) {
      feature.properties.province_codes.forEach(function (code) { mergedCodes[code] = feature.properties.province; });
    });
    setRoot('outlines', geojson.features.map(function (f) {
      return f.properties.province + ':' + f.properties.province_codes.join('+');
    }).join(' '));
  }

  // --- what a moment looks like -------------------------------------------------------------
  function bringsItsMoment(payload) {
    // A layer of a day (its looks) or of markers other than the table's default set; a month's
    // layer with the default set brings nothing of its own (ui.map_state.layer_moment).
    return !(payload.defaultMarkers && payload.precision === 'month');
  }
  function tableView(index) {
    var entry = table && table.months[index];
    if (!entry) { return null; }
    return {month: index, label: table.labels[index], param: table.params[index], precision: 'month',
            legend: table.legends[entry.g], entry: entry, source: 'table'};
  }
  function shownView() {
    // The day's own styles when the server's layer for that day has come; else the month's.
    var moment = time.moment();
    var param = momentParam(moment);
    if (layer.styles && layer.param === param) {
      return {month: layer.month, label: layer.label, param: param, precision: layer.precision,
              legend: layer.legend, styles: layer.styles, palette: layer.palette, source: 'layer'};
    }
    var view = tableView(moment.month);
    if (view && moment.day) { view.param = moment.day; }
    return view;
  }
  function looksOf(view, code) {
    // [style, hatch colours or null, label] of one province in a view
    if (view.source === 'table') {
      var state = table.states[view.entry.p[positions[code]]];
      return state ? [table.palette[state[0]], state[1], state[2]] : null;
    }
    var packed = view.styles[code];
    return packed ? [view.palette[packed.s], packed.h, packed.l] : null;
  }
  function styleProvince(province, view) {
    var code = province.feature.properties.province_code;
    var looks = looksOf(view, code);
    if (!looks) { return; }
    var style = Object.assign({}, looks[0]);
    var hatch = looks[1], label = looks[2];
    if (layer.showTerritory === false) {
      style = {fillColor: '#ffffff', fillOpacity: 0.15, color: '#777777', weight: 1, dashArray: null, opacity: 1};
      hatch = null;
      label = province.feature.properties.province;
    }
    if (mergedCodes[code]) { style.opacity = 0.35; }  // inside a province of the time
    if (layer.selected === code || (layer.highlighted || []).indexOf(code) >= 0) {
      style.weight = Math.max(style.weight, 4); style.color = '#000000'; style.opacity = 1;
    }
    province.setStyle(style);
    if (province._path) {
      province._path.setAttribute('fill', hatch ? hatchFill(hatch) : style.fillColor);
      province._path.setAttribute('data-fill', style.fillColor);
      province._path.setAttribute('data-label', label);
      province._path.setAttribute('aria-label', label + '. Press Enter for its sources.');
    }
    var tip = document.createElement('span');
    tip.textContent = label;
    province.setTooltipContent(tip);
  }
  function tableMarkers(view) {
    return view.entry.m.map(function (item) {
      var marker = Object.assign({}, table.markers[item[0]]);
      if (item[1] || item[2]) { marker.shift = [item[1], item[2]]; }
      if (item[3]) { marker.faded = true; }
      if (layer.selectedEvent && marker.id === layer.selectedEvent) { marker.selected = true; marker.size += 6; }
      return marker;
    });
  }
  function showTableMarkers(view) {
    var month = view ? view.month : null;
    if (tableMarkersMonth === month) { return; }
    if (tableMarkerGroup) {
      tableMarkerGroup.eachLayer(function (marker) { marker.closePopup(); });  // no pop-up outlives its marker
      map.removeLayer(tableMarkerGroup);
      tableMarkerGroup = null;
    }
    tableMarkersMonth = month;
    if (month === null) { return; }
    tableMarkerGroup = L.featureGroup().addTo(map);
    addMarkers(tableMarkerGroup, tableMarkers(view), 'atlas-preview-event');
  }
  function paint() {
    if (!provinces || destroyed) { return; }
    var view = shownView();
    if (!view) { return; }  // the month table is still on its way
    // Everything the outlines, the legend, the names and the provinces' styles read: a layer
    // from the server that changes none of it (the answer to a step already painted) costs no repaint.
    var paintKey = [view.param, view.source, layer.showTerritory, layer.selected, (layer.highlighted || []).join(','),
                    layer.showLabels, layer.showEvents, layer.showDistricts].join('|');
    if (paintKey !== painted) {
      showOutlines(view);
      drawLegend(view);
      drawLabels();
      provinces.eachLayer(function (province) { styleProvince(province, view); });
      painted = paintKey;
      paintedView = view;
    }
    // The server's markers belong to its layer's moment; any other moment shows the table's
    // (the default set), or none while the reader's own filters wait for the server. A month's
    // layer with the default set brings no markers: the table's are the same (contract.py).
    var serverMarkersShown = layer.param === view.param && !config.tableMarkers && bringsItsMoment(layer);
    var fromTable = !serverMarkersShown && (config.tableMarkers || layer.defaultMarkers);
    showTableMarkers(fromTable && layer.showEvents !== false ? view : null);
    drawDistricts(view);
    var container = map.getContainer();
    container.classList.toggle('atlas-server-markers-hidden', !serverMarkersShown);
    setRoot('layerMonth', layer.param || '');
    setRoot('markersMonth', serverMarkersShown ? layer.param : (fromTable ? view.param : ''));
    setRoot('month', table ? table.params[view.month] : '');
    setRoot('moment', view.param);
    setRoot('playing', time.moment().playing ? '1' : '0');
  }

  // --- the district centres of the north (from January 2015) ---------------------------------
  var districtLayer = null, districtMarkers = {}, districtsShownMonth = null;
  function drawDistricts(view) {
    // One circle per district centre, filled with its holder's colour (stripes of both for a
    // contested centre), repainted from the month table like the provinces.
    var entry = table && view && table.months[view.month] ? table.districtMonths[view.month] : null;
    var show = entry && layer.showDistricts !== false;
    if (!show) {
      if (districtLayer && map.hasLayer(districtLayer)) { map.removeLayer(districtLayer); }
      districtsShownMonth = null;
      setRoot('districts', '');
      return;
    }
    if (!districtLayer) {
      districtLayer = L.layerGroup();
      table.districts.forEach(function (district) {
        var marker = L.circleMarker([district.lat, district.lon], {radius: 7, weight: 2, color: '#111111',
          fillOpacity: 0.95, className: 'atlas-district district-' + district.id});
        marker.bindTooltip('', {direction: 'top'});
        marker.on('click', function () { pacer.now({kind: 'district', id: district.id}); });
        marker.on('add', function () { makeButton(marker._path, {kind: 'district', id: district.id}); });
        marker.addTo(districtLayer);
        districtMarkers[district.id] = marker;
      });
    }
    if (!map.hasLayer(districtLayer)) { districtLayer.addTo(map); }
    var key = view.month + '|' + layer.selectedDistrict;
    if (districtsShownMonth === key) { return; }
    districtsShownMonth = key;
    table.districts.forEach(function (district, position) {
      var look = table.districtStates[entry[position]];
      var marker = districtMarkers[district.id];
      var selected = layer.selectedDistrict === district.id;
      marker.setStyle({fillColor: look[0], weight: selected ? 4 : 2, radius: selected ? 9 : 7});
      marker.setRadius(selected ? 9 : 7);
      if (marker._path) {
        marker._path.setAttribute('fill', look[1] ? hatchFill([look[0], look[1]]) : look[0]);
        marker._path.setAttribute('aria-label', look[2] + '. Press Enter for its sources.');
        marker._path.setAttribute('data-label', look[2]);
        marker._path.setAttribute('data-fill', look[0]);
      }
      var tip = document.createElement('span');
      tip.textContent = look[2];
      marker.setTooltipContent(tip);
    });
    setRoot('districts', String(table.districts.length));
  }

  // --- the time bar ---------------------------------------------------------------------------
  function button(parent, className, text, label, onClick) {
    var node = L.DomUtil.create('button', className, parent);
    node.type = 'button';
    node.textContent = text;
    if (label) { node.setAttribute('aria-label', label); node.title = label; }
    node.addEventListener('click', onClick);
    return node;
  }
  function createTimeBar() {
    var control = L.control({position: 'bottomleft'});
    var bar = {element: null, update: function () {}};
    control.onAdd = function () {
      var box = L.DomUtil.create('section', 'atlas-timebar');
      box.setAttribute('aria-label', 'Time');
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      var rowTop = L.DomUtil.create('div', 'atlas-timebar-row', box);
      var play = button(rowTop, 'atlas-play', 'Play', null, function () { time.toggle(); });
      play.setAttribute('aria-pressed', 'false');
      button(rowTop, 'atlas-step atlas-step-far', '⇤', 'Previous change: the day of the previous recorded change',
             function () { time.jumpToChange(false); });
      button(rowTop, 'atlas-step atlas-step-far', '«', 'One year back', function () { time.step(-12); });
      button(rowTop, 'atlas-step', '‹', 'Previous month', function () { time.step(-1); });
      var label = L.DomUtil.create('strong', 'atlas-time-label', rowTop);
      label.setAttribute('aria-live', 'polite');
      button(rowTop, 'atlas-step', '›', 'Next month', function () { time.step(1); });
      button(rowTop, 'atlas-step atlas-step-far', '»', 'One year on', function () { time.step(12); });
      button(rowTop, 'atlas-step atlas-step-far', '⇥', 'Next change: the day of the next recorded change',
             function () { time.jumpToChange(true); });
      var speedLabel = L.DomUtil.create('label', 'atlas-speed', rowTop);
      var speedText = document.createElement('span');
      speedText.textContent = 'Speed';
      speedLabel.appendChild(speedText);
      var select = L.DomUtil.create('select', 'atlas-speed-select', speedLabel);
      select.setAttribute('aria-label', 'Speed, months per second');
      playback.speeds.forEach(function (speed) {
        var option = document.createElement('option');
        option.value = String(speed);
        option.textContent = speed + ' mo/s';
        select.appendChild(option);
      });
      select.addEventListener('change', function () { time.setSpeed(Number(select.value)); });
      var rowSlider = L.DomUtil.create('div', 'atlas-timebar-slider', box);
      var slider = L.DomUtil.create('input', 'atlas-month-slider', rowSlider);
      slider.type = 'range';
      slider.min = '0';
      slider.max = String(config.monthCount - 1);
      slider.step = '1';
      slider.setAttribute('aria-label', 'Month');
      slider.addEventListener('input', function () { time.seek(Number(slider.value)); });
      slider.addEventListener('keydown', function (event) {
        if (time.key(event)) { event.preventDefault(); event.stopPropagation(); }
      });
      var ticks = L.DomUtil.create('div', 'atlas-year-ticks', rowSlider);
      ticks.setAttribute('aria-hidden', 'true');
      for (var year = 1988; year <= 2021; year += 1) {
        var labelled = year === 1988 || (year - 1988) % 5 === 2;
        var tick = L.DomUtil.create('span', labelled ? (year === 1988 ? 'labelled atlas-year-first' : 'labelled') : '', ticks);
        tick.style.left = ((year - 1988) * 12 / (config.monthCount - 1) * 100) + '%';
        if (labelled) { tick.textContent = String(year); }
      }
      var firstYear = ticks.querySelector('.atlas-year-first');
      var nextYear = ticks.querySelectorAll('.labelled')[1];
      var fitYearLabels = function () {
        /* 1988's label starts at its tick (centred, half of it would sit outside the bar); on a
         * narrow bar (a phone) it would run into 1990's, and then only its tick stays. */
        L.DomUtil.removeClass(firstYear, 'atlas-year-crowded');
        if (firstYear.getBoundingClientRect().right + 2 > nextYear.getBoundingClientRect().left) {
          L.DomUtil.addClass(firstYear, 'atlas-year-crowded');
        }
      };
      atlasWhenStylesheetsApply(function () { requestAnimationFrame(fitYearLabels); });  // (once the bar is in the page)
      map.on('resize', fitYearLabels);
      bar.element = box;
      bar.update = function (moment) {
        var text = moment.day ? dayLabel(moment.day) : (table ? table.labels[moment.month] : '');
        slider.value = String(moment.month);
        slider.setAttribute('aria-valuetext', text);
        label.textContent = text;
        play.textContent = moment.playing ? 'Pause' : 'Play';
        play.setAttribute('aria-pressed', String(moment.playing));
        select.value = String(moment.speed);
      };
      return box;
    };
    control.addTo(map);
    return bar;
  }
  function skipToTheTimeBar() {
    /* The map's first stop for the keyboard after the map itself: a link to the time bar, shown
     * when focused. Without it the slider came after every province and marker (60-odd Tabs). */
    var container = map.getContainer();
    var skip = document.createElement('a');
    skip.href = '#';
    skip.className = 'atlas-skip';
    skip.textContent = 'Skip to the time bar';
    skip.addEventListener('click', function (event) {
      event.preventDefault();
      var slider = timeBar.element && timeBar.element.querySelector('.atlas-month-slider');
      if (slider) { slider.focus(); }
    });
    L.DomEvent.disableClickPropagation(skip);
    var heading = container.querySelector('h1.atlas-sr-only');
    container.insertBefore(skip, heading ? heading.nextSibling : container.firstChild);
  }
  function dayLabel(day) {
    var parts = day.split('-');
    var months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September',
                  'October', 'November', 'December'];
    return Number(parts[2]) + ' ' + months[Number(parts[1]) - 1] + ' ' + parts[0];
  }
  if (config.timeBar) {
    timeBar = createTimeBar();
    timeBar.update(time.moment());
    skipToTheTimeBar();
    document.addEventListener('keydown', function (event) {
      // Alt+arrows step the months from anywhere in the map (as the page's shortcuts did).
      if (!event.altKey || /^(INPUT|SELECT|TEXTAREA)$/.test(event.target.tagName)) { return; }
      if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
        time.step(event.key === 'ArrowLeft' ? -1 : 1);
        event.preventDefault();
      }
    });
  }

  // --- provinces and the table --------------------------------------------------------------
  function makeButton(path, click) {
    // A province or a district centre is a button for the keyboard: Tab reaches it, Enter or
    // Space opens its panel (the same report as a click).
    if (!path || path.getAttribute('tabindex') === '0') { return; }
    path.setAttribute('tabindex', '0');
    path.setAttribute('role', 'button');
    path.addEventListener('keydown', function (event) {
      if (event.key !== 'Enter' && event.key !== ' ') { return; }
      event.preventDefault();
      pacer.now(click);
    });
  }
  function makeFocusable(province) {
    makeButton(province._path, {kind: 'province', id: province.feature.properties.province_code});
  }
  function draw(geojson) {
    if (destroyed) { return; }
    var count = 0;
    provinces = L.geoJSON(geojson, {
      style: function (feature) {
        return {className: 'atlas-province province-' + feature.properties.province_code,
                color: '#444444', weight: 1, fillColor: '#dddddd', fillOpacity: 0.4};
      },
      onEachFeature: function (feature, province) {
        var tip = document.createElement('span');
        tip.textContent = feature.properties.province;
        province.bindTooltip(tip, {sticky: true});
        province.on('mouseover', function () { province.setStyle({weight: 3}); province.bringToFront(); });
        province.on('mouseout', function () { if (paintedView) { styleProvince(province, paintedView); } });
        province.on('click', function () { pacer.now({kind: 'province', id: feature.properties.province_code}); });
        province.on('add', function () { makeFocusable(province); });
        count += 1;
      }
    }).addTo(map);
    provinces.eachLayer(makeFocusable);
    paint();
    setRoot('provinces', count);
  }
  function useTable(monthTable) {
    if (destroyed) { return; }
    table = monthTable;
    positions = {};
    table.provinces.forEach(function (code, position) { positions[code] = position; });
    useChangeDays();
    if (timeBar) { timeBar.update(time.moment()); }
    paint();
  }
  function fetchJson(url) {
    // The dashboard's script file starts these fetches before Leaflet has even run
    // (ui/assets.py); take the one already on its way.
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
    legend.getContainer().textContent = 'The map data could not be loaded from the server. Reload the page to try again.';
    root.setAttribute('data-atlas-error', 'load');
  }
  if (typeof config.geometry === 'string') { fetchJson(config.geometry).then(draw).catch(loadFailed); } else { draw(config.geometry); }
  if (typeof config.reference === 'string') {
    fetchJson(config.reference).then(referenceLayer.draw).catch(function () { setRoot('labels', 'failed'); });
  } else if (config.reference) {
    referenceLayer.draw(config.reference);
  }
  if (typeof config.monthTable === 'string') {
    fetchJson(config.monthTable).then(useTable).catch(loadFailed);
  } else if (config.monthTable) {
    useTable(config.monthTable);
  }

  var instance = {
    map: map,
    time: time,
    provinceLayer: function () { return provinces; },
    referenceLayer: function () { return referenceLayer; },
    table: function () { return table; },
    receive: function (payload) {
      /* A layer from the server (MomentLayer): its moment and options, and, when its
       * timeRequest is newer than the last one applied, a move of the time the page made. */
      var problems = typeof atlasPayloadProblems === 'function' ? atlasPayloadProblems('MomentLayer', payload) : [];
      if (problems.length) {
        if (window.console) { console.warn('Junbish Atlas: a layer was ignored: ' + problems[0]); }
        return false;
      }
      layer = payload;
      setRoot('chapter', payload.chapter || '');
      setRoot('layerRequest', payload.timeRequest);
      useChangeDays();
      if (payload.timeRequest > lastTimeRequest) {
        lastTimeRequest = payload.timeRequest;
        time.fromServer(payload.month, payload.precision === 'day' ? payload.param : null);
        setRoot('answered', payload.param);  // the page's own move: the layer is its answer
      } else if (bringsItsMoment(payload)) {
        setRoot('answered', payload.param);  // a layer of the moment's own markers or looks
      }
      paint();
      return true;
    },
    addServerMarkers: function (group, markers) { addMarkers(group, markers); },
    select: function (code) { layer = Object.assign({}, layer, {selected: code}); painted = null; paint(); },
    highlight: function (codes) { layer = Object.assign({}, layer, {highlighted: codes}); painted = null; paint(); },
    report: function (click) { pacer.now(click); },
    destroy: function () {
      destroyed = true;
      if (streamlitEvents) { streamlitEvents.removeEventListener(window.Streamlit.RENDER_EVENT, hearAnswer); }
      time.destroy();
      pacer.destroy();
    }
  };
  window.atlasMap = instance;
  if (config.fitBounds) { fitCountry(); }
  var pending = window.atlasPendingLayers || [];
  window.atlasPendingLayers = [];
  pending.forEach(function (payload) { instance.receive(payload); });
  return instance;
}

function atlasWhenStylesheetsApply(callback) {
  /* callback() now, or once every stylesheet the frame links (Leaflet's, the atlas's) has loaded
   * (or failed: nothing more will come). Leaflet and the atlas measure what they draw (a pop-up,
   * a name); measured before the stylesheets, a thing is as wide as the map. */
  var waiting = Array.prototype.filter.call(document.querySelectorAll('link[rel="stylesheet"]'),
                                            function (link) { return !link.sheet; });
  var left = waiting.length, called = false;
  var once = function () { if (!called) { called = true; callback(); } };
  if (!left) { once(); return; }
  waiting.forEach(function (link) {
    var done = function () { left -= 1; if (left === 0) { once(); } };
    link.addEventListener('load', done, {once: true});
    link.addEventListener('error', done, {once: true});
  });
  setTimeout(once, 3000);  // a stylesheet that failed before we listened tells nothing more
}

// --- the reference layer: places, neighbours, the river, and every name on the map -------------
var ATLAS_PROVINCE_LABEL_RANK = 1000;  // province names come after every name of the reference layer
var ATLAS_LABEL_GAP = 2;  // px kept free around a name

function atlasRectsOverlap(a, b, gap) {
  /* Whether two boxes {left, top, width, height} come closer than gap pixels. */
  gap = gap || 0;
  return a.left < b.left + b.width + gap && b.left < a.left + a.width + gap &&
    a.top < b.top + b.height + gap && b.top < a.top + a.height + gap;
}

function atlasBoxInside(box, frame, margin) {
  /* Whether a box {left, top, width, height} lies wholly inside frame {width, height}, margin
   * pixels from its edges. */
  margin = margin || 0;
  return box.left >= margin && box.top >= margin && box.left + box.width <= frame.width - margin &&
    box.top + box.height <= frame.height - margin;
}

function atlasPlaceLabels(candidates, gap, frame) {
  /* Which names to show, and where: each candidate {id, rank, boxes: [{left, top, width, height},
   * ...], fallback: [...]} (pixels on the map's frame; its places in order of preference, e.g.
   * right of its dot, then left of it) takes, in rank order, the first of its boxes that overlaps
   * no name shown before it (and, given the frame {width, height}, lies wholly inside it: a name
   * cut by the map's edge is no name); a candidate none of whose boxes is free is hidden. So a
   * better-ranked name always wins and no two names shown overlap. Then the hidden candidates,
   * in rank order, may take a free one of their ``fallback`` boxes (a country's name slid in from
   * the edge): a fallback never displaces a name placed in the first round. Ties in rank go by
   * id, so the same view always shows the same names. Returns [{id, box}] (box: the index of the
   * box taken, fallbacks counted after the boxes), in the order they were placed. */
  var ordered = candidates.slice().sort(function (a, b) {
    return a.rank - b.rank || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  });
  var taken = [], shown = [], hidden = [];
  function takeFirstFree(candidate, boxes, first) {
    for (var b = 0; b < boxes.length; b += 1) {
      var box = boxes[b];
      if (!box.width || !box.height || (frame && !atlasBoxInside(box, frame, gap))) { continue; }
      var free = true;
      for (var i = 0; i < taken.length && free; i += 1) { free = !atlasRectsOverlap(taken[i], box, gap); }
      if (free) {
        taken.push(box);
        shown.push({id: candidate.id, box: first + b});
        return true;
      }
    }
    return false;
  }
  ordered.forEach(function (candidate) {
    if (!takeFirstFree(candidate, candidate.boxes, 0)) { hidden.push(candidate); }
  });
  hidden.forEach(function (candidate) {
    if (candidate.fallback) { takeFirstFree(candidate, candidate.fallback, candidate.boxes.length); }
  });
  return shown;
}

function createReferenceLayer(map, onPlaced) {
  /* The reference layer (a ReferenceLayer, atlas_view/contract.py): the neighbouring countries
   * under the province fills, the Amu Darya over them, and every name (places, countries, the
   * river, the provinces when asked) in a pane above the fills and below the event markers. Names
   * never take a click. After each zoom the names are placed again with atlasPlaceLabels: a name
   * that would overlap a better-ranked one is hidden at that zoom. onPlaced(zoom, shown) follows
   * each placing. Returns {draw(layer), setLabels(group, items, centred), place(), shown()}. */
  function pane(name, zIndex) {
    var node = map.getPane(name) || map.createPane(name);
    node.style.zIndex = String(zIndex);
    node.style.pointerEvents = 'none';
    return name;
  }
  var panes = {neighbours: pane('atlasNeighbours', 250), rivers: pane('atlasRivers', 420),
               labels: pane('atlasLabels', 450)};
  var groups = {};
  var shownIds = [];
  function label(item, kind, centred) {
    var marker = L.marker([item.lat, item.lon], {
      pane: panes.labels, interactive: false, keyboard: false,
      icon: L.divIcon({className: 'atlas-ref-label atlas-ref-' + kind.replace(/[^a-z]/g, '-'), iconSize: null,
                       iconAnchor: [0, 0], html: ''})
    }).addTo(map);
    var element = marker.getElement();
    var text = document.createElement('span');
    text.className = 'atlas-ref-text';
    text.textContent = item.name;
    element.appendChild(text);
    element.setAttribute('data-label-kind', kind);
    element.setAttribute('data-rank', String(item.rank));
    return {id: kind + ':' + item.id, rank: item.rank, marker: marker, element: element, centred: centred,
            size: null, offsets: null};
  }
  function setLabels(group, items, centred) {
    (groups[group] || []).forEach(function (old) { map.removeLayer(old.marker); });
    delete groups[group];
    if (items) {
      groups[group] = items.map(function (item) { return label(item, item.kind || group, centred); });
    }
    place();
  }
  function measure(entry) {
    /* Once per name (its size does not change with the zoom); whether it is measured. A name not
     * yet laid out, or laid out before the stylesheets have loaded (Leaflet's places it
     * absolutely, the atlas's keeps it on one line in its own font: before them a name is as
     * wide as the map), is measured when it is. */
    if (entry.size && entry.size[0]) { return true; }
    var width = entry.element.offsetWidth, height = entry.element.offsetHeight;
    var style = window.getComputedStyle(entry.element);
    if (!width || !height || style.whiteSpace !== 'nowrap' || style.position !== 'absolute') {
      entry.size = [0, 0];
      entry.offsets = [[0, 0]];
      return false;
    }
    entry.size = [width, height];
    // A place's dot sits on its point, the name to its right, or else to its left; other names are
    // centred on theirs.
    var top = -Math.round(height / 2);
    entry.offsets = entry.centred ? [[-Math.round(width / 2), top]] : [[-DOT_HALF, top], [DOT_HALF - width, top]];
    return true;
  }
  var retrying = false, retries = 0;
  function placeAgainSoon() {
    // Some names could not be measured yet (a frame not yet laid out, the stylesheet on its way):
    // try again two frames on, a limited number of times; the stylesheets' load places them too.
    if (retrying) { return; }
    retrying = true;
    retries += 1;
    requestAnimationFrame(function () { requestAnimationFrame(function () { retrying = false; place(); }); });
  }
  atlasWhenStylesheetsApply(function () { place(); });
  var DOT_HALF = 4;
  function place() {
    var candidates = [], entries = {}, unmeasured = false, size = map.getSize();
    Object.keys(groups).forEach(function (group) {
      groups[group].forEach(function (entry) {
        if (!measure(entry)) { unmeasured = true; }
        var point = map.latLngToContainerPoint(entry.marker.getLatLng());
        entries[entry.id] = entry;
        // A centred name (a country, the river, a province) whose point is in view but whose
        // name would run over the map's edge may slide inward until it fits, where nothing else
        // is: placeOffsets holds its places, then that one.
        var slid = [];
        if (entry.centred && entry.size[0] && point.x >= 0 && point.y >= 0 && point.x <= size.x && point.y <= size.y) {
          var edge = ATLAS_LABEL_GAP, first = entry.offsets[0];
          var left = Math.min(Math.max(point.x + first[0], edge), size.x - edge - entry.size[0]);
          var top = Math.min(Math.max(point.y + first[1], edge), size.y - edge - entry.size[1]);
          slid.push([left - point.x, top - point.y]);
        }
        entry.placeOffsets = entry.offsets.concat(slid);
        var boxAt = function (offset) {
          return {left: point.x + offset[0], top: point.y + offset[1], width: entry.size[0], height: entry.size[1]};
        };
        candidates.push({id: entry.id, rank: entry.rank, boxes: entry.offsets.map(boxAt), fallback: slid.map(boxAt)});
      });
    });
    var shown = {};
    atlasPlaceLabels(candidates, ATLAS_LABEL_GAP, {width: size.x, height: size.y})
      .forEach(function (choice) { shown[choice.id] = choice.box; });
    shownIds = Object.keys(shown);
    Object.keys(entries).forEach(function (id) {
      var entry = entries[id], element = entry.element, box = shown[id];
      var hidden = box === undefined;
      element.classList.toggle('atlas-label-hidden', hidden);
      if (hidden) { element.setAttribute('aria-hidden', 'true'); return; }
      element.removeAttribute('aria-hidden');
      element.classList.toggle('atlas-ref-left', !entry.centred && box === 1);
      element.style.marginLeft = entry.placeOffsets[box][0] + 'px';
      element.style.marginTop = entry.placeOffsets[box][1] + 'px';
    });
    // The names count as placed (onPlaced) once every one could be measured (or the retries ran out).
    if (unmeasured && retries < 100) { placeAgainSoon(); return; }
    retries = 0;
    if (onPlaced) { onPlaced(map.getZoom(), shownIds.length); }
  }
  function draw(layer) {
    L.geoJSON(layer.outlines, {pane: panes.neighbours, interactive: false,
      style: function () { return {className: 'atlas-neighbour', color: '#8c8c8c', weight: 1, fillColor: '#f3f0e8', fillOpacity: 0.7}; }
    }).addTo(map);
    L.geoJSON(layer.rivers, {pane: panes.rivers, interactive: false,
      style: function () { return {className: 'atlas-river', color: '#3b78b5', weight: 2.5, opacity: 0.9}; }
    }).addTo(map);
    groups.place = layer.places.map(function (item) { return label(item, item.kind, false); });
    groups.name = layer.names.map(function (item) { return label(item, item.kind, true); });
    place();
  }
  map.on('moveend viewreset resize', place);  // (a zoom ends with a move too; a pan brings names to the edge)
  return {draw: draw, setLabels: setLabels, place: place, shown: function () { return shownIds.slice(); }};
}

function atlasMakeReport(seq, page, moment, params, view, click, timeRequest) {
  /* The MapReport the map sends (atlas_view/contract.py): the moment as a link writes it
   * ("1997-05", or the day), the playback, the view the reader chose (or null), the click, and
   * the page's last move of the time the map had followed (so the page can tell a report sent
   * before its newer move, and not take that report's moment for the reader's). */
  return {seq: seq, page: page, moment: moment.day || (params ? params[moment.month] : String(moment.month)),
          playing: moment.playing, speed: moment.speed, view: view || null, viewChosen: Boolean(view),
          click: click || null, timeRequest: timeRequest === undefined ? -1 : timeRequest};
}

function atlasReceiveLayer(payload) {
  /* What each server layer calls: hand the layer to the map, or keep it until the map exists. */
  if (window.atlasMap) { return window.atlasMap.receive(payload); }
  (window.atlasPendingLayers = window.atlasPendingLayers || []).push(payload);
  return false;
}

if (typeof module !== 'undefined' && module.exports) {
  module.exports = {atlasMakeReport: atlasMakeReport, atlasPlaceLabels: atlasPlaceLabels, atlasRectsOverlap: atlasRectsOverlap,
                    atlasBoxInside: atlasBoxInside};
}
