// When the map reports to the page (atlas_view/static/atlas-report.js): headless, a fake clock.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const {createReportPacer, atlasAnswerIn} = require('../../atlas_view/static/atlas-report.js');
const ANSWER = 'data-atlas-answers-report';  // atlas_view/contract.py, ANSWER_ATTRIBUTE

function pacer(patience = 1500) {
  const clock = {timers: new Map(), next: 1, now: 0};
  const sent = [];
  let seq = 0;
  const instance = createReportPacer({
    patience,
    send: (click) => { seq += 1; sent.push({seq, click, at: clock.now}); return seq; },
    setTimeout: (fn, ms) => { const id = clock.next++; clock.timers.set(id, {fn, due: clock.now + ms}); return id; },
    clearTimeout: (id) => { clock.timers.delete(id); },
  });
  clock.advance = (ms) => {
    const end = clock.now + ms;
    for (;;) {
      const due = [...clock.timers.entries()].filter(([, t]) => t.due <= end).sort((a, b) => a[1].due - b[1].due)[0];
      if (!due) { break; }
      clock.timers.delete(due[0]);
      clock.now = due[1].due;
      due[1].fn();
    }
    clock.now = end;
  };
  return {instance, sent, clock};
}

test('a step is reported at once when nothing awaits an answer', () => {
  const {instance, sent} = pacer();
  instance.step();
  assert.equal(sent.length, 1);
  instance.answered(1);
  instance.step();  // the next step, answered or not in between, at any pace: at once
  assert.equal(sent.length, 2);
});

test('steps made while an answer is awaited go as one report when it comes', () => {
  const {instance, sent} = pacer();
  instance.step();
  instance.step(); instance.step(); instance.step();
  assert.equal(sent.length, 1);
  assert.equal(instance.waiting(), true);
  instance.answered(1);
  assert.equal(sent.length, 2);  // one report for the three steps: where the map is now
  assert.equal(instance.waiting(), false);
  instance.answered(2);
  assert.equal(sent.length, 2);  // nothing left to say
});

test('an answer to an older report does not release a newer one', () => {
  const {instance, sent} = pacer();
  instance.now(null);  // seq 1
  instance.now(null);  // seq 2, in flight
  instance.step();
  instance.answered(1);
  assert.equal(sent.length, 2);
  instance.answered(2);
  assert.equal(sent.length, 3);
});

test('a lost answer is waited for `patience` at most', () => {
  const {instance, sent, clock} = pacer(1500);
  instance.step();
  instance.step();
  clock.advance(1499);
  assert.equal(sent.length, 1);
  clock.advance(1);
  assert.equal(sent.length, 2);
  assert.equal(sent[1].at, 1500);
});

test('Play, Pause and clicks go at once, and carry their click', () => {
  const {instance, sent} = pacer();
  instance.step();
  instance.now({kind: 'province', id: 'AF-BAL'});
  assert.deepEqual(sent.map(s => s.click), [null, {kind: 'province', id: 'AF-BAL'}]);
  instance.step();
  assert.equal(sent.length, 2);  // waits for the answer to the click's report
  instance.answered(2);
  assert.equal(sent.length, 3);
});

test('with no channel to the page nothing waits', () => {
  const instance = createReportPacer({patience: 1000, send: () => undefined,
                                      setTimeout: () => { throw new Error('no timer expected'); }, clearTimeout: () => {}});
  instance.step();
  instance.step();
  assert.equal(instance.waiting(), false);
});

test("the page's answer is read from the figure's HTML as the render event hands it over", () => {
  // as atlas_view.webmap.with_answer writes it, after folium's own markup
  const html = '<div id="other"></div>\n<template data-atlas-answers-report="17"></template>';
  assert.equal(atlasAnswerIn(html, ANSWER), 17);
  assert.equal(atlasAnswerIn('<template data-atlas-answers-report="-1"></template>', ANSWER), -1);  // nothing answered yet
});

test('no answer is read from HTML without one, another attribute or what is not HTML', () => {
  assert.equal(atlasAnswerIn('<div></div>', ANSWER), null);
  assert.equal(atlasAnswerIn('<template data-atlas-answers-report="x17"></template>', ANSWER), null);
  assert.equal(atlasAnswerIn('<template data-other="17"></template>', ANSWER), null);
  assert.equal(atlasAnswerIn(undefined, ANSWER), null);
  assert.equal(atlasAnswerIn({html: 17}, ANSWER), null);
  // the attribute's name comes from the contract; one that is not a plain name is not searched for
  assert.equal(atlasAnswerIn('<template a.*="3"></template>', 'a.*'), null);
});
