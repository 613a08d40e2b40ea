// The map's time controller (atlas_view/static/atlas-time.js), headless: no browser, a fake clock.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const {createTimeController, keyStep, monthOfDay} = require('../../atlas_view/static/atlas-time.js');

function fakeClock() {
  const clock = {timers: new Map(), next: 1, now: 0};
  clock.setInterval = (fn, ms) => { const id = clock.next++; clock.timers.set(id, {fn, ms, due: clock.now + ms}); return id; };
  clock.clearInterval = (id) => { clock.timers.delete(id); };
  clock.advance = (ms) => {  // run every tick due within ms, in order; returns how many ran
    let ran = 0;
    const end = clock.now + ms;
    for (;;) {
      const due = [...clock.timers.entries()].filter(([, t]) => t.due <= end).sort((a, b) => a[1].due - b[1].due)[0];
      if (!due) { break; }
      const [id, timer] = due;
      clock.now = timer.due;
      timer.due += timer.ms;
      timer.fn();
      ran += 1;
      if (!clock.timers.has(id)) { continue; }
    }
    clock.now = end;
    return ran;
  };
  return clock;
}

function controller(options = {}) {
  const clock = fakeClock();
  const changes = [];
  const time = createTimeController(Object.assign({count: 408, month: 112, speed: 6, speeds: [1, 3, 6, 12],
    onChange: (moment, cause) => changes.push([moment, cause]), setInterval: clock.setInterval,
    clearInterval: clock.clearInterval}, options));
  return {time, clock, changes};
}

test('a step moves one month and says so', () => {
  const {time, changes} = controller();
  assert.equal(time.step(1), true);
  assert.equal(time.moment().month, 113);
  assert.deepEqual(changes.map(c => c[1]), ['step']);
});

test('the first and the last month clamp the steps', () => {
  const {time} = controller({month: 0});
  assert.equal(time.step(-1), false);
  assert.equal(time.moment().month, 0);
  time.seek(407);
  assert.equal(time.step(12), false);
  assert.equal(time.moment().month, 407);
  assert.equal(time.step(-12), true);
  assert.equal(time.moment().month, 395);
});

test('keys follow the ARIA slider pattern: arrows a month, Page Up/Down a year, Home/End the ends', () => {
  assert.equal(keyStep({key: 'ArrowRight'}), 1);
  assert.equal(keyStep({key: 'ArrowLeft'}), -1);
  assert.equal(keyStep({key: 'ArrowUp'}), 1);
  assert.equal(keyStep({key: 'PageUp'}), 12);
  assert.equal(keyStep({key: 'PageDown'}), -12);
  assert.equal(keyStep({key: 'Home'}), 'first');
  assert.equal(keyStep({key: 'End'}), 'last');
  assert.equal(keyStep({key: 'a'}), null);
});

test('Shift+arrows step a year, Alt+arrows a month', () => {
  assert.equal(keyStep({key: 'ArrowRight', shiftKey: true}), 12);
  assert.equal(keyStep({key: 'ArrowLeft', shiftKey: true}), -12);
  assert.equal(keyStep({key: 'ArrowLeft', altKey: true}), -1);
});

test('ten Page Up presses move exactly ten years', () => {
  const {time} = controller({month: 5 * 12 + 5});  // June 1993
  for (let i = 0; i < 10; i++) { assert.equal(time.key({key: 'PageUp'}), true); }
  assert.equal(time.moment().month, 15 * 12 + 5);  // June 2003
});

test('Home and End go to the ends of the axis', () => {
  const {time} = controller();
  time.key({key: 'End'});
  assert.equal(time.moment().month, 407);
  time.key({key: 'Home'});
  assert.equal(time.moment().month, 0);
  assert.equal(time.key({key: 'Tab'}), false);
});

test('playback advances one month a tick, at the chosen speed, none skipped', () => {
  const {time, clock, changes} = controller({speed: 12});
  time.play();
  assert.equal(time.moment().playing, true);
  const ticks = clock.advance(1001);  // 12 ticks of 1000/12 ms
  assert.equal(ticks, 12);
  assert.equal(time.moment().month, 124);
  const months = changes.filter(c => c[1] === 'tick').map(c => c[0].month);
  assert.deepEqual(months, Array.from({length: 12}, (_, i) => 113 + i));
});

test('pause stops the clock where the map is and says so once', () => {
  const {time, clock, changes} = controller({speed: 3});
  time.play();
  clock.advance(1000);
  assert.equal(time.pause(), true);
  assert.equal(time.pause(), false);
  assert.equal(clock.advance(5000), 0);
  assert.equal(time.moment().month, 115);
  assert.equal(changes.filter(c => c[1] === 'pause').length, 1);
  assert.equal(changes.at(-1)[0].playing, false);
});

test('playback stops at the last month, and Play from there starts again at the first', () => {
  const {time, clock} = controller({month: 405, speed: 1});
  time.play();
  clock.advance(5000);
  assert.equal(time.moment().month, 407);
  assert.equal(time.moment().playing, false);
  time.play();
  assert.equal(time.moment().month, 0);
});

test('a speed is one of the offered speeds; changing it while playing keeps playing at the new rate', () => {
  const {time, clock} = controller({speed: 1});
  assert.equal(time.setSpeed(5), false);
  time.play();
  assert.equal(time.setSpeed(12), true);
  assert.equal(clock.advance(500), 6);
  assert.equal(time.moment().speed, 12);
});

test('a step, a seek or a key while playing pauses the playback', () => {
  const {time, clock} = controller();
  time.play();
  time.step(1);
  assert.equal(time.moment().playing, false);
  assert.equal(clock.advance(2000), 0);
});

test('next and previous change jump to the exact day of a recorded change', () => {
  const {time, changes} = controller();
  time.setChangeDays(['1997-05-24', '1997-05-28', '1998-08-08', '1992-03-19']);
  time.seek(112);  // May 1997, its end
  assert.equal(time.jumpToChange(true), true);
  assert.deepEqual([time.moment().month, time.moment().day], [127, '1998-08-08']);
  assert.equal(changes.at(-1)[1], 'jump');
  time.jumpToChange(false);
  assert.equal(time.moment().day, '1997-05-28');  // the end of May 1997 included
  time.jumpToChange(false);
  assert.equal(time.moment().day, '1997-05-24');
  time.jumpToChange(false);
  assert.equal(time.moment().day, '1992-03-19');
  assert.equal(time.jumpToChange(false), false);
});

test('the page can move the time without the map reporting it back', () => {
  const {time, changes} = controller();
  time.play();
  time.fromServer(127, '1998-08-08');
  assert.deepEqual(time.moment(), {month: 127, day: '1998-08-08', playing: false, speed: 6});
  assert.equal(changes.at(-1)[1], 'server');
  time.fromServer(130, '1998-08-08');  // a day of another month is not kept
  assert.equal(time.moment().day, null);
});

test('the month of a day', () => {
  assert.equal(monthOfDay('1988-01-31'), 0);
  assert.equal(monthOfDay('1997-05-26'), 112);
  assert.equal(monthOfDay('2021-12-01'), 407);
  assert.equal(monthOfDay('1997-05'), null);
  assert.equal(monthOfDay('<script>'), null);
});

test('a step from a day goes to the end of the next month', () => {
  const {time} = controller();
  time.showDay('1997-05-26');
  time.step(1);
  assert.deepEqual([time.moment().month, time.moment().day], [113, null]);
});
