// The reference layer's rule for names (atlasPlaceLabels in atlas-map.js): in rank order, a name
// that would overlap one already shown is hidden, so no two names shown overlap and a better-ranked
// name always wins.
'use strict';
const test = require('node:test');
const assert = require('node:assert/strict');
const {atlasPlaceLabels, atlasRectsOverlap} = require('../../atlas_view/static/atlas-map.js');

const box = (id, rank, left, top, width = 40, height = 12) => ({id, rank, left, top, width, height});

test('boxes overlap when they come closer than the gap', () => {
  assert.equal(atlasRectsOverlap(box('a', 1, 0, 0), box('b', 2, 41, 0)), false);
  assert.equal(atlasRectsOverlap(box('a', 1, 0, 0), box('b', 2, 41, 0), 2), true);
  assert.equal(atlasRectsOverlap(box('a', 1, 0, 0), box('b', 2, 10, 13)), false);
  assert.equal(atlasRectsOverlap(box('a', 1, 0, 0), box('b', 2, 10, 11)), true);
});

test('a name overlapping a better-ranked one is hidden, whatever the order given', () => {
  const kabul = box('kabul', 1, 100, 100), charikar = box('charikar', 22, 120, 105), ghazni = box('ghazni', 16, 100, 300);
  assert.deepEqual(atlasPlaceLabels([charikar, ghazni, kabul], 2), ['kabul', 'ghazni']);
  assert.deepEqual(atlasPlaceLabels([kabul, charikar], 2), ['kabul']);
  assert.deepEqual(atlasPlaceLabels([charikar], 2), ['charikar']);  // alone, it fits
});

test('a name hidden does not hide others: only names shown take room', () => {
  const a = box('a', 1, 0, 0), b = box('b', 2, 30, 0), c = box('c', 3, 60, 0);
  // b overlaps a and is hidden; c overlaps only b, so c is shown
  assert.deepEqual(atlasPlaceLabels([a, b, c], 2), ['a', 'c']);
});

test('no two names shown overlap, for many names in a small frame', () => {
  const names = [];
  for (let i = 0; i < 200; i += 1) {
    names.push(box('n' + i, (i * 37) % 200, (i * 53) % 300, (i * 29) % 200, 30 + (i % 5) * 10, 12));
  }
  const shown = atlasPlaceLabels(names, 2);
  const byId = Object.fromEntries(names.map((n) => [n.id, n]));
  assert.ok(shown.length > 10 && shown.length < 200);
  for (let i = 0; i < shown.length; i += 1) {
    for (let j = i + 1; j < shown.length; j += 1) {
      assert.equal(atlasRectsOverlap(byId[shown[i]], byId[shown[j]], 2), false, shown[i] + ' / ' + shown[j]);
    }
  }
  // every hidden name overlaps a better-ranked name that is shown
  names.filter((n) => !shown.includes(n.id)).forEach((n) => {
    assert.ok(shown.some((id) => byId[id].rank < n.rank && atlasRectsOverlap(byId[id], n, 2)), n.id);
  });
});

test('ties in rank go by id; a name not laid out (no size) is not shown', () => {
  assert.deepEqual(atlasPlaceLabels([box('b', 5, 0, 0), box('a', 5, 10, 0)], 2), ['a']);
  assert.deepEqual(atlasPlaceLabels([box('a', 1, 0, 0, 0, 0), box('b', 2, 0, 0)], 2), ['b']);
});
