// The reference layer's rule for names (atlasPlaceLabels in atlas-map.js): in rank order, each name
// takes the first of its places that overlaps no name already shown, or is hidden; so no two names
// shown overlap and a better-ranked name always wins.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const {atlasPlaceLabels, atlasRectsOverlap} = require('../../atlas_view/static/atlas-map.js');

const rect = (left, top, width = 40, height = 12) => ({left, top, width, height});
const name = (id, rank, ...boxes) => ({id, rank, boxes});
const ids = (shown) => shown.map((choice) => choice.id);

test('boxes overlap when they come closer than the gap', () => {
  assert.equal(atlasRectsOverlap(rect(0, 0), rect(41, 0)), false);
  assert.equal(atlasRectsOverlap(rect(0, 0), rect(41, 0), 2), true);
  assert.equal(atlasRectsOverlap(rect(0, 0), rect(10, 13)), false);
  assert.equal(atlasRectsOverlap(rect(0, 0), rect(10, 11)), true);
});

test('a name overlapping a better-ranked one is hidden, whatever the order given', () => {
  const kabul = name('kabul', 1, rect(100, 100)), charikar = name('charikar', 22, rect(120, 105));
  const ghazni = name('ghazni', 16, rect(100, 300));
  assert.deepEqual(ids(atlasPlaceLabels([charikar, ghazni, kabul], 2)), ['kabul', 'ghazni']);
  assert.deepEqual(ids(atlasPlaceLabels([kabul, charikar], 2)), ['kabul']);
  assert.deepEqual(ids(atlasPlaceLabels([charikar], 2)), ['charikar']);  // alone, it fits
});

test('a name whose first place is taken takes its next free one', () => {
  // Sheberghan's name right of its dot would run into Mazar-e Sharif's: it goes left of its dot
  const mazar = name('mazar', 2, rect(100, 100, 90), rect(14, 100, 90));
  const sheberghan = name('sheberghan', 3, rect(40, 102, 75), rect(-31, 102, 75));
  assert.deepEqual(atlasPlaceLabels([sheberghan, mazar], 2), [{id: 'mazar', box: 0}, {id: 'sheberghan', box: 1}]);
  // with both places taken it is hidden
  const other = name('other', 1, rect(-40, 95, 70));
  assert.deepEqual(atlasPlaceLabels([sheberghan, mazar, other], 2), [{id: 'other', box: 0}, {id: 'mazar', box: 0}]);
});

test('a name hidden does not hide others: only names shown take room', () => {
  const a = name('a', 1, rect(0, 0)), b = name('b', 2, rect(30, 0)), c = name('c', 3, rect(60, 0));
  assert.deepEqual(ids(atlasPlaceLabels([a, b, c], 2)), ['a', 'c']);  // b overlaps a; c overlaps only b
});

test('no two names shown overlap, for many names in a small frame', () => {
  const names = [];
  for (let i = 0; i < 200; i += 1) {
    const width = 30 + (i % 5) * 10, x = (i * 53) % 300, y = (i * 29) % 200;
    names.push(name('n' + i, (i * 37) % 200, rect(x, y, width), rect(x - width, y, width)));
  }
  const shown = atlasPlaceLabels(names, 2);
  const byId = Object.fromEntries(names.map((n) => [n.id, n]));
  const boxOf = (choice) => byId[choice.id].boxes[choice.box];
  assert.ok(shown.length > 10 && shown.length < 200);
  for (let i = 0; i < shown.length; i += 1) {
    for (let j = i + 1; j < shown.length; j += 1) {
      assert.equal(atlasRectsOverlap(boxOf(shown[i]), boxOf(shown[j]), 2), false, shown[i].id + ' / ' + shown[j].id);
    }
  }
  // every hidden name has each of its places overlapping a better-ranked name that is shown
  names.filter((n) => !ids(shown).includes(n.id)).forEach((n) => {
    n.boxes.forEach((box) => {
      assert.ok(shown.some((choice) => byId[choice.id].rank < n.rank && atlasRectsOverlap(boxOf(choice), box, 2)), n.id);
    });
  });
});

test('ties in rank go by id; a name not laid out (no size) is not shown', () => {
  assert.deepEqual(ids(atlasPlaceLabels([name('b', 5, rect(0, 0)), name('a', 5, rect(10, 0))], 2)), ['a']);
  assert.deepEqual(ids(atlasPlaceLabels([name('a', 1, rect(0, 0, 0, 0)), name('b', 2, rect(0, 0))], 2)), ['b']);
});

test('given the frame, a name is shown only where it lies wholly inside it', () => {
  const {atlasBoxInside} = require('../../atlas_view/static/atlas-map.js');
  const frame = {width: 300, height: 200};
  assert.equal(atlasBoxInside(rect(0, 0), frame), true);
  assert.equal(atlasBoxInside(rect(0, 0), frame, 2), false);  // within the margin of the edge
  assert.equal(atlasBoxInside(rect(261, 188), frame), false);
  // a name with no place inside the frame is hidden, and takes no room
  const offEdge = name('off', 1, rect(280, 50, 40)), inside = name('in', 2, rect(250, 50, 30));
  assert.deepEqual(ids(atlasPlaceLabels([offEdge, inside], 2, frame)), ['in']);
  assert.deepEqual(ids(atlasPlaceLabels([offEdge, inside], 2)), ['off']);  // no frame: as before
});

test('a country cut by the edge slides in where nothing else is, never displacing a name', () => {
  const frame = {width: 300, height: 200};
  const uzbekistan = {id: 'uzbekistan', rank: 1, boxes: [rect(-30, 20, 80)], fallback: [rect(2, 20, 80)]};
  assert.deepEqual(atlasPlaceLabels([uzbekistan], 2, frame), [{id: 'uzbekistan', box: 1}]);
  // a name ranked after it that stands where it would slide keeps its place
  const sheberghan = name('sheberghan', 5, rect(10, 22, 60));
  assert.deepEqual(atlasPlaceLabels([uzbekistan, sheberghan], 2, frame), [{id: 'sheberghan', box: 0}]);
  const elsewhere = name('elsewhere', 5, rect(10, 120, 60));
  assert.deepEqual(atlasPlaceLabels([uzbekistan, elsewhere], 2, frame),
                   [{id: 'elsewhere', box: 0}, {id: 'uzbekistan', box: 1}]);
});
