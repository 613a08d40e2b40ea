/* Junbish Atlas offline export: the moment read from the file's own link, and the tour
 * (inlined in the exported HTML file, after atlas-map.js).
 *
 * atlasExport(map, config): config.start is the month index the file was made for, and
 * config.province and config.view (lat, lon, zoom) the province and view it was made from (or
 * null); config.monthCount the number of months. The map itself (atlas-map.js: window.atlasMap)
 * holds the month table, its time bar, and plays the months; this opens at the moment in the
 * link (?date=YYYY-MM or YYYY-MM-DD, province=AF-XXX, view=lat,lon,zoom) when the link has one,
 * else at config.start. A link value the file cannot use is ignored and said so in a notice on
 * the map.
 *
 * The tour (config.story: the chapters, as atlas_view.export.export_story writes them) runs here
 * too, with no network: "Take the tour" (or ?story=N in the link) opens a chapter; Previous /
 * Next and the arrow keys move through it; each chapter sets the month, view and highlighted
 * provinces. Every text goes in through textContent.
 */
function atlasExport(map, config) {
  var atlasMap = window.atlasMap;
  var table = atlasMap.table();
  var notices = [];
  function readLink() {
    var params = new URLSearchParams(window.location.search);
    var chosen = {month: config.start, province: config.province || null, view: config.view || null};
    var date = params.get('date');
    if (date !== null) {
      var found = table.params.indexOf(String(date).slice(0, 7));
      if (/^\d{4}-\d{2}(-\d{2})?$/.test(date) && found >= 0) {
        chosen.month = found;
        if (date.length > 7) { notices.push('This offline map shows whole months: ' + table.labels[found] + '.'); }
      } else {
        notices.push('The link\u2019s date is not a month from January 1988 to December 2021; the map opens at ' +
                     table.labels[config.start] + '.');
      }
    }
    var province = params.get('province');
    if (province !== null) {
      if (table.provinces.indexOf(province) >= 0) { chosen.province = province; }
      else { notices.push('The link\u2019s province is not one of the 34 provinces; none is selected.'); }
    }
    var view = params.get('view');
    if (view !== null) {
      var parts = view.split(',').map(Number);
      if (parts.length === 3 && parts.every(isFinite) && parts[2] >= 4 && parts[2] <= 12 &&
          parts[0] > 24 && parts[0] < 44 && parts[1] > 52 && parts[1] < 82) {
        chosen.view = parts;
      } else {
        notices.push('The link\u2019s map view is not over Afghanistan; the whole country is shown.');
      }
    }
    return chosen;
  }
  function show(index) { atlasMap.time.seek(index); }
  var story = config.story || [];
  var storyBox, storyIndex = null;
  function text(parent, tag, value, className) {
    var node = document.createElement(tag);
    node.textContent = value;
    if (className) { node.className = className; }
    parent.appendChild(node);
    return node;
  }
  function button(parent, label, onClick) {
    var node = text(parent, 'button', label);
    node.type = 'button';
    node.addEventListener('click', onClick);
    return node;
  }
  function showChapter(index) {
    storyIndex = Math.max(0, Math.min(story.length - 1, index));
    var chapter = story[storyIndex];
    atlasMap.highlight(chapter.provinces);
    map.setView([chapter.view[0], chapter.view[1]], chapter.view[2]);
    show(chapter.month);
    storyBox.textContent = '';
    storyBox.classList.add('open');
    text(storyBox, 'p', 'Chapter ' + chapter.order + ' of ' + story.length + ' \u00b7 ' + chapter.label, 'atlas-story-progress');
    var heading = text(storyBox, 'h2', chapter.title);
    heading.tabIndex = -1;
    text(storyBox, 'p', chapter.text);
    var list = document.createElement('ul');
    chapter.sources.forEach(function (source) {
      var item = document.createElement('li');
      var link = document.createElement(source[1] ? 'a' : 'span');
      link.textContent = source[0];
      if (source[1]) { link.href = source[1]; link.rel = 'noopener noreferrer'; link.target = '_blank'; }
      item.appendChild(link);
      list.appendChild(item);
    });
    text(storyBox, 'p', 'Sources:');
    storyBox.appendChild(list);
    var buttons = document.createElement('div');
    buttons.className = 'atlas-story-buttons';
    button(buttons, 'Previous chapter', function () { showChapter(storyIndex - 1); }).disabled = storyIndex === 0;
    button(buttons, 'Next chapter', function () { showChapter(storyIndex + 1); }).disabled = storyIndex === story.length - 1;
    button(buttons, 'Leave the tour', leaveStory);
    storyBox.appendChild(buttons);
    heading.focus({preventScroll: true});
    document.documentElement.setAttribute('data-atlas-chapter', String(chapter.order));
  }
  function leaveStory() {
    storyIndex = null;
    atlasMap.highlight([]);
    storyBox.textContent = '';
    storyBox.classList.remove('open');
    button(storyBox, 'Take the tour (' + story.length + ' chapters)', function () { showChapter(0); });
    document.documentElement.setAttribute('data-atlas-chapter', '');
  }
  if (story.length) {
    var storyControl = L.control({position: 'topleft'});
    storyControl.onAdd = function () {
      storyBox = L.DomUtil.create('section', 'atlas-story');
      storyBox.setAttribute('aria-label', 'The story');
      L.DomEvent.disableClickPropagation(storyBox);
      L.DomEvent.disableScrollPropagation(storyBox);
      return storyBox;
    };
    storyControl.addTo(map);
    document.addEventListener('keydown', function (event) {
      if (storyIndex === null || /^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(event.target.tagName)) { return; }
      if (event.key === 'ArrowRight') { showChapter(storyIndex + 1); event.preventDefault(); }
      if (event.key === 'ArrowLeft') { showChapter(storyIndex - 1); event.preventDefault(); }
    });
  }
  var chosen = readLink();
  atlasMap.select(chosen.province);
  if (chosen.view) { map.setView([chosen.view[0], chosen.view[1]], chosen.view[2]); }
  if (notices.length) {
    var box = L.DomUtil.create('div', 'atlas-notice', map.getContainer());
    box.setAttribute('role', 'status');
    box.textContent = notices.join(' ');
  }
  show(chosen.month);
  if (story.length) {
    var wanted = Number(new URLSearchParams(window.location.search).get('story'));
    if (wanted >= 1 && wanted <= story.length) { showChapter(wanted - 1); } else { leaveStory(); }
  }
}
