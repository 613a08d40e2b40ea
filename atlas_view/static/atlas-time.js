/* Junbish Atlas: the map's time, headless (no Leaflet, no page).
 *
 * createTimeController(options) owns the moment the map shows: a month index on the axis
 * (0 = January 1988 ... count - 1 = December 2021) and, optionally, one day of that month
 * ("1997-05-26"), the playback and its speed. The time bar (atlas-map.js) draws it and hands it
 * the reader's keys and clicks; the map paints what it says. Everything is a plain function of
 * its state, and the clock is injected (options.setInterval / clearInterval), so the tests
 * (tests/js) drive it with a fake clock, and play() says how many ticks ran.
 *
 *   options = {count, month, day, speed, speeds, onChange(moment, cause),
 *              setInterval, clearInterval}
 *   moment  = {month, day, playing, speed}   (day: "YYYY-MM-DD" or null)
 *   cause   = 'step' | 'jump' | 'play' | 'tick' | 'pause' | 'speed' | 'server'
 *
 * Works as a browser script (a global function) and as a CommonJS module for node --test.
 */
var ATLAS_KEY_STEPS = {ArrowLeft: -1, ArrowDown: -1, ArrowRight: 1, ArrowUp: 1, PageDown: -12, PageUp: 12};

function keyStep(event) {
  /* The months a key moves the slider, as the ARIA slider pattern says: arrows one month,
   * Page Up/Down one year (and Shift+arrows, and Alt+arrows one month as the page's old
   * shortcuts did); 'first' / 'last' for Home / End; null for any other key. */
  if (event.key === 'Home') { return 'first'; }
  if (event.key === 'End') { return 'last'; }
  var step = ATLAS_KEY_STEPS[event.key];
  if (step === undefined) { return null; }
  if (event.shiftKey && Math.abs(step) === 1) { return step * 12; }
  return step;
}

function monthOfDay(day) {
  /* The month index of an ISO day ("1988-02-10" -> 1), or null. */
  var match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(day || ''));
  if (!match) { return null; }
  return (Number(match[1]) - 1988) * 12 + Number(match[2]) - 1;
}

function createTimeController(options) {
  var count = options.count;
  var speeds = options.speeds || [1, 3, 6, 12];
  var changeDays = [];
  var setTimer = options.setInterval || function (f, ms) { return setInterval(f, ms); };
  var clearTimer = options.clearInterval || function (id) { clearInterval(id); };
  var onChange = options.onChange || function () {};
  var state = {month: clamp(options.month || 0), day: null, playing: false,
               speed: speeds.indexOf(options.speed) >= 0 ? options.speed : speeds[Math.min(2, speeds.length - 1)]};
  if (options.day && monthOfDay(options.day) === state.month) { state.day = options.day; }
  var timer = null;
  var api;

  function clamp(month) { return Math.max(0, Math.min(count - 1, Math.round(month))); }
  function moment() { return {month: state.month, day: state.day, playing: state.playing, speed: state.speed}; }
  function changed(cause) { onChange(moment(), cause); }
  function show(month, cause) {
    /* Show the end of a month; false when it is the one shown already. */
    var target = clamp(month);
    if (target === state.month && state.day === null) { return false; }
    state.month = target;
    state.day = null;
    changed(cause || 'step');
    return true;
  }
  function stopTimer() { if (timer !== null) { clearTimer(timer); timer = null; } }
  function pause() {
    if (!state.playing) { return false; }
    stopTimer();
    state.playing = false;
    changed('pause');
    return true;
  }
  function tick() {
    /* One month on (never more, whatever the speed); the last month pauses. */
    if (!state.playing) { return false; }
    if (state.month >= count - 1) { pause(); return false; }
    state.month += 1;
    state.day = null;
    changed('tick');
    if (state.month >= count - 1) { pause(); }
    return true;
  }
  function startTimer() { timer = setTimer(tick, 1000 / state.speed); }
  function play() {
    /* Play from the month shown (from the start when it is the last). */
    if (state.playing) { return false; }
    if (state.month >= count - 1) { state.month = 0; }
    state.day = null;
    state.playing = true;
    changed('play');
    startTimer();
    return true;
  }
  function nextChange(forward) {
    /* The day of the next (or previous) recorded change, after (before) the moment shown;
     * null when there is none. A month's end counts as its last day. */
    var here = state.day || lastDayOf(state.month);
    if (forward) {
      for (var i = 0; i < changeDays.length; i++) { if (changeDays[i] > here) { return changeDays[i]; } }
      return null;
    }
    for (var j = changeDays.length - 1; j >= 0; j--) {
      if (state.day ? changeDays[j] < here : changeDays[j] <= here) { return changeDays[j]; }
    }
    return null;
  }
  function lastDayOf(month) {
    var year = 1988 + Math.floor(month / 12), m = month % 12 + 1;
    var last = new Date(Date.UTC(year, m, 0)).getUTCDate();
    return year + '-' + (m < 10 ? '0' : '') + m + '-' + last;
  }
  function showDay(day, cause) {
    var month = monthOfDay(day);
    if (month === null || month < 0 || month >= count) { return false; }
    if (state.month === month && state.day === day) { return false; }
    pauseQuietly();
    state.month = month;
    state.day = day;
    changed(cause || 'jump');
    return true;
  }
  function pauseQuietly() { stopTimer(); state.playing = false; }

  return {
    moment: moment,
    step: function (months) { pauseQuietly(); return show(state.month + months, 'step'); },
    first: function () { pauseQuietly(); return show(0, 'step'); },
    last: function () { pauseQuietly(); return show(count - 1, 'step'); },
    key: function (event) {
      /* A key pressed on the slider or the map; true when it moved the time. */
      var step = keyStep(event);
      if (step === null) { return false; }
      if (step === 'first') { return this.first(); }
      if (step === 'last') { return this.last(); }
      return this.step(step);
    },
    seek: function (month) { pauseQuietly(); return show(month, 'step'); },
    showDay: showDay,
    jumpToChange: function (forward) {
      var day = nextChange(forward);
      return day === null ? false : showDay(day, 'jump');
    },
    nextChange: nextChange,
    play: play,
    pause: pause,
    toggle: function () { return state.playing ? pause() : play(); },
    tick: tick,
    setSpeed: function (speed) {
      if (speeds.indexOf(speed) < 0 || speed === state.speed) { return false; }
      state.speed = speed;
      if (state.playing) { stopTimer(); startTimer(); }
      changed('speed');
      return true;
    },
    fromServer: function (month, day) {
      /* The page moved the time (a chapter of the tour, an event chosen, a link): show it
       * without telling the page again; playback stops. */
      pauseQuietly();
      state.month = clamp(month);
      state.day = day && monthOfDay(day) === state.month ? day : null;
      changed('server');
    },
    setChangeDays: function (days) {
      /* The days Previous/Next change move between (of the selected province, else of any). */
      changeDays = (days || []).slice().sort();
    },
    destroy: function () { pauseQuietly(); }
  };
}

if (typeof module !== 'undefined' && module.exports) {
  module.exports = {createTimeController: createTimeController, keyStep: keyStep, monthOfDay: monthOfDay};
}
