/* Junbish Atlas offline export: a year slider and Play button on the map (inlined in the
 * exported HTML file, after atlas-map.js).
 *
 * atlasTimeControl(map, config): config.years maps "1988".."2021" to an ExportYear of
 * atlas_view/contract.py ({view: YearLayer with styles, palette and legend; markers: [Marker]});
 * config.first, config.last and config.start are years. Showing a year assigns its view to
 * window.atlas and calls atlas.apply(), as a server year layer does in the dashboard.
 */
function atlasTimeControl(map, config) {
  var atlas = window.atlas = window.atlas || {};
  var eventLayers = {};
  var slider, label, play, timer = null;
  function showYear(year) {
    var payload = config.years[String(year)];
    Object.assign(atlas, payload.view);
    atlas.layerYear = payload.view.year;
    Object.keys(eventLayers).forEach(function (shown) { map.removeLayer(eventLayers[shown]); });
    if (!eventLayers[year]) {
      eventLayers[year] = L.featureGroup();
      atlas.addMarkers(eventLayers[year], payload.markers);
    }
    eventLayers[year].addTo(map);
    slider.value = String(year);
    label.textContent = String(year);
    if (atlas.apply) { atlas.apply(); }
  }
  function stop() {
    if (timer) { clearInterval(timer); timer = null; }
    if (play) { play.textContent = 'Play'; }
  }
  function start() {
    if (Number(slider.value) >= config.last) { showYear(config.first); }
    play.textContent = 'Pause';
    timer = setInterval(function () {
      var next = Number(slider.value) + 1;
      if (next > config.last) { stop(); return; }
      showYear(next);
    }, 1000);
  }
  var control = L.control({position: 'topright'});
  control.onAdd = function () {
    var box = L.DomUtil.create('div', 'atlas-time');
    L.DomEvent.disableClickPropagation(box);
    play = L.DomUtil.create('button', 'atlas-play', box);
    play.type = 'button';
    play.textContent = 'Play';
    slider = L.DomUtil.create('input', 'atlas-year-slider', box);
    slider.type = 'range';
    slider.min = String(config.first);
    slider.max = String(config.last);
    slider.step = '1';
    slider.setAttribute('aria-label', 'Year');
    label = L.DomUtil.create('strong', 'atlas-year-label', box);
    slider.addEventListener('input', function () { stop(); showYear(Number(slider.value)); });
    play.addEventListener('click', function () { if (timer) { stop(); } else { start(); } });
    return box;
  };
  control.addTo(map);
  atlas.showYear = showYear;
  showYear(config.start);
}
