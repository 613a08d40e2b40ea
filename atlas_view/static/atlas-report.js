/* Junbish Atlas: when the map tells the page where it is, headless (no Leaflet, no page).
 *
 * createReportPacer(options) decides when a report leaves: a step is reported at once when
 * the page has answered the map's last report; while an answer is awaited, later steps wait
 * and go as one report (where the map is then) as soon as the answer comes. So a reader who
 * steps at any pace gets each step answered without a wait of ours, and a held key or a
 * dragged slider costs the server one run per answer, never a queue of stale ones. An answer
 * lost on the way (a reconnect, a layer that changed nothing) is waited for ``patience`` ms at
 * most.
 *
 *   options = {send(click) -> seq, patience, setTimeout, clearTimeout}
 *   pacer.step()          a step of the time: report now, or as soon as the page answers
 *   pacer.now(click)      Play, Pause, a jump, a click: report now, whatever is in flight
 *   pacer.answered(seq)   the page has answered the report ``seq`` (and all before it)
 *   pacer.waiting()       whether a step waits for an answer to go
 *
 * atlasAnswerIn(html, attribute) reads the page's answer (the seq of the last report it applied)
 * from the map figure's HTML as Streamlit's render event hands it over (atlas_view/contract.py,
 * ANSWER_ATTRIBUTE): a number, or null when there is none.
 *
 * Works as a browser script (global functions) and as a CommonJS module for node --test.
 */
function createReportPacer(options) {
  var setTimer = options.setTimeout || function (f, ms) { return setTimeout(f, ms); };
  var clearTimer = options.clearTimeout || function (id) { clearTimeout(id); };
  var inFlight = null;  // the seq of the report awaiting its answer
  var pending = false;  // a step made since that report
  var timer = null;

  function stopWaiting() {
    if (timer !== null) { clearTimer(timer); timer = null; }
    inFlight = null;
  }
  function send(click) {
    stopWaiting();
    pending = false;
    var seq = options.send(click === undefined ? null : click);
    if (typeof seq !== 'number') { return; }  // nothing went (no channel to the page)
    inFlight = seq;
    timer = setTimer(function () { timer = null; inFlight = null; if (pending) { send(null); } }, options.patience);
  }
  return {
    step: function () { if (inFlight === null) { send(null); } else { pending = true; } },
    now: function (click) { send(click); },
    answered: function (seq) {
      if (inFlight === null || typeof seq !== 'number' || seq < inFlight) { return; }
      stopWaiting();
      if (pending) { send(null); }
    },
    waiting: function () { return pending; },
    destroy: function () { stopWaiting(); pending = false; }
  };
}

function atlasAnswerIn(html, attribute) {
  if (typeof html !== 'string' || typeof attribute !== 'string' || !/^[a-z-]+$/.test(attribute)) { return null; }
  var found = new RegExp('<template ' + attribute + '="(-?[0-9]{1,15})"').exec(html);
  return found ? Number(found[1]) : null;
}

if (typeof module !== 'undefined' && module.exports) {
  module.exports = {createReportPacer: createReportPacer, atlasAnswerIn: atlasAnswerIn};
}
